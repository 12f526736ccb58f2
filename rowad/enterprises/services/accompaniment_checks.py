"""What the accompaniment services check before they write: the client key of a phone
form (and the row it already recorded), a session's topic and attendees, a visit's counts,
codes and date."""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django.utils.translation import gettext as _

from rowad.core.inputs import is_ascii_integer
from rowad.dossiers.models import Dossier, DossierHolder

from ..enums import ErrorCode
from ..models import Enterprise, SessionTopic
from ..queries import topics_for
from .common import _date, _error


def _stored(model: type, client_uuid: Any, **owner: Any) -> Any:
    """The row already recorded with this client key (None: none yet, or no key)."""
    if not client_uuid:
        return None
    done = model.objects.filter(client_uuid=client_uuid).first()
    if done is not None and any(getattr(done, f"{k}_id") != v.pk for k, v in owner.items()):
        raise _error(
            _("This form was already recorded for another enterprise or dossier."),
            ErrorCode.INVALID,
            status_code=409,
        )
    return done


def _uuid(value: Any) -> UUID | None:
    if value in (None, ""):
        return None
    try:
        return value if isinstance(value, UUID) else UUID(str(value))
    except ValueError as exc:
        raise _error(_("The form's key is not valid: reload the page."), ErrorCode.INVALID) from exc


def _topic(dossier: Dossier, topic: Any) -> SessionTopic:
    topics = topics_for(dossier.programme)
    pk = getattr(topic, "pk", topic)
    found = None
    if pk not in (None, ""):
        found = topics.filter(pk=pk).first() if is_ascii_integer(str(pk)) else topics.filter(code=pk).first()
    if found is None:
        raise _error(_("Choose a topic of the dossier's programme."), ErrorCode.INVALID, "topic")
    return found


def _attendees(dossier: Dossier, attendees: Any) -> list[int]:
    holders = set(DossierHolder.objects.filter(dossier=dossier).values_list("person_id", flat=True))
    ids: list[int] = []
    for person in attendees or ():
        try:
            pk = int(getattr(person, "pk", person))
        except (TypeError, ValueError):
            pk = None
        if pk not in holders:
            raise _error(
                _("Only the dossier's holders can be marked present."), ErrorCode.INVALID, "attendees"
            )
        ids.append(pk)
    return sorted(set(ids))


def _count(value: Any, field: str) -> int:
    try:
        number = int(str(value).strip() or 0) if value is not None else 0
    except ValueError:
        number = -1
    if number < 0 or number > 100_000:
        raise _error(_("Enter a number of jobs, zero or more."), ErrorCode.INVALID, field)
    return number


def _codes(values: Any, allowed: list[str], field: str) -> list[str]:
    codes = [str(v) for v in (values or ())]
    if any(code not in allowed for code in codes):
        raise _error(_("Choose from the list."), ErrorCode.INVALID, field)
    return [code for code in allowed if code in codes]


def _visit_date(enterprise: Enterprise, visited_on: Any) -> datetime.date:
    visited = _date(visited_on, "visited_on", _("Date of the visit"))
    if visited < enterprise.created_on:
        raise _error(
            _("A visit cannot take place before the enterprise was created (%(date)s).")
            % {"date": enterprise.created_on.isoformat()},
            ErrorCode.BEFORE_CREATION,
            "visited_on",
        )
    return visited
