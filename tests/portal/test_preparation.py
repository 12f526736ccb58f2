"""The holder's preparation pages: the specialty in the dossier form, co-holders, the
proposed financing plan; another holder's dossier is a 404, a submitted one is closed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rowad.dossiers.enums import DossierState, RuleOutcome
from rowad.financing.models import FinancingPlan
from tests.dossiers.factories import make_dossier, oran_programme
from tests.factories import SpecialtyFactory
from tests.financing.factories import three_part_formula
from tests.financing.plan_helpers import bank

pytestmark = pytest.mark.integration


@pytest.fixture
def dossier(world, holder):
    programme = oran_programme(world, min_members=1, max_members=2)
    programme.specialties.set([SpecialtyFactory(code="fiber-optics", name_fr="Fibre optique")])
    three_part_formula(programme, agency=world.oran_agency, bank=bank(world))
    return make_dossier(world, programme=programme, holders=[holder[2]], actor=holder[0], investment=4500000)


@pytest.fixture
def holder_client(client, holder):
    client.force_login(holder[0])
    return client


def _rule(dossier, rule):
    dossier.refresh_from_db()
    return next(x for x in dossier.eligibility if x["rule"] == rule)["outcome"]


def test_preparation_holder_chooses_the_specialty(holder_client, dossier):
    assert _rule(dossier, "specialty") == RuleOutcome.UNKNOWN
    specialty = dossier.programme.specialties.get()
    page = holder_client.get(reverse("portal:dossier_edit", args=[dossier.pk])).content.decode()
    assert "Fibre optique" in page
    data = {
        "title": dossier.title,
        "idea": dossier.idea,
        "specialty": specialty.pk,
        "legal_form": dossier.legal_form,
        "investment": "4500000",
        "version": dossier.version,
    }
    response = holder_client.post(reverse("portal:dossier_edit", args=[dossier.pk]), data)
    assert response.status_code == 302
    assert _rule(dossier, "specialty") == RuleOutcome.PASSED
    page = holder_client.get(reverse("portal:dossier_detail", args=[dossier.pk])).content.decode()
    assert "Fibre optique is one of the programme&#x27;s specialties." in page


def test_preparation_specialty_of_another_programme_is_refused(holder_client, dossier):
    other = SpecialtyFactory(code="beekeeping")
    data = {
        "title": dossier.title,
        "idea": dossier.idea,
        "specialty": other.pk,
        "legal_form": dossier.legal_form,
        "version": dossier.version,
    }
    response = holder_client.post(reverse("portal:dossier_edit", args=[dossier.pk]), data)
    assert response.status_code == 400


def test_preparation_add_and_remove_a_coholder(holder_client, dossier):
    url = reverse("portal:dossier_coholders", args=[dossier.pk])
    response = holder_client.post(url, {"name": "Karim Benali", "phone": "0770 98 76 54"})
    assert response.status_code == 302
    person = dossier.holders.get(given_name_latin="Karim")
    page = holder_client.get(url).content.decode()
    assert "Karim Benali" in page
    assert 'id="coholder-form"' not in page  # the programme's limit (2) is reached
    again = holder_client.post(url, {"name": "Nadia", "phone": "0771987654"})
    assert again.status_code == 400
    remove = reverse("portal:dossier_coholder_remove", args=[dossier.pk, person.pk])
    assert holder_client.post(remove).status_code == 302
    assert dossier.holders.count() == 1


def test_preparation_propose_the_plan(holder_client, dossier):
    url = reverse("portal:dossier_plan", args=[dossier.pk])
    page = holder_client.get(url).content.decode()
    parts = list(dossier.programme.financing_formulas.get().parts.order_by("position"))
    assert f'name="part_{parts[0].pk}"' in page
    data = {
        f"part_{parts[0].pk}": "450000",
        f"part_{parts[1].pk}": "1260000",
        f"part_{parts[2].pk}": "2790000",
    }
    refused = holder_client.post(url, data)
    assert refused.status_code == 400
    assert "explain why" in refused.content.decode()
    response = holder_client.post(url, {**data, "reason": "Mes économies."})
    assert response.status_code == 302
    plan = FinancingPlan.objects.get(dossier=dossier)
    assert sorted(line.amount for line in plan.lines.all()) == [450000, 1260000, 2790000]


def test_preparation_pages_of_another_holder_are_404(client, dossier, other_holder):
    client.force_login(other_holder[0])
    for name in ("portal:dossier_coholders", "portal:dossier_plan"):
        assert client.get(reverse(name, args=[dossier.pk])).status_code == 404


def test_preparation_closed_after_submission(holder_client, dossier):
    type(dossier).objects.filter(pk=dossier.pk).update(state=DossierState.SUBMITTED)
    response = holder_client.get(reverse("portal:dossier_plan", args=[dossier.pk]))
    assert response["Location"] == reverse("portal:dossier_detail", args=[dossier.pk])
