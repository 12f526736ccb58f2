"""The sponsor's specifications written in the application: who writes them (one
membership), versions when a study used them, history and audit, the pages."""

import pytest
from django.urls import reverse

from rowad.accounts.enums import Role
from rowad.core.models import AuditEntry
from rowad.dossiers import specifications
from rowad.dossiers import study as dossier_study
from rowad.dossiers.enums import DossierState
from rowad.dossiers.models import Specification
from rowad.dossiers.services import DossierError
from tests.dossiers.factories import advance, make_dossier, oran_programme
from tests.factories import MembershipFactory, OrganizationFactory, SpecialtyFactory, UserFactory, province

pytestmark = pytest.mark.integration

ITEMS = [
    {"kind": "diploma", "label_ar": "شهادة تقني", "label_fr": "Diplôme de technicien", "is_mandatory": True},
    {"kind": "equipment", "label_ar": "", "label_fr": "Soudeuse optique", "is_mandatory": False},
]


@pytest.fixture
def sponsor(world):
    return OrganizationFactory(kind="sponsor", country="DZ", name_fr="Mobilis", provinces=[world.oran])


@pytest.fixture
def programme(world, sponsor):
    programme = oran_programme(world)
    programme.sponsors.set([sponsor])
    programme.specialties.set([SpecialtyFactory(code="fiber-optics")])
    return programme


@pytest.fixture
def sponsor_officer(sponsor):
    user = UserFactory(username="mobilis-officer")
    MembershipFactory(user=user, organization=sponsor, role=Role.SPONSOR_OFFICER)
    return user


def spec_data(programme, sponsor=None, **overrides):
    data = {
        "name_ar": "دفتر شروط الألياف",
        "name_fr": "Cahier des charges fibre",
        "name_en": "",
        "specialty": programme.specialties.first(),
        "sponsor": sponsor,
    }
    data.update(overrides)
    return data


def test_create_specification_by_sponsor_officer_writes_items_and_audit(programme, sponsor, sponsor_officer):
    spec = specifications.create_specification(
        programme, data=spec_data(programme, sponsor), items=ITEMS, actor=sponsor_officer
    )
    assert (spec.version, spec.is_current, spec.sponsor) == (1, True, sponsor)
    assert list(spec.items.values_list("label_fr", "is_mandatory", "position")) == [
        ("Diplôme de technicien", True, 1),
        ("Soudeuse optique", False, 2),
    ]
    assert spec.history.first().history_user == sponsor_officer
    assert (
        AuditEntry.objects.filter(action="dossiers.specification.created", actor=sponsor_officer).count() == 1
    )


def test_create_specification_refused_to_sponsor_officer_of_another_organization(programme, world):
    other = OrganizationFactory(kind="sponsor", country="DZ")
    user = UserFactory()
    MembershipFactory(user=user, organization=other, role=Role.SPONSOR_OFFICER)
    with pytest.raises(DossierError) as exc:
        specifications.create_specification(programme, data=spec_data(programme), items=ITEMS, actor=user)
    assert exc.value.code == "not_allowed"


def test_writer_takes_role_and_organization_from_one_membership(programme, sponsor):
    """A sponsor organization's director who is a sponsor officer elsewhere does not
    write the programme's specifications."""
    other = OrganizationFactory(kind="sponsor", country="DZ")
    user = UserFactory()
    MembershipFactory(user=user, organization=other, role=Role.SPONSOR_OFFICER)
    MembershipFactory(user=user, organization=sponsor, role=Role.DIRECTOR)
    assert specifications.may_write(user, programme) is False


def test_agency_officer_of_operator_writes_specifications(programme, world):
    spec = specifications.create_specification(
        programme, data=spec_data(programme), items=ITEMS, actor=world.users["agency_officer"]
    )
    assert spec.pk
    assert specifications.may_write(world.outsider, programme, spec) is False


def test_create_specification_twice_for_a_specialty_is_refused(programme, world):
    officer = world.users["agency_officer"]
    specifications.create_specification(programme, data=spec_data(programme), items=ITEMS, actor=officer)
    with pytest.raises(DossierError) as exc:
        specifications.create_specification(programme, data=spec_data(programme), items=ITEMS, actor=officer)
    assert (exc.value.code, exc.value.field) == ("specification_exists", "specialty")


def test_create_specification_without_items_is_refused(programme, world):
    with pytest.raises(DossierError) as exc:
        specifications.create_specification(
            programme,
            data=spec_data(programme),
            items=[{"label_fr": " "}],
            actor=world.users["agency_officer"],
        )
    assert exc.value.code == "no_items"


def test_update_unused_specification_edits_in_place(programme, world):
    officer = world.users["agency_officer"]
    spec = specifications.create_specification(
        programme, data=spec_data(programme), items=ITEMS, actor=officer
    )
    first = spec.items.first()
    items = [{**ITEMS[0], "id": first.pk, "label_fr": "Diplôme de technicien supérieur"}]
    updated = specifications.update_specification(
        spec, data=spec_data(programme), items=items, actor=officer, version=spec.updated_at.isoformat()
    )
    assert updated.pk == spec.pk
    assert list(updated.items.values_list("pk", "label_fr")) == [
        (first.pk, "Diplôme de technicien supérieur")
    ]
    assert AuditEntry.objects.filter(action="dossiers.specification.updated").count() == 1


def test_update_specification_used_by_a_study_writes_a_new_version(programme, world):
    officer = world.users["agency_officer"]
    dossier = advance(
        make_dossier(world, programme=programme, specialty=programme.specialties.first()),
        DossierState.UNDER_STUDY,
        actor=officer,
    )
    spec = specifications.create_specification(
        programme, data=spec_data(programme), items=ITEMS, actor=officer
    )
    study = dossier_study.start_study(dossier, actor=officer)
    assert study.specification == spec

    new = specifications.update_specification(
        spec, data=spec_data(programme), items=[{**ITEMS[0], "label_fr": "BTS télécoms"}], actor=officer
    )

    spec.refresh_from_db()
    study.refresh_from_db()
    assert (new.version, new.previous, new.is_current, spec.is_current) == (2, spec, True, False)
    assert study.specification == spec
    assert list(study.checks.values_list("item__label_fr", flat=True)) == [
        "Diplôme de technicien",
        "Soudeuse optique",
    ]
    assert list(new.items.values_list("label_fr", flat=True)) == ["BTS télécoms"]
    assert dossier_study.specification_for(dossier) == new
    assert AuditEntry.objects.filter(action="dossiers.specification.versioned").count() == 1


def test_update_stale_specification_is_refused(programme, world):
    officer = world.users["agency_officer"]
    spec = specifications.create_specification(
        programme, data=spec_data(programme), items=ITEMS, actor=officer
    )
    with pytest.raises(DossierError) as exc:
        specifications.update_specification(
            spec, data=spec_data(programme), items=ITEMS, actor=officer, version="2000-01-01T00:00:00+00:00"
        )
    assert exc.value.code == "stale_edit"


def formset_post(programme, rows, **fields):
    data = {
        "name_ar": "دفتر شروط",
        "name_fr": "Cahier des charges",
        "name_en": "",
        "specialty": programme.specialties.first().pk,
        "sponsor": "",
        "items-TOTAL_FORMS": str(len(rows)),
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "200",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"items-{index}-{key}"] = value
    data.update(fields)
    return data


def test_specification_pages_create_and_edit(client, programme, sponsor, sponsor_officer):
    client.force_login(sponsor_officer)
    create_url = reverse("dossiers:specification_create", args=[programme.pk])
    assert client.get(create_url).status_code == 200
    rows = [
        {
            "position": "1",
            "kind": "diploma",
            "label_ar": "شهادة",
            "label_fr": "Diplôme",
            "is_mandatory": "on",
        },
        {"position": "2", "kind": "other", "label_ar": "", "label_fr": "", "DELETE": ""},
    ]
    response = client.post(create_url, formset_post(programme, rows, sponsor=sponsor.pk))
    assert response.status_code == 302
    spec = Specification.objects.get()
    assert list(spec.items.values_list("label_fr", "is_mandatory")) == [("Diplôme", True)]

    edit_url = reverse("dossiers:specification_edit", args=[spec.pk])
    page = client.get(edit_url).content.decode()
    assert "Diplôme" in page
    item = spec.items.get()
    rows = [
        {"id": str(item.pk), "position": "1", "kind": "diploma", "label_fr": "Diplôme", "DELETE": "on"},
        {"position": "2", "kind": "staff", "label_fr": "Deux techniciens", "is_mandatory": "on"},
    ]
    response = client.post(
        edit_url, formset_post(programme, rows, sponsor=sponsor.pk, version=spec.updated_at.isoformat())
    )
    assert response.status_code == 302
    assert list(spec.items.values_list("label_fr", flat=True)) == ["Deux techniciens"]
    detail = client.get(reverse("dossiers:specification_detail", args=[spec.pk])).content.decode()
    assert "Deux techniciens" in detail


def test_specification_item_row_returns_a_row_and_the_new_total(client, world):
    client.force_login(world.users["agency_officer"])
    response = client.get(reverse("dossiers:specification_item_row") + "?index=3")
    page = response.content.decode()
    assert 'name="items-3-label_fr"' in page
    assert 'value="4"' in page and "hx-swap-oob" in page


def test_specification_edit_refused_to_another_sponsor(client, programme, sponsor, world):
    spec = specifications.create_specification(
        programme, data=spec_data(programme, sponsor), items=ITEMS, actor=world.users["agency_officer"]
    )
    other = OrganizationFactory(kind="sponsor", country="DZ", provinces=[province("DZ", "31")])
    programme.sponsors.add(other)
    user = UserFactory()
    MembershipFactory(user=user, organization=other, role=Role.SPONSOR_OFFICER)
    client.force_login(user)
    assert client.get(reverse("dossiers:specification_edit", args=[spec.pk])).status_code == 403
