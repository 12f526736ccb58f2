"""The holders' own declarations of jobs and turnover (from the portal, when the agency
asks) and their confirmation by the agency: a declaration counts in the enterprise's jobs
only once an officer managing the enterprise, or its current mentor, confirmed it."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rowad.accounts.enums import Role
from rowad.accounts.scope import scope_for
from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user
from rowad.core.inputs import is_ascii_integer
from rowad.dossiers.models import DossierHolder

from ..enums import ErrorCode, TurnoverBand
from ..models import Enterprise, EnterpriseMember, JobsDeclaration
from .common import _check_open, _date, _error, _lock, _not_allowed, _require_accompanier
from .observations import refresh_jobs

COUNT_FIELDS = ("permanent_men", "permanent_women", "seasonal_men", "seasonal_women")
# More jobs than this in a micro-enterprise is a typing mistake, not a count.
MAX_JOBS = 10_000


def _declarant(actor: Any, enterprise: Enterprise) -> int:
    """The person declaring: a project holder who owns the enterprise today or holds its
    dossier (the person behind the actor's account)."""
    scope = scope_for(actor)
    person_id = scope.person_id
    if person_id is None or not scope.has_role(Role.PROJECT_HOLDER):
        raise _not_allowed(_("Only the enterprise's holders declare its jobs."))
    owner = EnterpriseMember.objects.filter(
        enterprise_id=enterprise.pk, person_id=person_id, left_on__isnull=True
    ).exists()
    if (
        not owner
        and not DossierHolder.objects.filter(dossier_id=enterprise.dossier_id, person_id=person_id).exists()
    ):
        raise _not_allowed(_("Only the enterprise's holders declare its jobs."))
    return person_id


def _count(value: Any, field: str) -> int:
    if value in (None, ""):
        return 0
    if isinstance(value, bool):
        value = None
    elif isinstance(value, str):
        value = value.strip()
        value = int(value) if is_ascii_integer(value, signed=True) else None
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int):
        raise _error(_("Enter a whole number of jobs."), ErrorCode.INVALID, field)
    if value < 0:
        raise _error(_("A number of jobs cannot be negative."), ErrorCode.INVALID, field)
    if value > MAX_JOBS:
        raise _error(
            _("At most %(max)s jobs: check the number.") % {"max": f"{MAX_JOBS}"}, ErrorCode.INVALID, field
        )
    return value


def _uuid(value: Any) -> uuid.UUID | None:
    if value in (None, ""):
        return None
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value).strip())
    except ValueError as exc:
        raise _error(_("This form is damaged: reload the page."), ErrorCode.INVALID, "client_uuid") from exc


def _stored(client_uuid: uuid.UUID | None, enterprise: Enterprise) -> JobsDeclaration | None:
    """The declaration already recorded with this client key (a second submit)."""
    if client_uuid is None:
        return None
    done = JobsDeclaration.objects.filter(client_uuid=client_uuid).first()
    if done is not None and done.enterprise_id != enterprise.pk:
        raise _error(
            _("This submission was already recorded for another enterprise."),
            ErrorCode.INVALID,
            "client_uuid",
            status_code=409,
        )
    return done


def declare_jobs(
    enterprise: Enterprise,
    *,
    actor: Any,
    declared_on: datetime.date | str | None = None,
    permanent_men: Any = 0,
    permanent_women: Any = 0,
    seasonal_men: Any = 0,
    seasonal_women: Any = 0,
    turnover_band: str = "",
    client_uuid: uuid.UUID | str | None = None,
) -> JobsDeclaration:
    """A holder declares the enterprise's jobs (by sex, permanent and seasonal) and its
    turnover band on `declared_on` (default today, never in the future nor before the
    enterprise's creation). It waits for an officer's or the mentor's confirmation. The
    same `client_uuid` sent again returns the declaration it recorded."""
    person_id = _declarant(actor, enterprise)
    values = {
        "permanent_men": permanent_men,
        "permanent_women": permanent_women,
        "seasonal_men": seasonal_men,
        "seasonal_women": seasonal_women,
    }
    counts = {field: _count(values[field], field) for field in COUNT_FIELDS}
    band = (turnover_band or "").strip()
    if band and band not in TurnoverBand.values:
        raise _error(_("Choose a turnover band from the list."), ErrorCode.INVALID, "turnover_band")
    key = _uuid(client_uuid)
    day = (
        timezone.localdate()
        if declared_on in (None, "")
        else _date(declared_on, "declared_on", _("Declaration date"))
    )
    try:
        with transaction.atomic():
            locked = _lock(enterprise)
            done = _stored(key, locked)
            if done is not None:
                return done
            _check_open(locked)
            if day < locked.created_on:
                raise _error(
                    _("The declaration cannot be dated before the enterprise was created (%(date)s).")
                    % {"date": locked.created_on.isoformat()},
                    ErrorCode.BEFORE_CREATION,
                    "declared_on",
                )
            declaration = JobsDeclaration.objects.create(
                enterprise=locked,
                declared_on=day,
                declared_by_id=person_id,
                turnover_band=band,
                client_uuid=key,
                **counts,
            )
            record_action(
                "enterprises.declaration.recorded",
                declaration,
                actor=actor,
                enterprise=locked.reference,
                declared_on=day.isoformat(),
                jobs=declaration.total_jobs,
                turnover_band=band,
            )
            return declaration
    except IntegrityError:
        # Two submits with the same key raced past the check: the other one stored it.
        done = _stored(key, enterprise)
        if done is None:
            raise
        return done


def confirm_declaration(declaration: JobsDeclaration, *, actor: Any) -> JobsDeclaration:
    """An agency officer managing the enterprise, or its current mentor, confirms a
    holder's declaration (once): it then counts as the enterprise's observed jobs."""
    with transaction.atomic():
        locked = _lock(declaration.enterprise)
        _require_accompanier(actor, locked)
        row = JobsDeclaration.objects.select_for_update().get(pk=declaration.pk)
        if row.confirmed_at is not None:
            raise _error(
                _("This declaration was already confirmed."), ErrorCode.ALREADY_CONFIRMED, status_code=409
            )
        row.confirmed_at = timezone.now()
        row.confirmed_by = acting_user(actor)
        row.save(update_fields=["confirmed_at", "confirmed_by"])
        refresh_jobs(locked)
        record_action(
            "enterprises.declaration.confirmed",
            row,
            actor=actor,
            enterprise=locked.reference,
            declared_on=row.declared_on.isoformat(),
            jobs=row.total_jobs,
        )
    declaration.confirmed_at, declaration.confirmed_by = row.confirmed_at, row.confirmed_by
    return row


def _ask_composer(enterprise: Enterprise):
    def compose(person: Any) -> tuple[str, str]:
        from ..reminders import enterprise_name

        values = {"enterprise": enterprise_name(enterprise)}
        subject = _("Your enterprise's jobs and turnover")
        body = (
            _(
                "Your agency asks you to update the jobs and the turnover of %(enterprise)s: "
                "open “My enterprise” on the portal and fill in the form."
            )
            % values
        )
        return subject, body

    return compose


def request_declaration(enterprise: Enterprise, *, actor: Any) -> int:
    """Ask the enterprise's current owners to declare its jobs and turnover on the portal
    (an officer managing it or its mentor). Each owner is told on the channels they have
    consented to, through the one messaging path; the portal shows the request until
    they declare. Asking twice on one day sends nothing more. Returns how many owners
    were sent a message."""
    from rowad.messaging import services as messaging
    from rowad.messaging.queries import topic_of

    from ..reminders import consented_channels

    day = timezone.localdate()
    with transaction.atomic():
        locked = _lock(enterprise)
        _require_accompanier(actor, locked)
        _check_open(locked)
        Enterprise.objects.filter(pk=locked.pk).update(declaration_requested_on=day)
        enterprise.declaration_requested_on = day
        sent = 0
        owners = EnterpriseMember.objects.filter(enterprise=locked, left_on__isnull=True).select_related(
            "person"
        )
        for member in owners:
            person = member.person
            channels = consented_channels(person) if person.merged_into_id is None else []
            if not channels:
                continue
            sent += bool(
                messaging.notify(
                    person,
                    channels=channels,
                    kind="enterprises.declaration.request",
                    compose=_ask_composer(locked),
                    idempotency_key=f"enterprises.declaration.request:{locked.pk}:{day.isoformat()}:{person.pk}",
                    actor=actor,
                    topic=topic_of(locked),
                )
            )
        record_action(
            "enterprises.declaration.requested", locked, actor=actor, asked_on=day.isoformat(), sent=sent
        )
    return sent


def declaration_awaited(enterprise: Enterprise) -> bool:
    """The agency asked for a declaration and none was made since."""
    asked = enterprise.declaration_requested_on
    return (
        asked is not None
        and not JobsDeclaration.objects.filter(enterprise=enterprise, declared_on__gte=asked).exists()
    )


__all__ = ["confirm_declaration", "declaration_awaited", "declare_jobs", "request_declaration"]
