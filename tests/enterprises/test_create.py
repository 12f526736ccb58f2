"""Recording the enterprise of a dossier: the one way to "company created"."""

from __future__ import annotations

import datetime

import pytest

from rowad.dossiers import services as dossier_services
from rowad.dossiers.enums import DossierState
from rowad.enterprises.enums import EnterpriseStatus, ErrorCode, LegalForm, MemberRole
from rowad.enterprises.errors import EnterpriseError
from rowad.enterprises.models import Enterprise
from tests.dossiers.factories import advance, make_dossier
from tests.enterprises.factories import VALID_DZ, record_enterprise
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def financed(world):
    officer = world.users["agency_officer"]
    dossier = make_dossier(world, actor=officer)
    return advance(dossier, DossierState.FINANCED, actor=officer)


def test_recording_the_enterprise_moves_the_dossier_to_company_created(world, financed):
    officer = world.users["agency_officer"]
    enterprise = record_enterprise(
        financed,
        actor=officer,
        legal_form=LegalForm.MICRO_ENTERPRISE,
        name_ar="مؤسسة الألياف",
        identifiers=VALID_DZ,
        created_on=datetime.date(2026, 3, 1),
    )
    financed.refresh_from_db()
    assert financed.state == DossierState.COMPANY_CREATED
    assert enterprise.status == EnterpriseStatus.OPERATING
    assert enterprise.trade_register == "31/00-0123456 B 21"
    assert [m.role for m in enterprise.members.all()] == [MemberRole.MANAGER]
    assert enterprise.steps.count() > 0 and enterprise.obligations.count() > 0


def test_the_dossier_cannot_skip_the_enterprise(world, financed):
    with pytest.raises(dossier_services.DossierError) as error:
        dossier_services.set_dossier_state(
            financed, DossierState.COMPANY_CREATED, actor=world.users["agency_officer"]
        )
    assert error.value.code == "enterprise_missing"
    assert not Enterprise.objects.exists()


def test_a_bad_identifier_is_refused_and_nothing_is_written(world, financed):
    with pytest.raises(EnterpriseError) as error:
        record_enterprise(
            financed, actor=world.users["agency_officer"], identifiers={**VALID_DZ, "tax_id": "12AB"}
        )
    assert error.value.code == ErrorCode.INVALID_IDENTIFIER and error.value.field == "tax_id"
    financed.refresh_from_db()
    assert financed.state == DossierState.FINANCED and not Enterprise.objects.exists()


def test_two_enterprises_for_one_dossier_are_refused(world, financed):
    officer = world.users["agency_officer"]
    record_enterprise(financed, actor=officer)
    with pytest.raises(EnterpriseError) as error:
        record_enterprise(financed, actor=officer)
    assert error.value.code == ErrorCode.ENTERPRISE_EXISTS
    assert Enterprise.objects.count() == 1


def test_an_unfinanced_dossier_gets_no_enterprise(world):
    officer = world.users["agency_officer"]
    dossier = advance(make_dossier(world, actor=officer), DossierState.APPROVED, actor=officer)
    with pytest.raises(EnterpriseError) as error:
        record_enterprise(dossier, actor=officer)
    assert error.value.code == ErrorCode.DOSSIER_NOT_FINANCED


def test_a_cooperative_below_its_legal_minimum_is_refused(world):
    officer = world.users["agency_officer"]
    holders = [PersonFactory(national_id="") for _ in range(3)]
    dossier = advance(
        make_dossier(world, actor=officer, holders=holders), DossierState.FINANCED, actor=officer
    )
    with pytest.raises(EnterpriseError) as error:
        record_enterprise(dossier, actor=officer, legal_form=LegalForm.COOPERATIVE)
    assert error.value.code == ErrorCode.TOO_FEW_MEMBERS


def test_only_an_officer_of_the_dossier_records_it(world, financed):
    with pytest.raises(EnterpriseError) as error:
        record_enterprise(financed, actor=world.outsider)
    assert error.value.code == ErrorCode.NOT_ALLOWED
