import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from rowad.core.errors import ConflictError, DomainError
from rowad.core.models import AuditEntry
from rowad.partners import services
from rowad.partners.enums import Benefit, OrganizationKind, PartyRole
from rowad.partners.models import Agreement, AgreementParty, Organization, Programme
from rowad.partners.services import PartyData
from tests.factories import province

pytestmark = pytest.mark.integration

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def org_data(**overrides):
    data = {"kind": OrganizationKind.ASSOCIATION, "country": "DZ", "name_ar": "جمعية الشباب", "name_fr": ""}
    data.update(overrides)
    return data


def programme_data(operator, **overrides):
    data = {
        "code": "new-programme",
        "name_fr": "Nouveau programme",
        "operator": operator,
        "min_members": 1,
        "max_members": 1,
    }
    data.update(overrides)
    return data


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


# --- Organizations -----------------------------------------------------------------------


def test_create_organization_writes_history_and_audit(world, officer):
    org = services.create_organization(
        data=org_data(phone="0550 12 34 56"), provinces=[world.oran], actor=officer
    )
    assert org.phone == "+213550123456"
    assert list(org.provinces.all()) == [world.oran]
    assert org.history.first().history_user == officer
    assert (
        AuditEntry.objects.filter(action="partners.organization.created", object_id=str(org.pk)).count() == 1
    )


def test_create_organization_without_name_is_refused(world, officer):
    with pytest.raises(ValidationError) as excinfo:
        services.create_organization(data=org_data(name_ar=""), provinces=[world.oran], actor=officer)
    assert list(errors_of(excinfo)) == ["name_ar"]


def test_create_organization_with_bad_phone_is_refused(world, officer):
    with pytest.raises(ValidationError) as excinfo:
        services.create_organization(data=org_data(phone="12"), provinces=[world.oran], actor=officer)
    assert list(errors_of(excinfo)) == ["phone"]


def test_create_organization_with_province_of_other_country_is_refused(world, officer):
    with pytest.raises(ValidationError) as excinfo:
        services.create_organization(data=org_data(), provinces=[world.hoceima], actor=officer)
    assert list(errors_of(excinfo)) == ["provinces"]


def test_officer_cannot_record_organization_outside_own_provinces(world, officer):
    with pytest.raises(ValidationError) as excinfo:
        services.create_organization(data=org_data(), provinces=[province("DZ", "16")], actor=officer)
    assert list(errors_of(excinfo)) == ["provinces"]
    assert Organization.objects.filter(name_ar="جمعية الشباب").count() == 0


def test_officer_must_say_which_provinces_a_new_organization_serves(world, officer):
    with pytest.raises(ValidationError) as excinfo:
        services.create_organization(data=org_data(), provinces=[], actor=officer)
    assert list(errors_of(excinfo)) == ["provinces"]


def test_admin_records_organization_anywhere(world):
    admin = world.users["platform_admin"]
    org = services.create_organization(data=org_data(), provinces=[province("DZ", "16")], actor=admin)
    assert org.pk is not None


def test_update_organization_records_change_and_bumps_version(world, officer, partners):
    sponsor = partners["sponsor"]
    updated = services.update_organization(sponsor, data={"acronym": "TO"}, actor=officer, version=1)
    assert updated.acronym == "TO"
    assert updated.version == 2
    assert AuditEntry.objects.filter(action="partners.organization.updated").get().data == {
        "fields": ["acronym"]
    }


def test_update_organization_with_stale_version_is_refused(world, officer, partners):
    sponsor = partners["sponsor"]
    services.update_organization(
        sponsor, data={"acronym": "A"}, actor=world.users["platform_admin"], version=1
    )
    with pytest.raises(ConflictError):
        services.update_organization(sponsor, data={"acronym": "B"}, actor=officer, version=1)
    sponsor.refresh_from_db()
    assert sponsor.acronym == "A"


def test_update_organization_cannot_be_its_own_parent(world, officer):
    with pytest.raises(ValidationError) as excinfo:
        services.update_organization(world.oran_agency, data={"parent": world.oran_agency}, actor=officer)
    assert list(errors_of(excinfo)) == ["parent"]


def test_officer_cannot_update_national_organization(world, officer, partners):
    with pytest.raises(DomainError) as excinfo:
        services.update_organization(partners["national"], data={"acronym": "X"}, actor=officer)
    assert excinfo.value.code == "out_of_scope"


# --- Agreements --------------------------------------------------------------------------


def test_create_agreement_with_parties_programmes_and_document(world, officer, partners):
    document = SimpleUploadedFile("convention.pdf", PDF, content_type="application/pdf")
    agreement = services.create_agreement(
        data={"title": "Convention nouvelle", "starts_on": None, "ends_on": None},
        parties=[
            PartyData(world.oran_agency, PartyRole.OPERATOR, "Étude des dossiers"),
            PartyData(partners["sponsor"], PartyRole.SPONSOR),
        ],
        programmes=[partners["programme"]],
        document=document,
        actor=officer,
    )
    assert sorted(agreement.parties.values_list("role", flat=True)) == ["operator", "sponsor"]
    assert list(agreement.programmes.all()) == [partners["programme"]]
    assert agreement.document.name.startswith("agreements/")
    assert agreement.document.open("rb").read() == PDF
    assert AuditEntry.objects.filter(action="partners.agreement.created").count() == 1


def test_agreement_needs_two_different_parties(world, officer):
    with pytest.raises(ValidationError) as excinfo:
        services.create_agreement(
            data={"title": "Seule"},
            parties=[
                PartyData(world.oran_agency, PartyRole.OPERATOR),
                PartyData(world.oran_agency, PartyRole.FUNDER),
            ],
            actor=officer,
        )
    assert list(errors_of(excinfo)) == ["parties"]
    assert Agreement.objects.filter(title="Seule").count() == 0


def test_agreement_end_before_start_is_refused(world, officer, partners):
    from datetime import date

    with pytest.raises(ValidationError) as excinfo:
        services.create_agreement(
            data={"title": "Dates", "starts_on": date(2024, 5, 1), "ends_on": date(2024, 1, 1)},
            parties=[
                PartyData(world.oran_agency, PartyRole.OPERATOR),
                PartyData(partners["sponsor"], PartyRole.SPONSOR),
            ],
            actor=officer,
        )
    assert list(errors_of(excinfo)) == ["ends_on"]


def test_agreement_signed_in_the_future_is_refused(world, officer, partners):
    from datetime import date

    with pytest.raises(ValidationError) as excinfo:
        services.create_agreement(
            data={"title": "Futur", "signed_on": date(2999, 1, 1)},
            parties=[
                PartyData(world.oran_agency, PartyRole.OPERATOR),
                PartyData(partners["sponsor"], PartyRole.SPONSOR),
            ],
            actor=officer,
        )
    assert list(errors_of(excinfo)) == ["signed_on"]


def test_officer_agreement_must_include_own_organization(world, officer, partners):
    with pytest.raises(ValidationError) as excinfo:
        services.create_agreement(
            data={"title": "Sans nous"},
            parties=[
                PartyData(partners["sponsor"], PartyRole.SPONSOR),
                PartyData(partners["national"], PartyRole.FUNDER),
            ],
            actor=officer,
        )
    assert list(errors_of(excinfo)) == ["parties"]


def test_agreement_with_text_file_as_document_is_refused(world, officer, partners):
    document = SimpleUploadedFile("convention.pdf", b"just text", content_type="application/pdf")
    with pytest.raises(ValidationError) as excinfo:
        services.create_agreement(
            data={"title": "Faux PDF"},
            parties=[
                PartyData(world.oran_agency, PartyRole.OPERATOR),
                PartyData(partners["sponsor"], PartyRole.SPONSOR),
            ],
            document=document,
            actor=officer,
        )
    assert list(errors_of(excinfo)) == ["document"]


def test_update_agreement_replaces_parties_and_keeps_their_history(world, officer, partners):
    agreement = partners["agreement"]
    services.update_agreement(
        agreement,
        data={},
        parties=[
            PartyData(world.oran_agency, PartyRole.OPERATOR),
            PartyData(partners["national"], PartyRole.FUNDER),
        ],
        version=1,
        actor=officer,
    )
    agreement.refresh_from_db()
    assert agreement.version == 2
    assert sorted(agreement.parties.values_list("organization__name_fr", flat=True)) == [
        "ANADE Oran",
        "Télécom national",
    ]
    removed = AgreementParty.history.filter(agreement_id=agreement.pk, history_type="-").get()
    assert removed.organization == partners["sponsor"]
    assert removed.history_user == officer


def test_update_agreement_with_stale_version_is_refused(world, officer, partners):
    agreement = partners["agreement"]
    services.update_agreement(agreement, data={"title": "Premier"}, version=1, actor=officer)
    with pytest.raises(ConflictError):
        services.update_agreement(agreement, data={"title": "Second"}, version=1, actor=officer)
    agreement.refresh_from_db()
    assert agreement.title == "Premier"


def test_outsider_cannot_update_agreement(world, partners):
    with pytest.raises(DomainError) as excinfo:
        services.update_agreement(partners["agreement"], data={"title": "X"}, actor=world.outsider)
    assert excinfo.value.code == "out_of_scope"


# --- Programmes --------------------------------------------------------------------------


def test_create_programme_with_eligibility_rules(world, officer, partners):
    programme = services.create_programme(
        data=programme_data(
            world.oran_agency,
            min_age=19,
            max_age=35,
            requires_unemployed=True,
            benefits=[Benefit.TRAINING, Benefit.GRANT],
            min_education="vocational",
            max_members=3,
        ),
        relations={
            "provinces": [world.oran],
            "sponsors": [partners["sponsor"]],
            "agreements": [partners["agreement"]],
        },
        actor=officer,
    )
    assert programme.benefits == ["grant", "training"]
    assert list(programme.provinces.all()) == [world.oran]
    assert programme.history.count() == 2
    assert AuditEntry.objects.filter(action="partners.programme.created").count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"min_age": 40, "max_age": 30}, "max_age"),
        ({"min_age": 5}, "min_age"),
        ({"min_members": 3, "max_members": 2}, "max_members"),
        ({"min_members": 0}, "min_members"),
        ({"benefits": ["free-money"]}, "benefits"),
        ({"min_education": "phd"}, "min_education"),
        ({"code": ""}, "code"),
        ({"name_fr": ""}, "name_ar"),
    ],
)
def test_create_programme_with_bad_rules_is_refused(world, officer, overrides, field):
    with pytest.raises(ValidationError) as excinfo:
        services.create_programme(data=programme_data(world.oran_agency, **overrides), actor=officer)
    assert list(errors_of(excinfo)) == [field]


def test_programme_end_before_start_is_refused(world, officer):
    from datetime import date

    with pytest.raises(ValidationError) as excinfo:
        services.create_programme(
            data=programme_data(world.oran_agency, starts_on=date(2025, 1, 2), ends_on=date(2025, 1, 1)),
            actor=officer,
        )
    assert list(errors_of(excinfo)) == ["ends_on"]


def test_programme_code_must_be_unique(world, officer, partners):
    with pytest.raises(ValidationError) as excinfo:
        services.create_programme(data=programme_data(world.oran_agency, code="oran-ict"), actor=officer)
    assert list(errors_of(excinfo)) == ["code"]


def test_programme_provinces_must_be_in_operator_country(world, officer):
    with pytest.raises(ValidationError) as excinfo:
        services.create_programme(
            data=programme_data(world.oran_agency), relations={"provinces": [world.hoceima]}, actor=officer
        )
    assert list(errors_of(excinfo)) == ["provinces"]


def test_officer_cannot_create_programme_for_another_operator(world, officer, partners):
    with pytest.raises(ValidationError) as excinfo:
        services.create_programme(data=programme_data(partners["sponsor"]), actor=officer)
    assert list(errors_of(excinfo)) == ["operator"]
    assert Programme.objects.filter(code="new-programme").count() == 0


def test_update_programme_records_one_history_row_with_m2m_changes(world, officer, partners):
    programme = partners["programme"]
    before = programme.history.count()
    services.update_programme(
        programme,
        data={"max_age": 40},
        relations={"provinces": [world.oran]},
        version=1,
        actor=officer,
    )
    assert programme.history.count() == before + 1
    programme.refresh_from_db()
    assert (programme.max_age, programme.version) == (40, 2)


def test_update_programme_with_stale_version_is_refused(world, officer, partners):
    programme = partners["programme"]
    services.update_programme(programme, data={"max_age": 40}, version=1, actor=officer)
    with pytest.raises(ConflictError):
        services.update_programme(programme, data={"max_age": 30}, version=1, actor=officer)


def test_outsider_cannot_update_programme(world, partners):
    with pytest.raises(DomainError):
        services.update_programme(partners["programme"], data={"max_age": 40}, actor=world.outsider)


def test_officer_cannot_add_sponsor_outside_scope(world, officer, partners):
    with pytest.raises(ValidationError) as excinfo:
        services.update_programme(
            partners["programme"],
            data={},
            relations={"sponsors": [partners["foreign_partner"]]},
            actor=officer,
        )
    assert list(errors_of(excinfo)) == ["sponsors"]
