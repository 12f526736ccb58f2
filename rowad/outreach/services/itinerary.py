"""Campaigns, phases, stops and events: creation with the itinerary's rules."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user, check_version

from ..enums import ErrorCode
from ..models import AgendaItem, Campaign, Event, Phase, Stop
from .errors import OutreachError

_actor_or_none = acting_user


def _check_reach(actor: Any, obj: Campaign | Stop | Event) -> None:
    """A staff write must leave the object where the actor's managing membership reaches
    it (writes are scoped like reads): a campaign led by or partnered with its
    organization, a stop or an event in its provinces or of its organization. Called after
    the save, inside the transaction, so a refused write leaves nothing behind."""
    from rowad.accounts.scope import scope_for

    from ..rules import MANAGERS, reaches

    scope = scope_for(actor)
    if actor is None or scope.is_platform_admin or not scope.is_staff_user:
        return
    if not reaches(actor, obj, MANAGERS):
        raise OutreachError(
            _("None of your memberships allowed to manage outreach covers this place or organization."),
            code=ErrorCode.OUT_OF_SCOPE,
            status_code=403,
        )


def create_campaign(*, data: dict[str, Any], actor: Any, organizations: Iterable[Any] = ()) -> Campaign:
    if data.get("ends_on") and data["ends_on"] < data["starts_on"]:
        raise OutreachError(
            _("The end date is before the start date."), code=ErrorCode.DATES_REVERSED, field="ends_on"
        )
    if Campaign.objects.filter(code=data["code"]).exists():
        raise OutreachError(
            _("This code is already used by another campaign."), code=ErrorCode.CODE_TAKEN, field="code"
        )
    with transaction.atomic():
        campaign = Campaign(**data)
        campaign._history_user = _actor_or_none(actor)
        campaign.save()
        campaign.organizations.set(organizations)
        _check_reach(actor, campaign)
        record_action("outreach.campaign.created", campaign, actor=actor)
    return campaign


def create_phase(
    campaign: Campaign, *, data: dict[str, Any], actor: Any, provinces: Iterable[Any] = ()
) -> Phase:
    if data["ends_on"] < data["starts_on"]:
        raise OutreachError(
            _("The end date is before the start date."), code=ErrorCode.DATES_REVERSED, field="ends_on"
        )
    if data["starts_on"] < campaign.starts_on or (campaign.ends_on and data["ends_on"] > campaign.ends_on):
        raise OutreachError(
            _("The phase must fall within the campaign's dates."),
            code=ErrorCode.PHASE_OUTSIDE_CAMPAIGN,
            field="starts_on",
        )
    with transaction.atomic():
        Campaign.objects.select_for_update().get(pk=campaign.pk)
        if Phase.objects.filter(campaign=campaign, number=data["number"]).exists():
            raise OutreachError(
                _("This campaign already has a phase with this number."),
                code=ErrorCode.PHASE_NUMBER_TAKEN,
                field="number",
            )
        phase = Phase(campaign=campaign, **data)
        phase._history_user = _actor_or_none(actor)
        phase.save()
        phase.provinces.set(provinces)
        record_action("outreach.phase.created", phase, actor=actor, campaign=campaign.pk)
    return phase


def validate_stop(
    phase: Phase, *, province: Any, starts_on: date, ends_on: date, exclude_pk: int | None = None
) -> None:
    """The itinerary's rules: dates ordered and inside the phase, the province planned for
    the phase, and no two stops of a campaign on the same days."""
    if ends_on < starts_on:
        raise OutreachError(
            _("The end date is before the start date."), code=ErrorCode.DATES_REVERSED, field="ends_on"
        )
    if starts_on < phase.starts_on or ends_on > phase.ends_on:
        raise OutreachError(
            _("The stop must fall within its phase (%(start)s – %(end)s).")
            % {"start": phase.starts_on.isoformat(), "end": phase.ends_on.isoformat()},
            code=ErrorCode.STOP_OUTSIDE_PHASE,
            field="starts_on",
        )
    planned = set(phase.provinces.values_list("pk", flat=True))
    if planned and province.pk not in planned:
        raise OutreachError(
            _("This province is not in the phase's plan. Add it to the phase first."),
            code=ErrorCode.PROVINCE_NOT_PLANNED,
            field="province",
        )
    overlapping = Stop.objects.filter(
        campaign_id=phase.campaign_id,
        starts_on__lte=ends_on,
        ends_on__gte=starts_on,
        cancelled_at__isnull=True,
    )
    if exclude_pk:
        overlapping = overlapping.exclude(pk=exclude_pk)
    clash = overlapping.select_related("province").first()
    if clash is not None:
        raise OutreachError(
            _("This stop overlaps the stop in %(province)s (%(start)s – %(end)s).")
            % {
                "province": clash.province.name,
                "start": clash.starts_on.isoformat(),
                "end": clash.ends_on.isoformat(),
            },
            code=ErrorCode.STOPS_OVERLAP,
            field="starts_on",
        )


def create_stop(phase: Phase, *, data: dict[str, Any], actor: Any, field_agents: Iterable[Any] = ()) -> Stop:
    with transaction.atomic():
        # Lock the campaign so two concurrent creations cannot both pass the overlap check.
        Campaign.objects.select_for_update().get(pk=phase.campaign_id)
        validate_stop(phase, province=data["province"], starts_on=data["starts_on"], ends_on=data["ends_on"])
        stop = Stop(campaign_id=phase.campaign_id, phase=phase, **data)
        stop._history_user = _actor_or_none(actor)
        stop.save()
        stop.field_agents.set(field_agents)
        _check_reach(actor, stop)
        record_action("outreach.stop.created", stop, actor=actor, campaign=phase.campaign_id)
    return stop


STOP_FIELDS = ("province", "venue", "starts_on", "ends_on", "host_organization", "notes")


def update_stop(
    stop: Stop,
    *,
    data: dict[str, Any],
    actor: Any,
    version: str | None = None,
    field_agents: Iterable[Any] | None = None,
) -> Stop:
    with transaction.atomic():
        Campaign.objects.select_for_update().get(pk=stop.campaign_id)
        locked = Stop.objects.select_for_update().get(pk=stop.pk)
        check_version(
            locked.updated_at,
            version,
            _("Someone else changed this stop while you were editing. Review their changes and try again."),
        )
        _check_reach(actor, locked)
        merged = {f: data.get(f, getattr(locked, f)) for f in STOP_FIELDS}
        validate_stop(
            locked.phase,
            province=merged["province"],
            starts_on=merged["starts_on"],
            ends_on=merged["ends_on"],
            exclude_pk=locked.pk,
        )
        changed = [f for f in STOP_FIELDS if f in data and getattr(locked, f) != data[f]]
        for field in changed:
            setattr(locked, field, data[field])
        locked._history_user = _actor_or_none(actor)
        if changed:
            locked.save()
        if field_agents is not None:
            locked.field_agents.set(field_agents)
        if "province" in changed or "host_organization" in changed:
            _check_reach(actor, locked)
        record_action("outreach.stop.updated", locked, actor=actor, fields=changed)
    return locked


def cancel_stop(stop: Stop, *, actor: Any, reason: str = "") -> Stop:
    with transaction.atomic():
        locked = Stop.objects.select_for_update().get(pk=stop.pk)
        if not locked.cancelled_at:
            locked.cancelled_at = timezone.now()
            locked._history_user = _actor_or_none(actor)
            locked.save()
            record_action("outreach.stop.cancelled", locked, actor=actor, reason=reason)
    return locked


def delete_stop(stop: Stop, *, actor: Any) -> None:
    """Only an empty stop can be deleted; one with tallies or registrations is cancelled
    instead, so nothing recorded there is lost. Devices that still send to a deleted stop
    get a per-item `unknown_place` answer."""
    with transaction.atomic():
        locked = Stop.objects.select_for_update().get(pk=stop.pk)
        if locked.registrations.exists() or locked.tallies.exists():
            raise OutreachError(
                _("Visitors were counted or registered at this stop: cancel it instead of deleting it."),
                code=ErrorCode.STOP_HAS_RECORDS,
            )
        record_action("outreach.stop.deleted", locked, actor=actor, province=locked.province_id)
        locked.delete()


def close_registration(place: Stop | Event, *, actor: Any) -> Stop | Event:
    with transaction.atomic():
        locked = type(place).objects.select_for_update().get(pk=place.pk)
        if not locked.closed_at:
            locked.closed_at = timezone.now()
            locked._history_user = _actor_or_none(actor)
            locked.save()
            record_action(f"outreach.{locked._meta.model_name}.closed", locked, actor=actor)
    return locked


def create_event(
    *,
    data: dict[str, Any],
    actor: Any,
    partners: Iterable[Any] = (),
    target_categories: Iterable[Any] = (),
    field_agents: Iterable[Any] = (),
) -> Event:
    if data.get("ends_on") and data["ends_on"] < data["starts_on"]:
        raise OutreachError(
            _("The end date is before the start date."), code=ErrorCode.DATES_REVERSED, field="ends_on"
        )
    with transaction.atomic():
        event = Event(**data)
        event._history_user = _actor_or_none(actor)
        event.save()
        event.partners.set(partners)
        event.target_categories.set(target_categories)
        event.field_agents.set(field_agents)
        _check_reach(actor, event)
        record_action("outreach.event.created", event, actor=actor)
    return event


def add_agenda_item(event: Event, *, data: dict[str, Any], actor: Any) -> AgendaItem:
    with transaction.atomic():
        if "position" not in data or data["position"] is None:
            last = event.agenda_items.order_by("-position").values_list("position", flat=True).first()
            data = {**data, "position": (last or 0) + 1}
        item = AgendaItem.objects.create(event=event, **data)
        record_action("outreach.agenda_item.added", event, actor=actor, item=item.pk)
    return item
