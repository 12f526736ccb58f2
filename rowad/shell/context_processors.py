from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from rowad.accounts.scope import scope_for

from .navigation import MENU


def navigation(request: HttpRequest) -> dict:
    scope = scope_for(getattr(request, "user", None))
    items = []
    for item in MENU:
        if not scope.has_role(*item.roles):
            continue
        url = reverse(item.url_name)  # every area is installed: a wrong name is an error
        items.append({"label": item.label, "url": url, "section": item.section, "active": False})
    # Only the most specific section is active: /people/duplicates/ is not also "People".
    matching = [i for i in items if request.path.startswith(i["section"])]
    if matching:
        max(matching, key=lambda i: len(i["section"]))["active"] = True
    return {"nav_items": items, "scope": scope}
