"""What the agency follows per country and legal form: the creation steps, the legal
follow-up calendar of an enterprise created on 2024-03-15, the cooperative minimum."""

from __future__ import annotations

import datetime

import pytest

from rowad.core.enums import CountryCode
from rowad.enterprises import checklists
from rowad.enterprises.enums import ErrorCode, LegalForm, MemberRole
from rowad.enterprises.enums import ObligationKind as K
from rowad.enterprises.errors import EnterpriseError
from rowad.enterprises.services.enterprises import clean_members
from tests.dossiers.factories import make_dossier, oran_programme
from tests.factories import PersonFactory

DZ, MA = CountryCode.ALGERIA, CountryCode.MOROCCO
CREATED = datetime.date(2024, 3, 15)
D = datetime.date


def codes(country, form):
    return [step.code for step in checklists.creation_steps(country, form)]


# --- creation steps ---------------------------------------------------------------------


def test_a_moroccan_cooperative_follows_the_odco_procedure():
    assert codes(MA, LegalForm.COOPERATIVE) == [
        "name_certificate",
        "statutes",
        "constituent_assembly",
        "odco_deposit",
        "odco_registration",
        "tax_registration",
        "bank_account",
    ]


def test_an_algerian_company_goes_through_the_cnrc():
    steps = codes(DZ, LegalForm.SARL)
    assert steps[:2] == ["name_certificate", "statutes"]
    assert {"capital_deposit", "legal_notice", "trade_register", "statistical_id"} <= set(steps)
    assert codes(DZ, LegalForm.EURL) == steps
    assert "odco_deposit" not in steps


def test_a_person_form_has_no_statutes_nor_capital():
    for country in (DZ, MA):
        steps = codes(country, LegalForm.MICRO_ENTERPRISE)
        assert "trade_register" in steps and "tax_registration" in steps
        assert not {"statutes", "capital_deposit", "name_certificate"} & set(steps)
    assert "statistical_id" in codes(DZ, LegalForm.MICRO_ENTERPRISE)
    assert "statistical_id" not in codes(MA, LegalForm.MICRO_ENTERPRISE)  # Morocco has the ICE


def test_an_auto_entrepreneur_gets_a_card_not_a_trade_register():
    for country in (DZ, MA):
        steps = codes(country, LegalForm.AUTO_ENTREPRENEUR)
        assert steps[0] == "auto_entrepreneur_card" and "trade_register" not in steps


def test_every_country_and_form_has_ordered_labelled_steps():
    for country in (DZ, MA):
        for form in LegalForm.values:
            steps = checklists.creation_steps(country, form)
            assert steps, (country, form)
            assert [s.days for s in steps] == sorted(s.days for s in steps)
            assert len({s.code for s in steps}) == len(steps)
            assert all(str(s.label) and s.code in checklists.STEP_LABELS for s in steps)


def test_unknown_countries_and_codes():
    assert checklists.creation_steps("TN", LegalForm.SARL) == ()
    assert checklists.step_label("not_a_step") == "not_a_step"
    assert str(checklists.step_label("odco_deposit")) == "File deposited with the ODCo"


# --- the follow-up calendar -------------------------------------------------------------


def test_an_algerian_micro_enterprise_created_on_15_march_2024():
    assert checklists.obligation_dates(DZ, LegalForm.MICRO_ENTERPRISE, CREATED) == [
        (K.SOCIAL_SECURITY, D(2024, 3, 25)),
        (K.SOCIAL_DECLARATION, D(2025, 1, 31)),
        (K.ANNUAL_TAX_DECLARATION, D(2025, 6, 30)),
        (K.SOCIAL_DECLARATION, D(2026, 1, 31)),
        (K.ANNUAL_TAX_DECLARATION, D(2026, 6, 30)),
        (K.SOCIAL_DECLARATION, D(2027, 1, 31)),
        (K.ADVANTAGE_EXPIRY, D(2027, 3, 15)),
        (K.ANNUAL_TAX_DECLARATION, D(2027, 6, 30)),
    ]


def test_a_moroccan_micro_enterprise_created_on_15_march_2024():
    assert checklists.obligation_dates(MA, LegalForm.MICRO_ENTERPRISE, CREATED) == [
        (K.SOCIAL_SECURITY, D(2024, 4, 14)),
        (K.ANNUAL_TAX_DECLARATION, D(2025, 3, 31)),
        (K.ANNUAL_TAX_DECLARATION, D(2026, 3, 31)),
        (K.ADVANTAGE_EXPIRY, D(2027, 3, 15)),
        (K.ANNUAL_TAX_DECLARATION, D(2027, 3, 31)),
    ]


def test_companies_and_cooperatives_also_hold_an_assembly_and_file_accounts():
    for country in (DZ, MA):
        for form in (LegalForm.SARL, LegalForm.COOPERATIVE):
            dates = checklists.obligation_dates(country, form, CREATED)
            assert [d for k, d in dates if k == K.GENERAL_ASSEMBLY] == [
                D(y, 6, 30) for y in (2025, 2026, 2027)
            ]
            assert [d for k, d in dates if k == K.ACCOUNTS_FILING] == [
                D(y, 7, 31) for y in (2025, 2026, 2027)
            ]
        for form in checklists.SINGLE_OWNER_FORMS:
            kinds = {k for k, _d in checklists.obligation_dates(country, form, CREATED)}
            assert not {K.GENERAL_ASSEMBLY, K.ACCOUNTS_FILING} & kinds


def test_the_calendar_is_sorted_by_date_then_kind():
    dates = checklists.obligation_dates(DZ, LegalForm.SARL, CREATED)
    assert dates == sorted(dates, key=lambda pair: (pair[1], pair[0]))
    # Two obligations the same day: the tax declaration and the general assembly on 30 June.
    assert [k for k, d in dates if d == D(2025, 6, 30)] == [K.ANNUAL_TAX_DECLARATION, K.GENERAL_ASSEMBLY]
    assert len(dates) == len(set(dates))  # an obligation once a date (the model's constraint)


def test_the_advantages_end_after_the_programme_years():
    dates = checklists.obligation_dates(DZ, LegalForm.SARL, CREATED, advantage_years=6)
    assert (K.ADVANTAGE_EXPIRY, D(2030, 3, 15)) in dates
    without = checklists.obligation_dates(DZ, LegalForm.SARL, CREATED, advantage_years=0)
    assert K.ADVANTAGE_EXPIRY not in {k for k, _d in without}


def test_a_leap_day_creation_keeps_its_advantage_to_the_end_of_february():
    dates = dict((k, d) for k, d in checklists.obligation_dates(MA, LegalForm.EURL, D(2024, 2, 29)))
    assert dates[K.ADVANTAGE_EXPIRY] == D(2027, 2, 28)


def test_a_creation_late_in_the_year_starts_its_yearly_obligations_the_next_year():
    dates = checklists.obligation_dates(MA, LegalForm.MICRO_ENTERPRISE, D(2024, 12, 31))
    assert (K.SOCIAL_SECURITY, D(2025, 1, 30)) in dates
    assert next(d for k, d in dates if k == K.ANNUAL_TAX_DECLARATION) == D(2025, 3, 31)


# --- the cooperative minimum ------------------------------------------------------------


def test_the_legal_minimum_of_members():
    assert checklists.COOPERATIVE_MIN_MEMBERS == {MA: 5, DZ: 7}


@pytest.fixture
def dossier_of(world):
    def make(count):
        holders = [PersonFactory(national_id="") for _ in range(count)]
        programme = oran_programme(world, max_members=10)
        return make_dossier(world, programme=programme, holders=holders)

    return make


def cooperative(dossier, country):
    return clean_members(dossier, country, LegalForm.COOPERATIVE, None)


@pytest.mark.django_db
@pytest.mark.parametrize(("country", "minimum"), [(MA, 5), (DZ, 7)])
def test_a_cooperative_at_its_minimum_is_accepted_one_below_refused(dossier_of, country, minimum):
    owners = cooperative(dossier_of(minimum), country)
    assert len(owners) == minimum
    assert [o["role"] for o in owners].count(MemberRole.MANAGER) == 1
    assert sum(o["share"] for o in owners) == 100

    with pytest.raises(EnterpriseError) as error:
        cooperative(dossier_of(minimum - 1), country)
    assert error.value.code == ErrorCode.TOO_FEW_MEMBERS
    assert f"at least {minimum} members; {minimum - 1} are listed" in str(error.value)


@pytest.mark.django_db
def test_six_members_make_a_moroccan_cooperative_not_an_algerian_one(dossier_of):
    dossier = dossier_of(6)
    assert len(cooperative(dossier, MA)) == 6
    with pytest.raises(EnterpriseError) as error:
        cooperative(dossier, DZ)
    assert error.value.code == ErrorCode.TOO_FEW_MEMBERS
