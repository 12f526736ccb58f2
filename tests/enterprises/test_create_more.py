"""More bad input for create_enterprise: owners and shares against the legal form, dates,
two officers at once (a stale dossier version), and the holder's data export."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from rowad.core import privacy
from rowad.dossiers.enums import DossierState
from rowad.enterprises.enums import ErrorCode, LegalForm, MemberRole
from rowad.enterprises.errors import EnterpriseConflict, EnterpriseError
from rowad.enterprises.models import Enterprise, EnterpriseMember
from rowad.enterprises.services.common import today
from tests.committees.factories import DossierFactory
from tests.dossiers.factories import oran_programme
from tests.enterprises.factories import VALID_DZ, record_enterprise
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

M, A = MemberRole.MANAGER, MemberRole.ASSOCIATE


@pytest.fixture
def pair(world):
    """A financed Oran dossier with two holders (lead first), written directly (walking
    one through the committee is test_create.py's; here only the enterprise matters)."""
    holders = [PersonFactory(national_id=""), PersonFactory(national_id="")]
    dossier = DossierFactory(
        state=DossierState.FINANCED,
        organization=world.oran_agency,
        programme=oran_programme(world),
        province=world.oran,
        holders=holders,
    )
    dossier.people = holders
    return dossier


def refused(world, dossier, code, field="members", **fields):
    with pytest.raises(EnterpriseError) as error:
        record_enterprise(dossier, actor=world.users["agency_officer"], **fields)
    assert error.value.code == code
    assert error.value.field == field
    dossier.refresh_from_db()
    assert dossier.state == DossierState.FINANCED
    assert not Enterprise.objects.exists() and not EnterpriseMember.objects.exists()
    return error.value


def owners(dossier, *rows):
    return [
        {"person": person.pk, "role": role, "share": share}
        for person, (role, share) in zip(dossier.people, rows, strict=True)
    ]


# --- owners and shares ------------------------------------------------------------------


@pytest.mark.parametrize(("first", "second"), [("60", "30"), ("60", "50"), ("99.99", "0.001"), ("50", None)])
def test_shares_that_do_not_make_100_are_refused(world, pair, first, second):
    error = refused(
        world,
        pair,
        ErrorCode.SHARES,
        legal_form=LegalForm.SARL,
        members=owners(pair, (M, first), (A, second)),
    )
    assert "must add up to 100" in str(error)


@pytest.mark.parametrize("share", ["abc", "0", "-10", "120", "100.5"])
def test_a_share_that_is_not_a_percentage_is_refused(world, pair, share):
    error = refused(
        world, pair, ErrorCode.SHARES, legal_form=LegalForm.SARL, members=owners(pair, (M, share), (A, "50"))
    )
    assert str(error) == "A share is a percentage between 0 and 100."


def test_shares_written_with_a_comma_or_a_percent_sign_are_read(world, pair):
    enterprise = record_enterprise(
        pair,
        actor=world.users["agency_officer"],
        legal_form=LegalForm.SARL,
        members=owners(pair, (M, "50,5"), (A, "49.5 %")),
    )
    shares = dict(enterprise.members.values_list("role", "share"))
    assert shares == {M: Decimal("50.50"), A: Decimal("49.50")}


def test_two_managers_are_refused(world, pair):
    error = refused(
        world, pair, ErrorCode.MEMBERS, legal_form=LegalForm.SARL, members=owners(pair, (M, "50"), (M, "50"))
    )
    assert str(error) == "Name exactly one manager among the owners."


def test_no_manager_is_refused(world, pair):
    refused(
        world, pair, ErrorCode.MEMBERS, legal_form=LegalForm.SARL, members=owners(pair, (A, "50"), (A, "50"))
    )


def test_a_person_who_is_not_a_holder_cannot_own_it(world, pair):
    stranger = PersonFactory(national_id="")
    members = [
        {"person": pair.people[0].pk, "role": M, "share": "50"},
        {"person": stranger.pk, "role": A, "share": "50"},
    ]
    error = refused(world, pair, ErrorCode.MEMBERS, legal_form=LegalForm.SARL, members=members)
    assert str(error) == "Every owner must be one of the dossier's holders."


@pytest.mark.parametrize("person", [None, "", "abc", 0])
def test_an_owner_without_a_person_is_refused(world, pair, person):
    members = [{"person": person, "role": M, "share": "100"}]
    refused(world, pair, ErrorCode.MEMBERS, legal_form=LegalForm.MICRO_ENTERPRISE, members=members)


def test_the_same_person_twice_is_refused(world, pair):
    lead = pair.people[0].pk
    members = [{"person": lead, "role": M, "share": "50"}, {"person": lead, "role": A, "share": "50"}]
    error = refused(world, pair, ErrorCode.MEMBERS, legal_form=LegalForm.SARL, members=members)
    assert str(error) == "A person is listed twice among the owners."


def test_an_unknown_role_is_refused(world, pair):
    refused(
        world,
        pair,
        ErrorCode.MEMBERS,
        legal_form=LegalForm.SARL,
        members=owners(pair, (M, "50"), ("boss", "50")),
    )


@pytest.mark.parametrize("form", [LegalForm.EURL, LegalForm.MICRO_ENTERPRISE, LegalForm.AUTO_ENTREPRENEUR])
def test_a_single_owner_form_with_two_owners_is_refused(world, pair, form):
    error = refused(
        world, pair, ErrorCode.MEMBERS, legal_form=form, members=owners(pair, (M, None), (A, None))
    )
    assert str(error) == f"{LegalForm(form).label} has a single owner."


def test_a_single_owner_form_with_its_manager_alone_is_accepted(world, pair):
    members = [{"person": pair.people[1].pk, "role": M}]
    enterprise = record_enterprise(
        pair, actor=world.users["agency_officer"], legal_form=LegalForm.EURL, members=members
    )
    assert list(enterprise.members.values_list("person_id", "role")) == [(pair.people[1].pk, M)]


def test_the_default_owners_are_the_holders_sharing_equally(world, pair):
    enterprise = record_enterprise(pair, actor=world.users["agency_officer"], legal_form=LegalForm.SARL)
    rows = list(enterprise.members.order_by("id").values_list("person_id", "role", "share"))
    assert rows == [(pair.people[0].pk, M, Decimal("50.00")), (pair.people[1].pk, A, Decimal("50.00"))]


# --- the other fields -------------------------------------------------------------------


def test_a_creation_date_in_the_future_is_refused(world, pair):
    tomorrow = today() + datetime.timedelta(days=1)
    error = refused(world, pair, ErrorCode.FUTURE_DATE, field="created_on", created_on=tomorrow)
    assert str(error) == "Creation date: the date cannot be in the future."
    refused(world, pair, ErrorCode.FUTURE_DATE, field="created_on", created_on=tomorrow.isoformat())


@pytest.mark.parametrize("created_on", ["", "2024-13-01", "15/03/2024", None])
def test_a_creation_date_that_is_not_a_date_is_refused(world, pair, created_on):
    error = refused(world, pair, ErrorCode.INVALID, field="created_on", created_on=created_on)
    assert str(error) == "Creation date: enter a date."


def test_today_and_an_iso_date_are_accepted(world, pair):
    enterprise = record_enterprise(pair, actor=world.users["agency_officer"], created_on=" 2024-03-15 ")
    assert enterprise.created_on == datetime.date(2024, 3, 15)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"legal_form": "gmbh"}, "legal_form"),
        ({"activity": "   "}, "activity"),
        ({"name_ar": " ", "name_latin": ""}, "name_ar"),
    ],
)
def test_a_missing_form_activity_or_name_is_refused(world, pair, fields, field):
    refused(world, pair, ErrorCode.INVALID, field=field, **fields)


def test_an_identifier_of_the_other_country_is_refused(world, pair):
    error = refused(
        world,
        pair,
        ErrorCode.INVALID_IDENTIFIER,
        field="ice",
        identifiers={**VALID_DZ, "ice": "001561191000066"},
    )
    assert str(error) == "This identifier is not used for this country or legal form."


# --- two officers at once -----------------------------------------------------------------


def test_a_stale_dossier_version_is_a_conflict(world, pair):
    with pytest.raises(EnterpriseConflict) as error:
        record_enterprise(pair, actor=world.users["agency_officer"], expected_version=pair.version - 1)
    assert error.value.code == ErrorCode.STALE_EDIT
    assert error.value.status_code == 409
    pair.refresh_from_db()
    assert pair.state == DossierState.FINANCED and not Enterprise.objects.exists()


def test_the_current_dossier_version_is_accepted(world, pair):
    pair.refresh_from_db()
    enterprise = record_enterprise(
        pair, actor=world.users["agency_officer"], expected_version=str(pair.version)
    )
    assert enterprise.dossier_id == pair.pk


def test_the_second_of_two_submits_gets_a_409(world, pair):
    record_enterprise(pair, actor=world.users["agency_officer"])
    with pytest.raises(EnterpriseError) as error:
        record_enterprise(pair, actor=world.users["agency_officer"])
    assert error.value.code == ErrorCode.ENTERPRISE_EXISTS and error.value.status_code == 409


# --- the holder's data ----------------------------------------------------------------------


def test_a_holders_data_export_holds_their_enterprise(world, pair):
    enterprise = record_enterprise(
        pair,
        actor=world.users["agency_officer"],
        legal_form=LegalForm.SARL,
        name_latin="Fibre Oran SARL",
        identifiers=VALID_DZ,
    )
    for person in pair.people:
        sections = {s["key"]: s for s in privacy.export(person)["sections"]}
        (record,) = sections["enterprises.enterprise"]["records"]
        assert record["id"] == enterprise.pk
        assert record["name_latin"] == "Fibre Oran SARL"
        assert record["trade_register"] == VALID_DZ["trade_register"]
        assert record["tax_id"] == VALID_DZ["tax_id"]
        (membership,) = sections["enterprises.enterprisemember"]["records"]
        assert membership["share"] == "50.00"
        assert sections["enterprises.creationstep"]["records"]
        assert sections["enterprises.obligation"]["records"]


def test_another_persons_export_does_not_hold_the_enterprise(world, pair):
    record_enterprise(pair, actor=world.users["agency_officer"])
    keys = {s["key"] for s in privacy.export(PersonFactory(national_id=""))["sections"]}
    assert not {k for k in keys if k.startswith("enterprises.")}
