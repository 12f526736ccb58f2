"""Editing a campaign, a phase or an event: the same rules as their creation, plus the
itinerary's rules against what already hangs on them (phases inside the campaign,
stops inside their phase and in its planned provinces), and the stale-edit check."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user, check_version

from ..enums import ErrorCode
from ..models import Campaign, Event, Phase, Stop
from .errors import OutreachError

CAMPAIGN_FIELDS = (
    "name_ar", "name_fr", "name_en", "code", "country", "lead_organization", "agreement", "programme",
    "starts_on", "ends_on", "description",
)  # fmt: skip
PHASE_FIELDS = ("number", "name_ar", "name_fr", "name_en", "starts_on", "ends_on", "description")
EVENT_FIELDS = (
    "kind", "title", "starts_on", "ends_on", "start_time", "province", "venue", "host_organization",
    "description", "attendance",
)  # fmt: skip


_actor_or_none = acting_user


def _check_stale(locked: Any, version: str | None, message: str) -> None:
    check_version(locked.updated_at, version, message)


def _dates_ordered(starts_on, ends_on) -> None:
    if ends_on and ends_on < starts_on:
        raise OutreachError(
            _("The end date is before the start date."), code=ErrorCode.DATES_REVERSED, field="ends_on"
        )


def _apply(locked: Any, fields: tuple[str, ...], data: dict[str, Any], actor: Any) -> list[str]:
    changed = [f for f in fields if f in data and getattr(locked, f) != data[f]]
    for name in changed:
        setattr(locked, name, data[name])
    locked._history_user = _actor_or_none(actor)
    if changed:
        locked.save()
    return changed


def _set_m2m(manager: Any, values: Iterable[Any] | None) -> bool:
    """Replace a many-to-many set; True when it changed."""
    if values is None:
        return False
    new = {v.pk for v in values}
    if new == set(manager.values_list("pk", flat=True)):
        return False
    manager.set(list(values))
    return True


def update_campaign(
    campaign: Campaign,
    *,
    data: dict[str, Any],
    actor: Any,
    version: str | None = None,
    organizations: Iterable[Any] | None = None,
) -> Campaign:
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        _check_stale(
            locked,
            version,
            _(
                "Someone else changed this campaign while you were editing. Review their changes and try again."
            ),
        )
        merged = {f: data.get(f, getattr(locked, f)) for f in CAMPAIGN_FIELDS}
        _dates_ordered(merged["starts_on"], merged["ends_on"])
        if Campaign.objects.filter(code=merged["code"]).exclude(pk=locked.pk).exists():
            raise OutreachError(
                _("This code is already used by another campaign."), code=ErrorCode.CODE_TAKEN, field="code"
            )
        if merged["country"] != locked.country and locked.stops.exists():
            raise OutreachError(
                _("The campaign already has stops in its country: its country cannot change."),
                code=ErrorCode.COUNTRY_HAS_STOPS,
                field="country",
            )
        outside = Q(starts_on__lt=merged["starts_on"])
        if merged["ends_on"]:
            outside |= Q(ends_on__gt=merged["ends_on"])
        phase = locked.phases.filter(outside).order_by("number").first()
        if phase is not None:
            raise OutreachError(
                _("Phase %(number)s (%(start)s – %(end)s) would fall outside the campaign's dates.")
                % {
                    "number": phase.number,
                    "start": phase.starts_on.isoformat(),
                    "end": phase.ends_on.isoformat(),
                },
                code=ErrorCode.PHASE_OUTSIDE_CAMPAIGN,
                field="starts_on",
            )
        changed = _apply(locked, CAMPAIGN_FIELDS, data, actor)
        if _set_m2m(locked.organizations, organizations):
            changed.append("organizations")
        record_action("outreach.campaign.updated", locked, actor=actor, fields=changed)
    return locked


def update_phase(
    phase: Phase,
    *,
    data: dict[str, Any],
    actor: Any,
    version: str | None = None,
    provinces: Iterable[Any] | None = None,
) -> Phase:
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=phase.campaign_id)
        locked = Phase.objects.select_for_update().get(pk=phase.pk)
        _check_stale(
            locked,
            version,
            _("Someone else changed this phase while you were editing. Review their changes and try again."),
        )
        merged = {f: data.get(f, getattr(locked, f)) for f in PHASE_FIELDS}
        _dates_ordered(merged["starts_on"], merged["ends_on"])
        if merged["starts_on"] < campaign.starts_on or (
            campaign.ends_on and merged["ends_on"] > campaign.ends_on
        ):
            raise OutreachError(
                _("The phase must fall within the campaign's dates."),
                code=ErrorCode.PHASE_OUTSIDE_CAMPAIGN,
                field="starts_on",
            )
        if Phase.objects.filter(campaign=campaign, number=merged["number"]).exclude(pk=locked.pk).exists():
            raise OutreachError(
                _("This campaign already has a phase with this number."),
                code=ErrorCode.PHASE_NUMBER_TAKEN,
                field="number",
            )
        stops = Stop.objects.filter(phase=locked, cancelled_at__isnull=True).select_related("province")
        for stop in stops:
            if stop.starts_on < merged["starts_on"] or stop.ends_on > merged["ends_on"]:
                raise OutreachError(
                    _("The stop in %(province)s (%(start)s – %(end)s) would fall outside the phase.")
                    % {
                        "province": stop.province.name,
                        "start": stop.starts_on.isoformat(),
                        "end": stop.ends_on.isoformat(),
                    },
                    code=ErrorCode.STOP_OUTSIDE_PHASE,
                    field="starts_on",
                )
        if provinces is not None:
            planned = {p.pk for p in provinces}
            unplanned = [s for s in stops if planned and s.province_id not in planned]
            if unplanned:
                raise OutreachError(
                    _("The phase has a stop in %(province)s: keep this province in the plan.")
                    % {"province": unplanned[0].province.name},
                    code=ErrorCode.PROVINCE_HAS_STOP,
                    field="provinces",
                )
        changed = _apply(locked, PHASE_FIELDS, data, actor)
        if _set_m2m(locked.provinces, provinces):
            changed.append("provinces")
        record_action("outreach.phase.updated", locked, actor=actor, fields=changed, campaign=campaign.pk)
    return locked


def update_event(
    event: Event,
    *,
    data: dict[str, Any],
    actor: Any,
    version: str | None = None,
    partners: Iterable[Any] | None = None,
    target_categories: Iterable[Any] | None = None,
) -> Event:
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        _check_stale(
            locked,
            version,
            _("Someone else changed this event while you were editing. Review their changes and try again."),
        )
        merged = {f: data.get(f, getattr(locked, f)) for f in EVENT_FIELDS}
        _dates_ordered(merged["starts_on"], merged["ends_on"])
        changed = _apply(locked, EVENT_FIELDS, data, actor)
        if _set_m2m(locked.partners, partners):
            changed.append("partners")
        if _set_m2m(locked.target_categories, target_categories):
            changed.append("target_categories")
        record_action("outreach.event.updated", locked, actor=actor, fields=changed)
    return locked
