"""The agency officer's dossier queues: exact counts, oldest first, the officer's own
memberships only, and the list each count opens."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.dossiers.enums import DossierState
from rowad.dossiers.models import StateChange
from tests.committees.factories import DossierFactory
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, province
from tests.queue_helpers import home_queue, labels

pytestmark = pytest.mark.django_db
OFFICER = Role.AGENCY_OFFICER


def _days_ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def test_submitted_dossiers_oldest_first_with_exact_count(world):
    for days, title in [(2, "B"), (9, "A"), (1, "C")]:
        DossierFactory(
            title=title,
            state=DossierState.SUBMITTED,
            organization=world.oran_agency,
            province=world.oran,
            submitted_at=_days_ago(days),
        )
    DossierFactory(state=DossierState.IDEA, organization=world.oran_agency, province=world.oran)
    queue = home_queue(world.users[OFFICER], OFFICER, "dossiers.awaiting_eligibility")
    assert queue.count == 3
    assert [label.split(" · ")[1] for label in labels(queue)] == ["A", "B", "C"]
    assert queue.more_url == "/dossiers/?state=submitted"
    assert queue.items[0].url.startswith("/dossiers/")


def test_waiting_since_the_last_change_to_the_state(world):
    older = DossierFactory(
        title="old",
        state=DossierState.ELIGIBILITY_CHECKED,
        organization=world.oran_agency,
        province=world.oran,
    )
    newer = DossierFactory(
        title="new",
        state=DossierState.ELIGIBILITY_CHECKED,
        organization=world.oran_agency,
        province=world.oran,
    )
    for dossier, days in [(older, 10), (newer, 3)]:
        change = StateChange.objects.create(
            dossier=dossier, from_state=DossierState.SUBMITTED, to_state=DossierState.ELIGIBILITY_CHECKED
        )
        StateChange.objects.filter(pk=change.pk).update(created_at=_days_ago(days))
    queue = home_queue(world.users[OFFICER], OFFICER, "dossiers.awaiting_study")
    assert [label.split(" · ")[1] for label in labels(queue)] == ["old", "new"]
    assert queue.items[0].since.date() == _days_ago(10).date()


def test_more_than_five_lists_five_and_counts_all(world):
    for _ in range(7):
        DossierFactory(state=DossierState.UNDER_STUDY, organization=world.oran_agency, province=world.oran)
    queue = home_queue(world.users[OFFICER], OFFICER, "dossiers.studies_in_progress")
    assert queue.count == 7 and len(queue.items) == 5


def test_an_officer_of_another_province_sees_nothing(world):
    DossierFactory(state=DossierState.SUBMITTED, organization=world.oran_agency, province=world.oran)
    queue = home_queue(world.outsider, OFFICER, "dossiers.awaiting_eligibility")
    assert queue.count == 0 and not queue.items


def test_an_officer_in_oran_and_field_agent_in_tlemcen_gets_oran_only():
    oran, tlemcen = province("DZ", "31"), province("DZ", "13")
    oran_agency = OrganizationFactory(provinces=[oran])
    tlemcen_agency = OrganizationFactory(provinces=[tlemcen])
    user = UserFactory()
    MembershipFactory(user=user, organization=oran_agency, role=OFFICER, provinces=[oran])
    MembershipFactory(user=user, organization=tlemcen_agency, role=Role.FIELD_AGENT, provinces=[tlemcen])
    DossierFactory(title="Oran", state=DossierState.SUBMITTED, organization=oran_agency, province=oran)
    DossierFactory(
        title="Tlemcen", state=DossierState.SUBMITTED, organization=tlemcen_agency, province=tlemcen
    )
    queue = home_queue(user, OFFICER, "dossiers.awaiting_eligibility")
    assert queue.count == 1
    assert labels(queue)[0].endswith("Oran")


def test_the_filtered_list_shows_the_queue(client, world):
    DossierFactory(
        title="Soumis", state=DossierState.SUBMITTED, organization=world.oran_agency, province=world.oran
    )
    DossierFactory(title="Idée", state=DossierState.IDEA, organization=world.oran_agency, province=world.oran)
    client.force_login(world.users[OFFICER])
    body = client.get("/dossiers/?state=submitted").content.decode()
    assert "Soumis" in body and "Idée" not in body
