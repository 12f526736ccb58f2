"""Scoring grids written in the application: the agency officer of the programme's
operator (one membership), locked once evaluations were submitted, history and audit."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from rowad.accounts.enums import Role
from rowad.committees import services
from rowad.committees.models import Criterion, ScoringGrid
from rowad.core.models import AuditEntry
from tests.factories import MembershipFactory, OrganizationFactory, ProgrammeFactory, UserFactory

pytestmark = pytest.mark.integration

CRITERIA = [
    {"code": "viability", "name_fr": "Viabilité", "name_ar": "الجدوى", "weight": "3"},
    {"code": "skills", "name_fr": "Compétences", "name_ar": "الكفاءات", "weight": "2"},
    {"code": "impact", "name_fr": "Impact", "name_ar": "الأثر", "weight": "1"},
]


def grid_post(rows, **fields):
    data = {
        "scale_max": "20",
        "criteria-TOTAL_FORMS": str(len(rows)),
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "50",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"criteria-{index}-{key}"] = value
    data.update(fields)
    return data


def submit(committee):
    dossier, member = committee.dossiers[0], committee.members[0]
    evaluation = services.assign_evaluator(dossier, evaluator=member, actor=committee.officer)
    scores = {c.pk: ("12", "") for c in committee.grid.criteria.all()}
    return services.submit_evaluation(evaluation, scores=scores, actor=member)


def test_grid_page_creates_a_grid_with_history_and_audit(client, world):
    programme = ProgrammeFactory(operator=world.oran_agency)
    officer = world.users[Role.AGENCY_OFFICER]
    client.force_login(officer)
    url = reverse("committees:grid_edit", args=[programme.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, grid_post([*CRITERIA, {"code": "", "name_fr": "", "weight": ""}]))
    assert response.status_code == 302
    grid = ScoringGrid.objects.get(programme=programme)
    assert list(grid.criteria.values_list("code", "weight", "position")) == [
        ("viability", D("3.00"), 0),
        ("skills", D("2.00"), 1),
        ("impact", D("1.00"), 2),
    ]
    assert grid.history.first().history_user == officer
    assert AuditEntry.objects.filter(action="committees.grid.saved", actor=officer).count() == 1
    assert programme.name in client.get(reverse("committees:grid_list")).content.decode()


def test_grid_page_row_without_weight_is_refused_on_the_field(client, world):
    programme = ProgrammeFactory(operator=world.oran_agency)
    client.force_login(world.users[Role.AGENCY_OFFICER])
    response = client.post(
        reverse("committees:grid_edit", args=[programme.pk]),
        grid_post([{"code": "viability", "name_fr": "Viabilité", "weight": ""}]),
    )
    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors["weight"]
    assert not ScoringGrid.objects.filter(programme=programme).exists()


def test_grid_with_submitted_evaluation_refuses_a_new_weight(committee):
    submit(committee)
    criteria = [{**c, "weight": "5" if c["code"] == "viability" else c["weight"]} for c in CRITERIA]
    with pytest.raises(services.CommitteeError) as exc:
        services.save_grid(committee.programme, criteria=criteria, actor=committee.officer)
    assert exc.value.code == "grid_locked"
    assert Criterion.objects.get(grid=committee.grid, code="viability").weight == D("3")


def test_grid_with_submitted_evaluation_may_be_renamed(committee):
    submit(committee)
    criteria = [{**c, "name_fr": c["name_fr"] + " du projet"} for c in CRITERIA]
    services.save_grid(committee.programme, criteria=criteria, actor=committee.officer)
    assert Criterion.objects.get(grid=committee.grid, code="viability").name_fr == "Viabilité du projet"


def test_grid_page_explains_the_lock(client, committee):
    submit(committee)
    client.force_login(committee.officer)
    page = client.get(reverse("committees:grid_edit", args=[committee.programme.pk])).content.decode()
    assert 'id="grid-locked"' in page


def test_grid_stale_edit_is_refused(client, committee):
    client.force_login(committee.officer)
    url = reverse("committees:grid_edit", args=[committee.programme.pk])
    response = client.post(url, grid_post(CRITERIA, version="2000-01-01T00:00:00+00:00"))
    assert response.status_code == 409


def test_grid_refused_to_an_officer_of_another_organization(client, world):
    """An agency officer elsewhere who is a director in the operator does not write the grid."""
    programme = ProgrammeFactory(operator=world.oran_agency)
    user = UserFactory()
    MembershipFactory(user=user, organization=OrganizationFactory(country="DZ"), role=Role.AGENCY_OFFICER)
    MembershipFactory(user=user, organization=world.oran_agency, role=Role.DIRECTOR, provinces=[world.oran])
    client.force_login(user)
    assert client.get(reverse("committees:grid_edit", args=[programme.pk])).status_code == 404
    assert services.may_manage_grid(user, programme) is False


def test_criterion_row_returns_a_row_and_the_new_total(client, world):
    client.force_login(world.users[Role.AGENCY_OFFICER])
    page = client.get(reverse("committees:grid_criterion_row") + "?index=2").content.decode()
    assert 'name="criteria-2-code"' in page
    assert 'value="3"' in page
