"""The holder's repayments page: one calendar across every funder and dossier they hold,
nobody else's, exact totals, a fixed number of queries."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from rowad.dossiers.enums import FinancingKind
from rowad.financing.enums import LineDecision, ScheduleState
from rowad.financing.money import format_money
from tests.committees.factories import DossierFactory
from tests.factories import OrganizationFactory
from tests.financing.factories import PlanFactory, PlanLineFactory
from tests.financing.schedule_factories import PaymentFactory, ScheduleFactory, monthly_instalments

pytestmark = pytest.mark.integration

URL = "/portal/repayments/"


def loan(person, *, funder_name, amount=Decimal("120000.00"), count=12, first_due=None, **instalment_fields):
    dossier = DossierFactory(holders=[person], title=f"Projet de {funder_name}")
    plan = PlanFactory(dossier=dossier, formula__programme=dossier.programme)
    funder = OrganizationFactory(name_fr=funder_name, name_ar=funder_name)
    line = PlanLineFactory(
        plan=plan,
        funder=funder,
        kind=FinancingKind.BANK_LOAN,
        amount=amount,
        repaid=True,
        term_months=count,
        decision=LineDecision.APPROVED,
        approved_amount=amount,
        disbursed_amount=amount,
    )
    schedule = ScheduleFactory(line=line, first_due=first_due or datetime.date(2026, 1, 10))
    instalments = monthly_instalments(
        schedule, count, principal=amount / count, **({"interest": Decimal("0")} | instalment_fields)
    )
    return plan, schedule, instalments


def fr(amount, currency="DZD"):
    with translation.override("fr"):
        return format_money(Decimal(amount), currency, country="DZ")


def page(client, user):
    client.force_login(user)
    client.cookies["rowad_language"] = "fr"
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_financing_calendar_shows_only_own_dossiers(client, holder, other_holder):
    user, _account, person = holder
    loan(person, funder_name="BADR Banque")
    loan(person, funder_name="ANADE Oran prêt")
    loan(other_holder[2], funder_name="Zzotherfunderzz")

    html = page(client, user)

    assert "BADR Banque" in html and "ANADE Oran prêt" in html
    assert "Zzotherfunderzz" not in html
    assert html.count("data-instalment=") == 24


def test_financing_calendar_another_holder_sees_none_of_mine(client, holder, other_holder):
    _user, _account, person = holder
    loan(person, funder_name="Zzaminafunderzz")

    html = page(client, other_holder[0])

    assert "Zzaminafunderzz" not in html
    assert "data-instalment=" not in html


def test_financing_calendar_totals_are_exact(client, holder, settings):
    settings.LANGUAGE_CODE = "fr"
    user, _account, person = holder
    _plan, schedule, instalments = loan(
        person,
        funder_name="BADR Banque",
        amount=Decimal("100000.00"),
        count=3,
        first_due=datetime.date(2026, 1, 10),
        interest=Decimal("150.25"),
        subsidised_interest=Decimal("458.33"),
    )
    # 100 000 / 3 = 33 333.33… stored to the cent: the three rows are 33 333,33.
    first = instalments[0]
    first.paid_principal, first.paid_interest = first.principal, first.interest
    first.settled_on = datetime.date(2026, 1, 9)
    first.save()
    PaymentFactory(
        schedule=schedule, amount=first.principal + first.interest, paid_on=datetime.date(2026, 1, 9)
    )
    schedule.refresh_from_db()

    html = page(client, user)

    due = 3 * (Decimal("33333.33") + Decimal("150.25"))
    paid = Decimal("33333.33") + Decimal("150.25")
    assert f'data-total="due">{fr(due)}<' in html
    assert f'data-total="paid">{fr(paid)}<' in html
    assert f'data-total="remaining">{fr(due - paid)}<' in html
    assert f'data-total="subsidised">{fr(Decimal("1374.99"))}<' in html
    # Both unpaid instalments (February and March 2026) are late today.
    assert f'data-total="late">{fr(due - paid)}<' in html
    assert f'data-total="approved">{fr("100000.00")}<' in html
    assert fr(paid) in html.split('id="payments"')[1]


def test_financing_calendar_leaves_out_superseded_schedules(client, holder):
    user, _account, person = holder
    _plan, schedule, _ = loan(person, funder_name="BADR Banque", count=2)
    schedule.state = ScheduleState.SUPERSEDED
    schedule.save()

    html = page(client, user)

    assert "data-instalment=" not in html


def test_financing_calendar_query_count_does_not_grow(client, holder, django_assert_max_num_queries):
    user, _account, person = holder
    loan(person, funder_name="BADR Banque", count=2)
    client.force_login(user)
    with django_assert_max_num_queries(20) as small:
        assert client.get(URL).status_code == 200

    for name in ("CNAC", "ANGEM", "BNA"):
        loan(person, funder_name=name, count=60)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = client.get(URL)

    assert response.content.decode().count("data-instalment=") == 182
    financing = [q for q in large.captured_queries if "financing_" in q["sql"]]
    assert len(financing) == 3


def test_financing_calendar_is_for_holders_only(client, world):
    client.force_login(world.users["agency_officer"])

    response = client.get(reverse("portal:repayments"))

    assert response.status_code == 403
