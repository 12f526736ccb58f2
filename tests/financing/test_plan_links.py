"""The pages wired together: from the dossier to the plan, from each line to its tranches
and its repayment schedule, and back; write links only for whoever may write."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from rowad.accounts.enums import Role
from rowad.financing.enums import LineDecision, PlanState
from rowad.financing.services import decisions
from rowad.financing.services.schedules import generate_schedule
from tests.financing.plan_helpers import DECIDED_ON, bank, funder_officer, lines_of, officer, submitted_plan

pytestmark = pytest.mark.integration


def _approved_plan(world):
    plan, the_bank = submitted_plan(world)
    for line in lines_of(plan):
        decisions.record_decision(
            line, decision=LineDecision.APPROVED, decided_on=DECIDED_ON, actor=officer(world)
        )
    plan.refresh_from_db()
    assert plan.state == PlanState.APPROVED
    return plan, the_bank


def _repaid(plan):
    return [line for line in lines_of(plan) if line.repaid]


def test_plan_page_links_each_line_to_its_tranches_and_schedule_for_the_officer(world, client):
    plan, _bank = _approved_plan(world)
    repaid = _repaid(plan)
    assert len(repaid) >= 2
    schedule = generate_schedule(repaid[0], first_due=datetime.date(2026, 6, 1), actor=officer(world))
    client.force_login(officer(world))

    html = client.get(reverse("financing:plan_detail", args=[plan.pk])).content.decode()

    assert reverse("financing:plan_disbursements", args=[plan.pk]) in html
    for line in lines_of(plan):
        assert reverse("financing:line_disbursements", args=[line.pk]) in html
    assert reverse("financing:schedule_detail", args=[schedule.pk]) in html
    assert reverse("financing:schedule_generate", args=[repaid[0].pk]) not in html
    assert reverse("financing:schedule_generate", args=[repaid[1].pk]) in html
    for line in lines_of(plan):
        if not line.repaid:
            assert reverse("financing:schedule_generate", args=[line.pk]) not in html

    back = client.get(reverse("financing:schedule_detail", args=[schedule.pk])).content.decode()
    assert reverse("financing:plan_detail", args=[plan.pk]) in back

    dossier_page = client.get(reverse("dossiers:dossier_detail", args=[plan.dossier_id])).content.decode()
    assert reverse("financing:plan_detail", args=[plan.pk]) in dossier_page
    assert reverse("financing:plan_disbursements", args=[plan.pk]) in dossier_page
    assert reverse("financing:schedule_detail", args=[schedule.pk]) in dossier_page


def test_plan_page_shows_what_is_approved_disbursed_and_left(world, client):
    plan, _bank = _approved_plan(world)
    client.force_login(officer(world))

    response = client.get(reverse("financing:plan_detail", args=[plan.pk]))

    assert response.status_code == 200
    rows = {row["line"].pk: row for row in response.context["rows"]}
    for line in lines_of(plan):
        assert rows[line.pk]["approved"] == line.approved_amount
        assert rows[line.pk]["disbursed"] == line.disbursed_amount
        assert rows[line.pk]["remaining"] == line.approved_amount - line.disbursed_amount


def test_plan_page_director_reads_without_the_generate_links(world, client):
    plan, _bank = _approved_plan(world)
    client.force_login(world.users[Role.DIRECTOR])

    response = client.get(reverse("financing:plan_detail", args=[plan.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("financing:line_disbursements", args=[lines_of(plan)[0].pk]) in html
    for line in lines_of(plan):
        assert reverse("financing:schedule_generate", args=[line.pk]) not in html


def test_plan_page_funder_of_another_bank_gets_no_link(world, client):
    plan, _bank = _approved_plan(world)
    other = funder_officer(world, bank(world, name="CPA Oran"), username="cpa-officer")
    client.force_login(other)

    response = client.get(reverse("financing:plan_detail", args=[plan.pk]))

    assert response.status_code == 404
    dossier_page = client.get(reverse("dossiers:dossier_detail", args=[plan.dossier_id]))
    html = dossier_page.content.decode()
    assert reverse("financing:plan_disbursements", args=[plan.pk]) not in html
    for line in lines_of(plan):
        assert reverse("financing:schedule_generate", args=[line.pk]) not in html
        assert reverse("financing:line_disbursements", args=[line.pk]) not in html


def test_plan_page_the_banks_officer_sees_only_its_line_and_no_generate_link(world, client):
    plan, the_bank = _approved_plan(world)
    client.force_login(funder_officer(world, the_bank))

    html = client.get(reverse("financing:plan_detail", args=[plan.pk])).content.decode()

    for line in lines_of(plan):
        assert reverse("financing:schedule_generate", args=[line.pk]) not in html
        link = reverse("financing:line_disbursements", args=[line.pk])
        assert (link in html) == (line.funder_id == the_bank.pk)
