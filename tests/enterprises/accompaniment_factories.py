"""Arrangements of the accompaniment tests: mentors in and out of Oran, an Oran enterprise
with its mentor assigned through the service."""

from __future__ import annotations

import datetime

from rowad.accounts.enums import Role
from rowad.dossiers.enums import DossierState
from rowad.enterprises.services.accompaniment import assign_mentor
from tests.committees.factories import DossierFactory
from tests.enterprises.factories import EnterpriseFactory
from tests.factories import MembershipFactory, PersonFactory, UserFactory

TODAY = datetime.date.today()


def mentor(world, username: str, *, province=None, organization=None, role: str = Role.MENTOR):
    user = UserFactory(username=username)
    MembershipFactory(
        user=user,
        organization=organization or world.oran_agency,
        role=role,
        provinces=[province or world.oran],
    )
    return user


def oran_enterprise(world, *, holders=2, name="", created_on=None, **fields):
    people = [PersonFactory(national_id="") for _ in range(holders)]
    dossier = DossierFactory(
        state=DossierState.COMPANY_CREATED,
        province=fields.pop("province", world.oran),
        organization=fields.pop("organization", world.oran_agency),
        holders=people,
    )
    if name:
        fields.setdefault("name_ar", "")
    return EnterpriseFactory(
        dossier=dossier,
        name_latin=name or f"Entreprise {dossier.reference}",
        created_on=created_on or TODAY - datetime.timedelta(days=400),
        **fields,
    )


def accompanied(world, *, by=None, **fields):
    """An Oran enterprise whose mentor is `by` (the Oran mentor by default)."""
    enterprise = oran_enterprise(world, **fields)
    assign_mentor(
        enterprise.dossier,
        by or world.users[Role.MENTOR],
        actor=world.users[Role.AGENCY_OFFICER],
        started_on=enterprise.created_on,
    )
    return enterprise
