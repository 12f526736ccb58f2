"""The study's rules: no favourable result while a mandatory requirement is not met; the
sponsor's sign-off before committee when the programme requires it."""

import pytest
from django.urls import reverse

from rowad.accounts.enums import Role
from rowad.core.models import AuditEntry
from rowad.dossiers import services, study, workflow
from rowad.dossiers.enums import DossierState, SignoffStatus, StudyResult
from rowad.dossiers.models import Dossier
from rowad.dossiers.services import DossierError
from tests.dossiers.factories import (
    SpecificationFactory,
    SpecificationItemFactory,
    advance,
    make_dossier,
    oran_programme,
)
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, province

pytestmark = pytest.mark.integration


@pytest.fixture
def officer(world):
    return world.users["agency_officer"]


def studied(world, officer, programme=None, *, mandatory_status="met"):
    dossier = advance(make_dossier(world, programme=programme), DossierState.UNDER_STUDY, actor=officer)
    spec = SpecificationFactory(programme=dossier.programme)
    item = SpecificationItemFactory(specification=spec, label_fr="Diplôme de technicien", is_mandatory=True)
    study.start_study(dossier, actor=officer)
    return Dossier.objects.get(pk=dossier.pk), item


def test_study_favourable_refused_while_mandatory_item_not_met(world, officer):
    dossier, item = studied(world, officer)
    with pytest.raises(DossierError) as exc:
        study.record_study(
            dossier,
            checks={item.pk: ("not_met", "pas de diplôme")},
            result=StudyResult.FAVOURABLE,
            opinion="Bon projet",
            actor=officer,
        )
    assert (exc.value.code, exc.value.field) == ("mandatory_not_met", "result")
    assert "Diplôme de technicien" in exc.value.message
    assert Dossier.objects.get(pk=dossier.pk).study.result == StudyResult.PENDING


def test_study_unfavourable_allowed_while_mandatory_item_not_met(world, officer):
    dossier, item = studied(world, officer)
    result = study.record_study(
        dossier,
        checks={item.pk: ("not_met", "")},
        result=StudyResult.UNFAVOURABLE,
        opinion="Le diplôme manque",
        actor=officer,
    )
    assert result.result == StudyResult.UNFAVOURABLE


def test_study_favourable_allowed_when_only_an_optional_item_is_not_met(world, officer):
    dossier, item = studied(world, officer)
    optional = SpecificationItemFactory(specification=item.specification, is_mandatory=False)
    study.start_study(dossier, actor=officer)
    result = study.record_study(
        dossier,
        checks={item.pk: ("met", ""), optional.pk: ("not_met", "")},
        result=StudyResult.FAVOURABLE,
        opinion="ok",
        actor=officer,
    )
    assert result.result == StudyResult.FAVOURABLE


def test_study_page_shows_mandatory_not_met_on_the_result_field(client, world, officer):
    dossier, item = studied(world, officer)
    client.force_login(officer)
    response = client.post(
        reverse("dossiers:dossier_study", args=[dossier.pk]),
        {
            "version": dossier.version,
            f"status_{item.pk}": "not_met",
            f"evidence_{item.pk}": "",
            "result": "favourable",
            "opinion": "ok",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["result"] == [
        "A mandatory requirement is not met (Diplôme de technicien): the study cannot be favourable."
    ]


# --- Sign-off ------------------------------------------------------------------------------


@pytest.fixture
def sponsor(world):
    return OrganizationFactory(kind="sponsor", country="DZ", name_fr="Mobilis", provinces=[world.oran])


@pytest.fixture
def signoff_programme(world, sponsor):
    programme = oran_programme(world, requires_sponsor_signoff=True)
    programme.sponsors.set([sponsor])
    return programme


@pytest.fixture
def sponsor_officer(world, sponsor):
    user = UserFactory(username="mobilis-oran")
    MembershipFactory(user=user, organization=sponsor, role=Role.SPONSOR_OFFICER, provinces=[world.oran])
    return user


def favourable(world, officer, programme):
    dossier, item = studied(world, officer, programme)
    study.record_study(
        dossier, checks={item.pk: ("met", "")}, result=StudyResult.FAVOURABLE, opinion="ok", actor=officer
    )
    return Dossier.objects.get(pk=dossier.pk)


def test_send_to_committee_requires_the_sponsor_signoff(world, officer, signoff_programme, sponsor_officer):
    dossier = favourable(world, officer, signoff_programme)
    with pytest.raises(DossierError) as exc:
        services.set_dossier_state(dossier, DossierState.READY_FOR_COMMITTEE, actor=officer)
    assert exc.value.code == "signoff_required"

    study.sign_off_study(dossier, approve=True, actor=sponsor_officer)
    moved = services.set_dossier_state(
        Dossier.objects.get(pk=dossier.pk), DossierState.READY_FOR_COMMITTEE, actor=officer
    )
    assert moved.state == DossierState.READY_FOR_COMMITTEE
    record = moved.study
    assert (record.signoff, record.signoff_by, record.signoff_organization_id) == (
        SignoffStatus.SIGNED,
        sponsor_officer,
        signoff_programme.sponsors.get().pk,
    )
    assert AuditEntry.objects.filter(action="dossiers.study.signed_off", actor=sponsor_officer).count() == 1


def test_send_to_committee_without_the_setting_needs_no_signoff(world, officer):
    dossier = favourable(world, officer, oran_programme(world))
    moved = services.set_dossier_state(dossier, DossierState.READY_FOR_COMMITTEE, actor=officer)
    assert moved.state == DossierState.READY_FOR_COMMITTEE


def test_refused_signoff_needs_a_reason_and_blocks_the_committee(
    world, officer, signoff_programme, sponsor_officer
):
    dossier = favourable(world, officer, signoff_programme)
    with pytest.raises(DossierError) as exc:
        study.sign_off_study(dossier, approve=False, reason=" ", actor=sponsor_officer)
    assert exc.value.code == "reason_required"
    study.sign_off_study(dossier, approve=False, reason="Le matériel ne suffit pas", actor=sponsor_officer)
    problems = services.transition_problems(
        Dossier.objects.get(pk=dossier.pk),
        workflow.find(DossierState.UNDER_STUDY, DossierState.READY_FOR_COMMITTEE),
    )
    assert [p.code for p in problems] == ["signoff_refused"]


def test_changing_the_study_after_signoff_asks_for_a_new_one(
    world, officer, signoff_programme, sponsor_officer
):
    dossier = favourable(world, officer, signoff_programme)
    study.sign_off_study(dossier, approve=True, actor=sponsor_officer)
    dossier = Dossier.objects.get(pk=dossier.pk)
    item_id = dossier.study.checks.get().item_id
    study.record_study(
        dossier,
        checks={item_id: ("met", "")},
        result=StudyResult.RESERVED,
        opinion="Réserves sur le matériel",
        actor=officer,
    )
    assert Dossier.objects.get(pk=dossier.pk).study.signoff == SignoffStatus.PENDING


def test_signoff_refused_to_sponsor_officer_of_another_province(world, officer, signoff_programme, sponsor):
    """A sponsor officer of the programme's sponsor in Algiers, who is also an agency
    officer in Oran, does not sign off an Oran study: role and province from one membership."""
    dossier = favourable(world, officer, signoff_programme)
    user = UserFactory()
    MembershipFactory(
        user=user, organization=sponsor, role=Role.SPONSOR_OFFICER, provinces=[province("DZ", "16")]
    )
    MembershipFactory(
        user=user, organization=world.oran_agency, role=Role.AGENCY_OFFICER, provinces=[world.oran]
    )
    with pytest.raises(DossierError) as exc:
        study.sign_off_study(dossier, approve=True, actor=user)
    assert exc.value.code == "not_sponsor"


def test_signoff_page_records_the_decision(client, world, officer, signoff_programme, sponsor_officer):
    dossier = favourable(world, officer, signoff_programme)
    client.force_login(sponsor_officer)
    detail = client.get(reverse("dossiers:dossier_detail", args=[dossier.pk])).content.decode()
    assert reverse("dossiers:study_signoff", args=[dossier.pk]) in detail
    url = reverse("dossiers:study_signoff", args=[dossier.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"version": dossier.version, "decision": "refuse", "reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    response = client.post(url, {"version": dossier.version, "decision": "sign", "reason": ""})
    assert response.status_code == 302
    assert Dossier.objects.get(pk=dossier.pk).study.signoff == SignoffStatus.SIGNED
    detail = client.get(reverse("dossiers:dossier_detail", args=[dossier.pk])).content.decode()
    assert "Signed off by the sponsor" in detail
