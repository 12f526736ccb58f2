"""The holder's enterprise in their space: its identity, steps, obligations, mentor and next
session, their declarations of jobs and turnover; nobody else's enterprise ever shows."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.urls import reverse

from rowad.enterprises.enums import ObligationKind, SessionPhase, TurnoverBand
from rowad.enterprises.models import AccompanimentSession, CreationStep, JobsDeclaration, Obligation
from rowad.portal.forms import declaration_prefix
from tests.enterprises.declaration_helpers import days_ago, enterprise_of, holder_with_enterprise
from tests.enterprises.factories import TopicFactory

pytestmark = pytest.mark.integration

URL = "/portal/enterprise/"


@pytest.fixture
def held(world):
    mentor = world.users["mentor"]
    mentor.first_name, mentor.last_name = "Yacine", "Mentorname"
    mentor.save()
    return holder_with_enterprise(world, mentor=mentor, title="Fibre Amina", name_latin="Fibre Amina SARL")


def _page(client, user, language="en"):
    client.force_login(user)
    client.cookies["rowad_language"] = language
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def _body(enterprise, **changes):
    prefix = declaration_prefix(enterprise.pk)
    data = {
        "enterprise": str(enterprise.pk),
        "client_uuid": str(uuid.uuid4()),
        "declared_on": datetime.date.today().isoformat(),
        "permanent_men": "4",
        "permanent_women": "3",
        "seasonal_men": "2",
        "seasonal_women": "1",
        "turnover_band": TurnoverBand.UNDER_5M,
    }
    data.update(changes)
    return {key if key == "enterprise" else f"{prefix}-{key}": value for key, value in data.items()}


def test_my_enterprise_shows_its_identity_steps_obligations_mentor_and_next_session(client, held):
    user, _person, enterprise = held
    CreationStep.objects.create(
        enterprise=enterprise, code="trade_register", position=0, due_on=days_ago(30), done_on=days_ago(35)
    )
    CreationStep.objects.create(
        enterprise=enterprise, code="tax_registration", position=1, due_on=days_ago(5)
    )
    CreationStep.objects.create(enterprise=enterprise, code="bank_account", position=2, due_on=days_ago(-20))
    Obligation.objects.create(
        enterprise=enterprise, kind=ObligationKind.ANNUAL_TAX_DECLARATION, due_on=days_ago(-60)
    )
    topic = TopicFactory()
    AccompanimentSession.objects.create(
        dossier=enterprise.dossier,
        enterprise=enterprise,
        phase=SessionPhase.POST_CREATION,
        held_on=days_ago(40),
        topic=topic,
        next_session_on=days_ago(-100),
    )
    AccompanimentSession.objects.create(
        dossier=enterprise.dossier,
        enterprise=enterprise,
        phase=SessionPhase.POST_CREATION,
        held_on=days_ago(10),
        topic=topic,
        next_session_on=days_ago(-14),
    )

    html = _page(client, user)

    assert "Fibre Amina SARL" in html and enterprise.reference in html
    assert html.count('data-state="done"') == 1 and html.count('data-state="late"') == 1
    assert html.count('data-state="due"') == 2  # a step and the obligation
    assert "Registered in the trade register" in html and "Annual tax declaration" in html
    assert "Yacine Mentorname" in html
    session_day = days_ago(-14)
    from django.utils.formats import date_format

    assert date_format(session_day) in html and date_format(days_ago(-100)) not in html


def test_another_holders_enterprise_never_shows(client, world, held):
    _user, _person, _enterprise = held
    other, _other_person, _theirs = holder_with_enterprise(world, username="holder-karim", title="Zzkarimzz")

    html = _page(client, other)

    assert "Fibre Amina" not in html and "Zzkarimzz" in html
    html = _page(client, held[0])
    assert "Zzkarimzz" not in html


def test_a_holder_may_not_declare_for_another_holders_enterprise(client, world, held):
    _user, _person, enterprise = held
    other, _other_person, _theirs = holder_with_enterprise(world, username="holder-karim")
    client.force_login(other)
    response = client.post(URL, _body(enterprise))
    assert response.status_code == 404
    assert not JobsDeclaration.objects.exists()


def test_a_holder_without_an_enterprise_is_told_so(client, world):
    from tests.portal.factories import make_holder

    user, _account, _person = make_holder(world.oran_agency, username="holder-none")
    html = _page(client, user)
    assert 'id="no-enterprise"' in html


def test_declaring_records_a_pending_declaration_and_says_the_officer_will_confirm(client, held):
    user, person, enterprise = held
    client.force_login(user)

    response = client.post(URL, _body(enterprise), follow=True)

    assert response.redirect_chain == [(URL, 302)]
    html = response.content.decode()
    assert "officer will check and confirm it" in html
    declaration = JobsDeclaration.objects.get()
    assert declaration.enterprise == enterprise and declaration.declared_by == person
    assert declaration.total_jobs == 10 and declaration.turnover_band == TurnoverBand.UNDER_5M
    assert declaration.confirmed_at is None
    assert f'data-declaration="{declaration.pk}"' in html and "Waiting for the officer" in html
    enterprise.refresh_from_db()
    assert enterprise.total_jobs == 0  # counted only once confirmed


def test_a_double_submit_stores_one_declaration(client, held):
    user, _person, enterprise = held
    client.force_login(user)
    body = _body(enterprise)
    first = client.post(URL, body)
    second = client.post(URL, body)
    assert first.status_code == second.status_code == 302
    assert JobsDeclaration.objects.count() == 1


def test_a_declaration_dated_tomorrow_is_refused(client, held):
    user, _person, enterprise = held
    client.force_login(user)
    response = client.post(URL, _body(enterprise, declared_on=days_ago(-1).isoformat()))
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    assert not JobsDeclaration.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"), [("permanent_men", "-1"), ("seasonal_women", "deux"), ("turnover_band", "huge")]
)
def test_a_bad_count_or_band_is_refused(client, held, field, value):
    user, _person, enterprise = held
    client.force_login(user)
    response = client.post(URL, _body(enterprise, **{field: value}))
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert not JobsDeclaration.objects.exists()


def test_an_unknown_enterprise_is_not_found(client, held):
    user, _person, enterprise = held
    client.force_login(user)
    body = _body(enterprise)
    body["enterprise"] = "abc"
    assert client.post(URL, body).status_code == 404


def test_a_closed_enterprise_has_no_form(client, held):
    user, _person, enterprise = held
    enterprise.status, enterprise.ended_on = "closed", datetime.date.today()
    enterprise.save()
    html = _page(client, user)
    assert 'data-form="declaration"' not in html


def test_each_enterprise_has_its_own_form(client, held):
    user, person, _enterprise = held
    second = enterprise_of(person, title="Maintenance réseau")
    client.force_login(user)
    response = client.post(URL, _body(second))
    assert response.status_code == 302
    assert JobsDeclaration.objects.get().enterprise == second


def test_the_home_page_links_to_my_enterprise(client, world, held):
    from tests.portal.factories import make_holder

    client.force_login(held[0])
    html = client.get(reverse("portal:home")).content.decode()
    assert 'id="my-enterprise-link"' in html and "Fibre Amina SARL" in html
    assert 'href="/portal/enterprise/"' in html  # the menu entry too

    nobody, _account, _person = make_holder(world.oran_agency, username="holder-none")
    client.force_login(nobody)
    assert 'id="my-enterprise-link"' not in client.get(reverse("portal:home")).content.decode()


def test_the_page_is_in_french(client, held):
    html = _page(client, held[0], language="fr")
    assert "Mon entreprise" in html and "Mettre à jour les emplois et le chiffre d’affaires" in html


@pytest.mark.parametrize("role", ["agency_officer", "mentor", "director"])
def test_staff_do_not_use_the_holders_page(client, world, role):
    client.force_login(world.users[role])
    assert client.get(URL).status_code == 403


def test_anonymous_visitors_log_in_first(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("portal:login") in response.url


def test_the_form_starts_from_my_last_declaration(client, held):
    user, _person, enterprise = held
    client.force_login(user)
    client.post(URL, _body(enterprise, permanent_men="7"))
    html = client.get(URL).content.decode()
    prefix = declaration_prefix(enterprise.pk)
    assert f'name="{prefix}-permanent_men" value="7"' in html


def test_the_page_is_in_arabic_right_to_left(client, held):
    user, _person, enterprise = held
    client.force_login(user)
    client.post(URL, _body(enterprise))
    html = _page(client, user, language="ar")
    assert 'dir="rtl"' in html and "مؤسستي" in html and "تحديث مناصب الشغل ورقم الأعمال" in html
    assert enterprise.name_ar in html
