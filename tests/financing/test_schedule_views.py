"""The schedule pages as the officers use them."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from rowad.accounts.enums import Role
from rowad.financing.enums import ScheduleState
from rowad.financing.models import Payment, RepaymentSchedule
from rowad.financing.services.schedules import record_payment
from tests.committees.factories import DossierFactory
from tests.financing.factories import PlanFactory
from tests.financing.schedule_helpers import repaid_line

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

D = Decimal


@pytest.fixture
def officer_line(world):
    dossier = DossierFactory(organization=world.oran_agency, province=world.oran)
    plan = PlanFactory(dossier=dossier, formula__programme=dossier.programme)
    return repaid_line(
        "2940000.00",
        plan=plan,
        funder=world.oran_agency,
        term_months=60,
        grace_months=12,
        interest_rate="5.5",
        interest_borne_by="subsidy",
    )


def _generate(client, line, first_due="2020-01-31"):
    return client.post(reverse("financing:schedule_generate", args=[line.pk]), {"first_due": first_due})


def test_schedule_generate_page_creates_and_shows_the_schedule(world, client, officer_line):
    client.force_login(world.users[Role.AGENCY_OFFICER])

    response = _generate(client, officer_line)

    schedule = RepaymentSchedule.objects.get(line=officer_line)
    assert response.status_code == 302
    assert response.url == reverse("financing:schedule_detail", args=[schedule.pk])
    with translation.override("en"):
        page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Interest paid by the state" in page
    assert "13,475.00" in page  # the state's interest of a grace month, shown apart
    assert "61,250.00" in page
    assert 'id="record-payment"' in page


def test_schedule_page_marks_late_instalments(world, client, officer_line):
    client.force_login(world.users[Role.AGENCY_OFFICER])
    _generate(client, officer_line, first_due="2020-01-31")  # every instalment is past
    schedule = RepaymentSchedule.objects.get(line=officer_line)

    page = client.get(reverse("financing:schedule_detail", args=[schedule.pk])).content.decode()

    # 48 instalments owe principal; the 12 of grace owe the holder nothing and are settled.
    assert page.count("table-danger") == 48


def test_schedule_generate_twice_shows_a_clear_message(world, client, officer_line):
    client.force_login(world.users[Role.AGENCY_OFFICER])
    _generate(client, officer_line)

    response = _generate(client, officer_line)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert RepaymentSchedule.objects.filter(line=officer_line).count() == 1


def test_payment_form_double_submit_records_once(world, client, officer_line):
    client.force_login(world.users[Role.AGENCY_OFFICER])
    _generate(client, officer_line, first_due="2027-01-31")
    client.force_login(world.users[Role.FUNDER_OFFICER])
    schedule = RepaymentSchedule.objects.get(line=officer_line)
    url = reverse("financing:payment_create", args=[schedule.pk])
    body = {
        "amount": "61 250,00",
        "currency": "DZD",
        "paid_on": "2028-02-01",
        "client_uuid": str(uuid.uuid4()),
        "version": "1",
    }

    first = client.post(url, body)
    second = client.post(url, body)

    assert first.status_code == 302 and second.status_code == 302
    payment = Payment.objects.get()
    assert payment.amount == D("61250.00")
    assert payment.recorded_by == world.users[Role.FUNDER_OFFICER]


def test_payment_form_stale_version_is_a_conflict(world, client, officer_line):
    client.force_login(world.users[Role.AGENCY_OFFICER])
    _generate(client, officer_line, first_due="2027-01-31")
    schedule = RepaymentSchedule.objects.get(line=officer_line)
    record_payment(
        schedule, amount=D("100.00"), currency="DZD", paid_on=datetime.date(2028, 1, 5), actor=None
    )
    body = {"amount": "100", "currency": "DZD", "paid_on": "2028-01-05", "client_uuid": str(uuid.uuid4())}

    response = client.post(reverse("financing:payment_create", args=[schedule.pk]), {**body, "version": "1"})

    assert response.status_code == 409
    assert response.context["conflict"]
    assert Payment.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"amount": "0"}, "amount"), ({"amount": "-5"}, "amount"), ({"currency": "MAD"}, "currency")],
)
def test_payment_form_bad_input_is_refused_with_a_message(world, client, officer_line, changes, field):
    client.force_login(world.users[Role.AGENCY_OFFICER])
    _generate(client, officer_line, first_due="2027-01-31")
    schedule = RepaymentSchedule.objects.get(line=officer_line)
    body = {"amount": "100", "currency": "DZD", "paid_on": "2028-01-05", **changes}

    response = client.post(reverse("financing:payment_create", args=[schedule.pk]), body)

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert Payment.objects.count() == 0


def test_reschedule_page_supersedes_and_links_the_versions(world, client, officer_line):
    client.force_login(world.users[Role.AGENCY_OFFICER])
    _generate(client, officer_line, first_due="2027-01-31")
    old = RepaymentSchedule.objects.get(line=officer_line)
    body = {
        "first_due": "2028-06-30",
        "term_months": "48",
        "grace_months": "0",
        "frequency": "quarterly",
        "reason": "Sécheresse",
        "version": "1",
    }

    response = client.post(reverse("financing:schedule_reschedule", args=[old.pk]), body)

    new = RepaymentSchedule.objects.get(line=officer_line, state=ScheduleState.ACTIVE)
    assert response.status_code == 302
    assert new.supersedes_id == old.pk
    assert new.instalments.count() == 16
    page = client.get(reverse("financing:schedule_detail", args=[old.pk])).content.decode()
    assert reverse("financing:schedule_detail", args=[new.pk]) in page
    assert 'id="record-payment"' not in page  # a superseded version takes no payment


def test_reschedule_page_requires_a_reason(world, client, officer_line):
    client.force_login(world.users[Role.AGENCY_OFFICER])
    _generate(client, officer_line, first_due="2027-01-31")
    old = RepaymentSchedule.objects.get(line=officer_line)
    body = {"first_due": "2028-06-30", "term_months": "12", "grace_months": "0", "frequency": "monthly"}

    response = client.post(reverse("financing:schedule_reschedule", args=[old.pk]), body)

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert RepaymentSchedule.objects.filter(line=officer_line).count() == 1
