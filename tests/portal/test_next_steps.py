"""What the holder must do next (portal/next_steps.py), one case per state, and the home
that leads with it."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from rowad.dossiers import services as dossier_services
from rowad.dossiers.enums import DossierState
from rowad.portal import next_steps
from tests.dossiers.factories import make_dossier, oran_programme, pdf
from tests.factories import SpecialtyFactory
from tests.financing.factories import three_part_formula
from tests.financing.plan_helpers import bank

pytestmark = pytest.mark.integration


@pytest.fixture
def programme(world):
    programme = oran_programme(world, min_members=2, max_members=3)
    programme.specialties.set([SpecialtyFactory(code="fiber-optics")])
    three_part_formula(programme, agency=world.oran_agency, bank=bank(world))
    return programme


@pytest.fixture
def dossier(world, programme, holder):
    # make_dossier gives a one-line plan (own contribution): remove it to see the step.
    dossier = make_dossier(world, programme=programme, holders=[holder[2]], actor=holder[0])
    dossier.financing_lines.all().delete()
    return dossier


def kinds(dossier) -> list[str]:
    dossier.refresh_from_db()
    return [step.kind for step in next_steps.dossier_steps(dossier)]


def test_next_steps_idea_lists_what_is_missing_then_submit(dossier, holder):
    assert kinds(dossier) == ["specialty", "co_holders", "plan", "documents", "submit"]


def test_next_steps_idea_ready_only_submit(dossier, holder, programme):
    officer_world_specialty = programme.specialties.get()
    dossier_services.update_dossier(
        dossier, data={"specialty": officer_world_specialty}, actor=holder[0], expected_version=None
    )
    dossier_services.add_co_holder(dossier, name="Karim Benali", phone="0770987654", actor=holder[0])
    dossier_services.set_financing(
        dossier, lines=[{"kind": "personal_contribution", "amount": dossier.investment}], actor=holder[0]
    )
    dossier_services.upload_document(
        dossier, document_type=programme.required_documents.get(), file=pdf(), actor=holder[0]
    )
    assert kinds(dossier) == ["submit"]


def test_next_steps_to_revise_leads_with_the_reason(world, dossier, holder):
    dossier_services.set_dossier_state(
        dossier, DossierState.TO_REVISE, actor=world.users["agency_officer"], note="Précisez le matériel."
    )
    dossier.refresh_from_db()
    steps = next_steps.dossier_steps(dossier)
    assert (steps[0].kind, steps[0].detail, steps[0].urgent) == ("revise", "Précisez le matériel.", True)
    assert steps[-1].kind == "submit"


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (DossierState.SUBMITTED, ["documents", "wait"]),
        (DossierState.READY_FOR_COMMITTEE, ["wait"]),
        (DossierState.APPROVED, ["financing"]),
        (DossierState.REJECTED, ["letter"]),
        (DossierState.FINANCED, ["company"]),
        (DossierState.COMPANY_CREATED, ["enterprise"]),
        (DossierState.CLOSED, []),
        (DossierState.WITHDRAWN, []),
    ],
)
def test_next_steps_per_later_state(dossier, state, expected):
    # The state is set directly: each guard of the path has its own tests.
    type(dossier).objects.filter(pk=dossier.pk).update(state=state)
    assert kinds(dossier) == expected


def test_next_steps_holder_repayment_due(world, holder):
    from tests.committees.factories import DossierFactory
    from tests.financing.factories import PlanFactory, PlanLineFactory
    from tests.financing.schedule_factories import InstalmentFactory, ScheduleFactory

    today = datetime.date(2026, 5, 1)
    dossier = DossierFactory(holders=[holder[2]])
    plan = PlanFactory(dossier=dossier, formula__programme=dossier.programme, investment=Decimal("1000"))
    schedule = ScheduleFactory(line=PlanLineFactory(plan=plan))
    InstalmentFactory(schedule=schedule, due_on=today - datetime.timedelta(days=3))
    from rowad.portal.financing_views import own_instalments
    from rowad.portal.training_views import own_enrolments

    steps = next_steps.holder_steps(
        instalments=own_instalments(holder[0]),
        enrolments=own_enrolments(holder[0]),
        milestones_to_report=1,
        today=today,
    )
    assert [(s.kind, s.urgent) for s in steps] == [("repay", True), ("report", False)]


def test_next_steps_home_leads_with_the_next_step(client, dossier, holder):
    client.force_login(holder[0])
    page = client.get(reverse("portal:home")).content.decode()
    assert 'id="next-steps"' in page
    assert page.index('id="next-steps"') < page.index('id="dossiers-title"')
    assert f'data-step="specialty" data-dossier="{dossier.pk}"' in page
    assert "Choose your specialty" in page
