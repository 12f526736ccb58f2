"""Enterprises for the calendar and life-event tests: rows written directly (arrange only),
in the Oran agency's reach or out of every Oran user's reach (Al Hoceima)."""

from __future__ import annotations

import datetime

from rowad.dossiers.enums import DossierState
from rowad.enterprises.enums import ObligationKind
from rowad.enterprises.models import Obligation
from tests.committees.factories import DossierFactory
from tests.enterprises.factories import EnterpriseFactory, MemberFactory
from tests.factories import PersonFactory, ProgrammeFactory

TODAY = datetime.date.today


def oran_enterprise(world, *, holders=None, days_old: int = 400, **fields):
    dossier = DossierFactory(
        state=DossierState.COMPANY_CREATED,
        organization=world.oran_agency,
        programme=ProgrammeFactory(operator=world.oran_agency),
        province=world.oran,
        holders=holders,
    )
    fields.setdefault("created_on", TODAY() - datetime.timedelta(days=days_old))
    enterprise = EnterpriseFactory(dossier=dossier, **fields)
    for person in dossier.holders.all():
        MemberFactory(enterprise=enterprise, person=person)
    return enterprise


def foreign_enterprise(world, **fields):
    dossier = DossierFactory(
        state=DossierState.COMPANY_CREATED,
        organization=world.hoceima_agency,
        programme=ProgrammeFactory(operator=world.hoceima_agency),
        province=world.hoceima,
        holders=[PersonFactory(country="MA", province=world.hoceima, national_id="")],
    )
    fields.setdefault("created_on", TODAY() - datetime.timedelta(days=400))
    return EnterpriseFactory(dossier=dossier, **fields)


def obligation(enterprise, *, in_days: int = 10, kind=ObligationKind.ANNUAL_TAX_DECLARATION, **fields):
    fields.setdefault("due_on", TODAY() + datetime.timedelta(days=in_days))
    return Obligation.objects.create(enterprise=enterprise, kind=kind, **fields)
