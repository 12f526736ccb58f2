"""Scoped reads of the portal. A holder reads only their own account and person; an
officer reads erasure requests of the people in their registry scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from rowad.accounts.enums import Role
from rowad.accounts.scope import scope_for
from rowad.people.models import Person
from rowad.people.queries import people_visible_to

from .models import ErasureRequest, HolderAccount


@dataclass
class Holder:
    """What the portal knows about the logged-in holder."""

    user: Any
    account: HolderAccount | None
    person: Person | None
    country: str


def holder_for(user: Any) -> Holder:
    account = HolderAccount.objects.filter(user=user).first()
    person = Person.objects.select_related("province").filter(user=user, merged_into__isnull=True).first()
    country = (account.country if account else "") or (person.country if person else "")
    if not country:
        membership = user.memberships.select_related("organization").first()
        country = membership.organization.country if membership else "DZ"
    return Holder(user=user, account=account, person=person, country=country)


def erasure_requests_visible_to(user: Any) -> QuerySet[ErasureRequest]:
    """Requests of the people an agency-officer membership of the user reaches (handling
    them is that role's action)."""
    scope = scope_for(user)
    qs = ErasureRequest.objects.select_related("person", "requested_by", "handled_by")
    if scope.is_platform_admin:
        return qs
    return qs.filter(person__in=people_visible_to(user, roles=(Role.AGENCY_OFFICER,)).values("pk"))


def pitched_ideas_of(person: Person | None):
    """Ideas this holder pitched at a caravan stop or an event (outreach) that no dossier
    grew from yet. outreach.queries reads registrations for staff only; a holder reads
    their own, selected by their person here."""
    from rowad.outreach.models import Idea

    if person is None:
        return Idea.objects.none()
    return (
        Idea.objects.filter(registration__person=person, dossiers__isnull=True)
        .select_related("registration__stop", "registration__event", "specialty")
        .order_by("-id")
    )
