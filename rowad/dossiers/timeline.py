"""What dossiers tell of a person's story (rowad.core.timeline): each state change of the
dossiers they hold that the reader sees (dossiers_visible_to), with the dossier's holders."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from rowad.core.timeline import TimelineEvent

from .models import DossierHolder, StateChange
from .queries import dossiers_visible_to


def holder_names(dossier: Any) -> str:
    """The holders of a prefetched dossier (`holder_links__person`), lead first."""
    links = sorted(dossier.holder_links.all(), key=lambda link: (not link.is_lead, link.pk))
    separator = "، " if translation.get_language_bidi() else ", "
    return separator.join(link.person.display_name for link in links)


def person_events(user: Any, person: Any) -> list[TimelineEvent]:
    dossiers = dossiers_visible_to(user).filter(holder_links__person=person).values("pk")
    changes = (
        StateChange.objects.filter(dossier__in=dossiers)
        .select_related("dossier")
        .prefetch_related(
            Prefetch("dossier__holder_links", queryset=DossierHolder.objects.select_related("person"))
        )
    )
    return [
        TimelineEvent(
            when=change.created_at,
            kind="dossiers.state",
            title=_("Dossier %(reference)s “%(title)s”: %(state)s")
            % {
                "reference": change.dossier.reference,
                "title": change.dossier.title,
                "state": change.get_to_state_display(),
            },
            url=reverse("dossiers:dossier_detail", args=[change.dossier_id]),
            detail=_("Holders: %(names)s") % {"names": holder_names(change.dossier)},
        )
        for change in changes
    ]
