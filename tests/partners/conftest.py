"""Partners fixtures: the Oran world plus a counterparty, an agreement and a programme."""

from __future__ import annotations

import pytest

from rowad.partners.enums import OrganizationKind, PartyRole
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    OrganizationFactory,
    ProgrammeFactory,
    province,
)


@pytest.fixture
def officer(world):
    return world.users["agency_officer"]


@pytest.fixture
def partners(world):
    """A sponsor serving Oran with an agreement and a programme of the Oran agency, and
    the Al Hoceima agency's own agreement and programme (out of the Oran users' scope)."""
    sponsor = OrganizationFactory(
        kind=OrganizationKind.SPONSOR, country="DZ", name_fr="Télécom Oran", provinces=[world.oran]
    )
    national = OrganizationFactory(
        kind=OrganizationKind.SPONSOR,
        country="DZ",
        name_fr="Télécom national",
        provinces=[world.oran, province("DZ", "16")],
    )
    agreement = AgreementFactory(title="Convention Oran", reference="OR-1")
    AgreementPartyFactory(agreement=agreement, organization=world.oran_agency, role=PartyRole.OPERATOR)
    AgreementPartyFactory(agreement=agreement, organization=sponsor, role=PartyRole.SPONSOR)
    programme = ProgrammeFactory(
        code="oran-ict", name_fr="TIC Oran", operator=world.oran_agency, min_age=19, max_age=35
    )
    programme.agreements.add(agreement)

    foreign_partner = OrganizationFactory(
        kind=OrganizationKind.COOPERATIVE_OFFICE,
        country="MA",
        name_fr="ODCo Zzforeign",
        provinces=[world.hoceima],
    )
    foreign_agreement = AgreementFactory(title="Convention Zzforeign", reference="HOC-1")
    AgreementPartyFactory(
        agreement=foreign_agreement, organization=world.hoceima_agency, role=PartyRole.OPERATOR
    )
    AgreementPartyFactory(
        agreement=foreign_agreement, organization=foreign_partner, role=PartyRole.ACCOMPANIMENT
    )
    foreign_programme = ProgrammeFactory(
        code="hoceima-zzforeign", name_fr="Programme Zzforeign", operator=world.hoceima_agency
    )
    return {
        "sponsor": sponsor,
        "national": national,
        "agreement": agreement,
        "programme": programme,
        "foreign_partner": foreign_partner,
        "foreign_agreement": foreign_agreement,
        "foreign_programme": foreign_programme,
    }
