"""The dossiers a person holds, for the duplicate review (people's pair page, a lower
app's page: handed over in DossiersConfig.ready through core.sections)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from .models import DossierHolder
from .queries import dossiers_visible_to

LISTED = 5


def duplicate_pair_section(user: Any, person: Any) -> dict[str, Any]:
    """The dossiers the person holds that the reader may read (a count and links to the
    latest), and how many others a merge would move too, without saying which."""
    held = DossierHolder.objects.filter(person=person).values("dossier_id")
    visible = dossiers_visible_to(user).filter(pk__in=held)
    count = visible.count()
    return {
        "template": "people/_person_records.html",
        "key": "dossiers",
        "title": _("Dossiers"),
        "count": count,
        "others": held.count() - count,
        "items": [
            (str(d), reverse("dossiers:dossier_detail", args=[d.pk]))
            for d in visible.order_by("-pk")[:LISTED]
        ],
    }
