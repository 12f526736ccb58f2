from __future__ import annotations

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from rowad.accounts.scope import scope_for

from .navigation import MENU


def navigation(request: HttpRequest) -> dict:
    scope = scope_for(getattr(request, "user", None))
    items = []
    for item in MENU:
        if not scope.has_role(*item.roles):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": item.label, "url": url, "active": request.path.startswith(item.section)})
    return {"nav_items": items, "scope": scope}
