"""A committee in the Oran world: three committee members, an ICT-like programme with a
scoring grid, two dossiers ready for committee."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.core.cache import cache

from rowad.accounts.enums import Role
from tests.factories import MembershipFactory, PersonFactory, ProgrammeFactory, UserFactory

from .factories import DossierFactory, GridFactory, SessionFactory


@dataclass
class Committee:
    world: object
    programme: object
    grid: object
    members: list = field(default_factory=list)
    officer: object = None
    dossiers: list = field(default_factory=list)
    holders: list = field(default_factory=list)
    session: object = None


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def committee(world) -> Committee:
    programme = ProgrammeFactory(
        operator=world.oran_agency, name_fr="Micro-entreprises TIC", name_ar="برنامج تيك"
    )
    grid = GridFactory(programme=programme)
    members = [world.users[Role.COMMITTEE_MEMBER]]
    for index in range(2):
        user = UserFactory(username=f"committee-{index}", first_name=f"Membre{index}")
        MembershipFactory(
            user=user, organization=world.oran_agency, role=Role.COMMITTEE_MEMBER, provinces=[world.oran]
        )
        members.append(user)
    holders = [
        PersonFactory(
            given_name_ar="ياسين",
            family_name_ar="بلقاسم",
            given_name_latin="Yacine",
            family_name_latin="Belkacem",
            national_id="",
        ),
        PersonFactory(
            given_name_ar="أمينة",
            family_name_ar="زروقي",
            given_name_latin="Amina",
            family_name_latin="Zerrouki",
            national_id="",
            sex="F",
        ),
    ]
    dossiers = [
        DossierFactory(
            programme=programme, organization=world.oran_agency, holders=[holders[0]], title="Fibre Oran Est"
        ),
        DossierFactory(
            programme=programme,
            organization=world.oran_agency,
            holders=[holders[1]],
            title="Génie civil Es Senia",
        ),
    ]
    session = SessionFactory(organization=world.oran_agency, programme=programme, members=members, quorum=2)
    return Committee(
        world=world,
        programme=programme,
        grid=grid,
        members=members,
        officer=world.users[Role.AGENCY_OFFICER],
        dossiers=dossiers,
        holders=holders,
        session=session,
    )
