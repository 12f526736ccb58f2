"""A person's registrations at stops and events, for the duplicate review (people's pair
page, a lower app's page: handed over in OutreachConfig.ready through core.sections)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Registration
from .queries import registrations_visible_to

LISTED = 5


def duplicate_pair_section(user: Any, person: Any) -> dict[str, Any]:
    """The person's registrations the reader may read (a count and links to the stops and
    events of the latest), and how many others a merge would move too, without saying which."""
    visible = registrations_visible_to(user).filter(person=person)
    count = visible.count()
    items = []
    for registration in visible.order_by("-pk")[:LISTED]:
        kind, place = ("stop", registration.stop) if registration.stop_id else ("event", registration.event)
        items.append((str(place), reverse("outreach:registrations", args=[kind, place.pk])))
    return {
        "template": "people/_person_records.html",
        "key": "registrations",
        "title": _("Registrations"),
        "count": count,
        "others": Registration.objects.filter(person=person).count() - count,
        "items": items,
    }
