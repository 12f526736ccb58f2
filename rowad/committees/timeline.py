"""What committees tell of a person's story (rowad.core.timeline): the decision letters
written to them that the reader sees (letters_visible_to)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from rowad.core.timeline import TimelineEvent

from .queries import letters_visible_to


def person_events(user: Any, person: Any) -> list[TimelineEvent]:
    return [
        TimelineEvent(
            when=letter.issued_at,
            kind="committees.letter",
            title=_("Decision letter %(reference)s") % {"reference": letter.reference},
            url=reverse("committees:decision_letter", args=[letter.pk]),
            detail=str(letter.dossier.reference),
        )
        for letter in letters_visible_to(user).filter(holder=person)
    ]
