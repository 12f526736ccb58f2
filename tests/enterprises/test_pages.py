"""The enterprise pages: the list and its filters, recording an enterprise from a dossier
(happy path and every bad input), the enterprise page, editing with a stale version."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from rowad.dossiers.enums import DossierState
from rowad.dossiers.models import DossierHolder
from rowad.enterprises.enums import EnterpriseStatus, LegalForm
from rowad.enterprises.models import Enterprise
from tests.enterprises.factories import VALID_DZ, record_enterprise
from tests.enterprises.pages_helpers import create_body, financed_dossier

pytestmark = pytest.mark.django_db
OFFICER = "agency_officer"


@pytest.fixture
def officer_client(client, world):
    client.force_login(world.users[OFFICER])
    return client


def _enterprise(world, **fields):
    return record_enterprise(financed_dossier(world), actor=world.users[OFFICER], **fields)


# --- the list ---


def test_the_list_shows_the_scoped_enterprises_with_their_columns(world, officer_client):
    enterprise = _enterprise(world, name_latin="Zzfibreoranzz", identifiers=VALID_DZ)
    response = officer_client.get(reverse("enterprises:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Zzfibreoranzz" in body and enterprise.reference in body
    assert "Individual micro-enterprise" in body and "never" in body


def test_the_filter_bar_narrows_by_status_and_year(world, officer_client):
    alive = _enterprise(world, name_latin="Zzaliveonezz")
    closed = _enterprise(world, name_latin="Zzclosedonezz")
    Enterprise.objects.filter(pk=closed.pk).update(status=EnterpriseStatus.CLOSED, ended_on=closed.created_on)
    body = officer_client.get(reverse("enterprises:list"), {"status": "closed"}).content.decode()
    assert "Zzclosedonezz" in body and alive.name_latin not in body
    year = datetime.date.today().year
    body = officer_client.get(reverse("enterprises:list"), {"created_year": year - 5}).content.decode()
    assert "Zzclosedonezz" not in body and "No enterprise matches these filters." in body


def test_a_figure_link_parameter_shows_as_a_chip_and_filters(world, officer_client):
    woman = _enterprise(world, name_latin="Zzwomanzz")
    Enterprise.objects.filter(pk=woman.pk).update(manager_sex="F")
    man = _enterprise(world, name_latin="Zzmanzz")
    Enterprise.objects.filter(pk=man.pk).update(manager_sex="M")
    response = officer_client.get(reverse("enterprises:list"), {"sex": "F", "status": "operating"})
    body = response.content.decode()
    assert "Zzwomanzz" in body and "Zzmanzz" not in body
    assert 'data-param="sex"' in body and "Managed by a woman" in body
    assert 'id="clear-filters"' in body
    # The chip's remove link keeps the other filters and drops this one.
    chip = next(c for c in response.context["chips"] if c["name"] == "sex")
    assert "status=operating" in chip["remove"] and "sex" not in chip["remove"]


def test_a_malformed_figure_parameter_is_ignored_without_a_chip(world, officer_client):
    _enterprise(world, name_latin="Zzanyzz")
    response = officer_client.get(reverse("enterprises:list"), {"alive_at": "9"})
    assert "Zzanyzz" in response.content.decode() and response.context["chips"] == []


def test_a_mentor_sees_only_their_caseload(world, client):
    from tests.enterprises.factories import AssignmentFactory

    mine = _enterprise(world, name_latin="Zzminezz")
    _enterprise(world, name_latin="Zznotminezz")
    mentor = world.users["mentor"]
    AssignmentFactory(dossier=mine.dossier, mentor=mentor)
    client.force_login(mentor)
    body = client.get(reverse("enterprises:list")).content.decode()
    assert mine.reference in body and "Zznotminezz" not in body


# --- recording the enterprise ---


def test_the_create_form_records_the_enterprise_and_moves_the_dossier(world, officer_client):
    dossier = financed_dossier(world)
    url = reverse("enterprises:create", args=[dossier.pk])
    page = officer_client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Tax identification number (NIF)" in text and "16/00-0012345 B 08" in text
    assert "format checked only" in text and "ICE" not in text  # Algeria: no Moroccan ICE
    response = officer_client.post(url, create_body(dossier))
    enterprise = Enterprise.objects.get(dossier=dossier)
    assert response.status_code == 302 and response.url == reverse("enterprises:detail", args=[enterprise.pk])
    dossier.refresh_from_db()
    assert dossier.state == DossierState.COMPANY_CREATED
    assert enterprise.trade_register == "31/00-0123456 B 21" and enterprise.name_ar == "مؤسسة الألياف"


def test_a_bad_identifier_is_shown_on_its_field(world, officer_client):
    dossier = financed_dossier(world)
    response = officer_client.post(
        reverse("enterprises:create", args=[dossier.pk]), create_body(dossier, tax_id="12AB")
    )
    assert response.status_code == 200 and not Enterprise.objects.exists()
    form = response.context["form"]
    assert form.errors["tax_id"] and "Tax identification number (NIF)" in form.errors["tax_id"][0]
    assert 'aria-invalid="true"' in response.content.decode()


def test_a_dossier_not_financed_gets_no_enterprise(world, officer_client):
    from tests.dossiers.factories import advance, make_dossier

    officer = world.users[OFFICER]
    dossier = advance(make_dossier(world, actor=officer), DossierState.APPROVED, actor=officer)
    response = officer_client.post(reverse("enterprises:create", args=[dossier.pk]), create_body(dossier))
    assert response.status_code == 200 and not Enterprise.objects.exists()
    assert "An enterprise is recorded for a financed dossier" in response.content.decode()


def test_a_second_enterprise_for_the_dossier_is_refused(world, officer_client):
    dossier = financed_dossier(world)
    url = reverse("enterprises:create", args=[dossier.pk])
    body = create_body(dossier)
    assert officer_client.post(url, body).status_code == 302
    again = officer_client.post(url, body)
    assert again.status_code == 409 and Enterprise.objects.filter(dossier=dossier).count() == 1
    assert "This dossier already has its enterprise." in again.content.decode()
    # Reaching the form again leads to the enterprise.
    assert officer_client.get(url).status_code == 302


def test_a_cooperative_below_its_minimum_is_refused_on_the_owners(world, officer_client):
    dossier = financed_dossier(world, holders=2)
    people = list(DossierHolder.objects.filter(dossier=dossier).order_by("-is_lead", "id"))
    body = create_body(
        dossier,
        legal_form=LegalForm.COOPERATIVE,
        **{
            f"owner_{people[0].person_id}_role": "manager",
            f"owner_{people[0].person_id}_share": "50",
            f"owner_{people[1].person_id}_role": "cooperative_member",
            f"owner_{people[1].person_id}_share": "50",
        },
    )
    response = officer_client.post(reverse("enterprises:create", args=[dossier.pk]), body)
    assert response.status_code == 200 and not Enterprise.objects.exists()
    assert "A cooperative needs at least 7 members; 2 are listed." in response.content.decode()
    assert 'id="owners-error"' in response.content.decode()


def test_a_stale_dossier_version_is_a_conflict(world, officer_client):
    dossier = financed_dossier(world)
    body = create_body(dossier, version=str(dossier.version - 1))
    response = officer_client.post(reverse("enterprises:create", args=[dossier.pk]), body)
    assert response.status_code == 409 and not Enterprise.objects.exists()
    assert 'id="conflict"' in response.content.decode()


def test_the_outsider_cannot_reach_the_create_form(world, client):
    dossier = financed_dossier(world)
    client.force_login(world.outsider)
    assert client.get(reverse("enterprises:create", args=[dossier.pk])).status_code == 404


# --- the enterprise page ---


def test_the_enterprise_page_flags_overdue_steps(world, officer_client):
    enterprise = _enterprise(world, created_on=datetime.date.today() - datetime.timedelta(days=200))
    response = officer_client.get(reverse("enterprises:detail", args=[enterprise.pk]))
    assert response.status_code == 200
    states = {row["state"] for row in response.context["steps"]}
    assert states == {"late"} and response.context["late_steps"] == enterprise.steps.count()
    assert 'id="late-steps"' in response.content.decode()


def test_marking_a_step_done_from_the_page(world, officer_client):
    enterprise = _enterprise(world)
    step = enterprise.steps.first()
    url = reverse("enterprises:step_done", args=[step.pk])
    response = officer_client.post(
        url,
        {f"step-{step.pk}-done_on": datetime.date.today().isoformat(), f"step-{step.pk}-reference": "R-1"},
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.done_on == datetime.date.today() and step.reference == "R-1"
    reopen = officer_client.post(reverse("enterprises:step_reopen", args=[step.pk]))
    assert reopen.status_code == 302
    step.refresh_from_db()
    assert step.done_on is None


def test_a_step_dated_tomorrow_is_refused_on_the_page(world, officer_client):
    enterprise = _enterprise(world)
    step = enterprise.steps.first()
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    response = officer_client.post(
        reverse("enterprises:step_done", args=[step.pk]), {f"step-{step.pk}-done_on": tomorrow}
    )
    assert response.status_code == 200
    assert "the date cannot be in the future" in response.content.decode()
    step.refresh_from_db()
    assert step.done_on is None


# --- editing ---


def test_editing_the_enterprise_with_a_stale_version_is_told(world, officer_client):
    enterprise = _enterprise(world, name_latin="Before")
    url = reverse("enterprises:edit", args=[enterprise.pk])
    form = officer_client.get(url).context["form"]
    body = {name: form[name].value() or "" for name in form.fields}
    body["name_latin"] = "After"
    assert officer_client.post(url, body).status_code == 302
    body["name_latin"] = "Overwritten"  # the same (old) version again
    stale = officer_client.post(url, body)
    assert stale.status_code == 409 and "Someone else changed this enterprise" in stale.content.decode()
    enterprise.refresh_from_db()
    assert enterprise.name_latin == "After"


def test_editing_with_a_bad_identifier_is_shown_on_its_field(world, officer_client):
    enterprise = _enterprise(world)
    url = reverse("enterprises:edit", args=[enterprise.pk])
    form = officer_client.get(url).context["form"]
    body = {name: form[name].value() or "" for name in form.fields} | {"statistical_id": "123"}
    response = officer_client.post(url, body)
    assert response.status_code == 200 and response.context["form"].errors["statistical_id"]


def test_the_owners_page_replaces_the_manager(world, officer_client):
    dossier = financed_dossier(world, holders=2)
    enterprise = record_enterprise(dossier, actor=world.users[OFFICER], legal_form=LegalForm.SARL)
    first, second = [
        link.person_id for link in DossierHolder.objects.filter(dossier=dossier).order_by("-is_lead", "id")
    ]
    url = reverse("enterprises:members_edit", args=[enterprise.pk])
    enterprise.refresh_from_db()
    body = {
        "version": str(enterprise.version),
        f"owner_{second}_role": "manager",
        f"owner_{second}_share": "100",
    }
    assert officer_client.post(url, body).status_code == 302
    assert enterprise.members.get(person_id=first).left_on == datetime.date.today()
    assert enterprise.members.get(person_id=second, left_on__isnull=True).role == "manager"


# --- sections ---


def test_the_dossier_page_offers_to_record_then_links_the_enterprise(world, officer_client):
    dossier = financed_dossier(world)
    url = reverse("dossiers:dossier_detail", args=[dossier.pk])
    assert 'id="record-enterprise-link"' in officer_client.get(url).content.decode()
    record_enterprise(dossier, actor=world.users[OFFICER])
    body = officer_client.get(url).content.decode()
    assert 'id="enterprise-link"' in body and 'id="record-enterprise-link"' not in body


def test_the_person_page_lists_the_person_s_enterprises(world, officer_client):
    enterprise = _enterprise(world, name_latin="Zzpersonentzz")
    person = enterprise.members.first().person
    body = officer_client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Zzpersonentzz" in body and 'id="person-enterprises"' in body


# --- a step's document ---


def test_a_step_document_is_served_to_readers_only(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from rowad.enterprises.services.editing import complete_step
    from tests.dossiers.factories import PDF_BYTES

    enterprise = _enterprise(world)
    step = complete_step(
        enterprise.steps.first(),
        actor=world.users[OFFICER],
        done_on=datetime.date.today(),
        document=SimpleUploadedFile("certificat.pdf", PDF_BYTES),
    )
    url = reverse("enterprises:step_document", args=[step.pk])
    client.force_login(world.users["director"])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    assert "certificat.pdf" in response["Content-Disposition"]
    for user in (world.users["mentor"], world.outsider):  # the mentor: not their caseload
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(world.users["director"])
    bare = enterprise.steps.exclude(pk=step.pk).first()
    assert client.get(reverse("enterprises:step_document", args=[bare.pk])).status_code == 404


def test_a_figure_year_outside_the_scope_shows_no_form_error(world, officer_client):
    _enterprise(world)
    response = officer_client.get(reverse("enterprises:list"), {"created_year": "2001"})
    assert response.status_code == 200 and not response.context["filter_form"].errors


def test_the_create_form_proposes_the_lead_holder_as_manager(world, officer_client):
    dossier = financed_dossier(world, holders=2)
    form = officer_client.get(reverse("enterprises:create", args=[dossier.pk])).context["form"]
    lead, other = [
        link.person_id for link in DossierHolder.objects.filter(dossier=dossier).order_by("-is_lead", "id")
    ]
    assert form[f"owner_{lead}_role"].value() == "manager"
    assert form[f"owner_{other}_role"].value() == "associate"
