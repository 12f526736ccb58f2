from datetime import date

import pytest
from django.utils import translation

from rowad.accounts.enums import Role
from rowad.dossiers import eligibility, services
from rowad.dossiers.enums import DossierState, LegalForm
from tests.dossiers.factories import advance, make_dossier, oran_programme
from tests.factories import PersonFactory, TargetCategoryFactory, province_by_name

pytestmark = pytest.mark.integration


def lines_by_rule(dossier):
    dossier.refresh_from_db()
    return {line["rule"]: (line["outcome"], line["code"]) for line in dossier.eligibility}


def test_age_rule_passes_fails_and_is_unknown(world):
    programme = oran_programme(world, min_age=19, max_age=35)
    young = PersonFactory(national_id="", birth_date=date(2000, 1, 1))
    old = PersonFactory(national_id="", birth_date=date(1960, 1, 1))
    unknown = PersonFactory(national_id="", birth_date=None)

    assert lines_by_rule(make_dossier(world, programme=programme, holders=[young]))["age"] == (
        "passed",
        "age_ok",
    )
    assert lines_by_rule(make_dossier(world, programme=programme, holders=[old]))["age"] == (
        "failed",
        "too_old",
    )
    assert lines_by_rule(make_dossier(world, programme=programme, holders=[unknown]))["age"] == (
        "unknown",
        "no_birth_date",
    )


def test_province_rule(world):
    programme = oran_programme(world)
    programme.provinces.set([province_by_name("Al Hoce")])
    dossier = make_dossier(world, programme=programme)
    assert lines_by_rule(dossier)["province"] == ("failed", "province_failed")
    assert dossier.eligibility_outcome == "failed"


def test_target_category_rule(world):
    category = TargetCategoryFactory(code="resistance-family")
    programme = oran_programme(world)
    programme.target_categories.set([category])
    member = PersonFactory(national_id="")
    member.target_categories.set([category])
    outsider = PersonFactory(national_id="")
    outsider.target_categories.set([TargetCategoryFactory(code="other")])
    blank = PersonFactory(national_id="")

    assert (
        lines_by_rule(make_dossier(world, programme=programme, holders=[member]))["target_category"][0]
        == "passed"
    )
    assert (
        lines_by_rule(make_dossier(world, programme=programme, holders=[outsider]))["target_category"][0]
        == "failed"
    )
    assert (
        lines_by_rule(make_dossier(world, programme=programme, holders=[blank]))["target_category"][0]
        == "unknown"
    )


def test_education_and_employment_rules(world):
    programme = oran_programme(world, min_education="vocational", requires_unemployed=True)
    ok = PersonFactory(national_id="", education_level="university", employment_status="unemployed")
    low = PersonFactory(national_id="", education_level="primary", employment_status="employed")
    lines_ok = lines_by_rule(make_dossier(world, programme=programme, holders=[ok]))
    lines_low = lines_by_rule(make_dossier(world, programme=programme, holders=[low]))
    assert (lines_ok["education"][0], lines_ok["employment"][0]) == ("passed", "passed")
    assert (lines_low["education"][0], lines_low["employment"][0]) == ("failed", "failed")


def test_prior_aid_rule_reevaluated_when_another_dossier_is_approved(world):
    officer = world.users[Role.AGENCY_OFFICER]
    programme = oran_programme(world, excludes_prior_aid=True)
    person = PersonFactory(national_id="")
    first = make_dossier(world, programme=programme, holders=[person])
    second = make_dossier(world, programme=programme, holders=[person])
    assert lines_by_rule(second)["prior_aid"] == ("passed", "no_prior_aid")

    advance(first, DossierState.APPROVED, actor=officer)

    assert lines_by_rule(second)["prior_aid"] == ("failed", "prior_aid")


def test_cooperative_in_morocco_needs_five_members(world):
    programme = oran_programme(world, max_members=12)
    hoceima = province_by_name("Al Hoce")
    people = [PersonFactory(national_id="", country="MA", province=hoceima) for _ in range(3)]
    # The platform administrator: an Oran officer may not place a dossier in Al Hoceima.
    dossier = make_dossier(
        world,
        programme=programme,
        holders=people,
        legal_form=LegalForm.COOPERATIVE,
        province=hoceima,
        actor=world.users[Role.PLATFORM_ADMIN],
    )
    assert lines_by_rule(dossier)["members"] == ("failed", "too_few")

    more = people + [PersonFactory(national_id="", country="MA", province=hoceima) for _ in range(2)]
    services.set_holders(dossier, holders=more, actor=world.users[Role.PLATFORM_ADMIN])

    assert lines_by_rule(dossier)["members"] == ("passed", "within")


def test_eligibility_reevaluated_when_dossier_province_changes(world):
    programme = oran_programme(world)
    programme.provinces.set([world.oran])
    dossier = make_dossier(world, programme=programme)
    assert lines_by_rule(dossier)["province"][0] == "passed"

    services.update_dossier(
        dossier,
        data={"province": world.hoceima},
        actor=world.users[Role.PLATFORM_ADMIN],
        expected_version=None,
    )

    assert lines_by_rule(dossier)["province"][0] == "failed"


def test_eligibility_reevaluated_for_people_after_registry_change(world):
    programme = oran_programme(world, requires_unemployed=True)
    person = PersonFactory(national_id="", employment_status="unemployed")
    dossier = make_dossier(world, programme=programme, holders=[person])
    type(person).objects.filter(pk=person.pk).update(employment_status="employed")

    assert services.refresh_eligibility_for_people([person.pk]) == 1

    assert lines_by_rule(dossier)["employment"] == ("failed", "not_unemployed")


def test_eligibility_reevaluated_when_an_officer_edits_the_holder_in_the_registry(world):
    from rowad.people.services import update_person

    programme = oran_programme(world, requires_unemployed=True)
    person = PersonFactory(national_id="", employment_status="unemployed")
    dossier = make_dossier(world, programme=programme, holders=[person])
    assert lines_by_rule(dossier)["employment"][0] == "passed"

    update_person(person, data={"employment_status": "employed"}, actor=world.users[Role.AGENCY_OFFICER])

    assert lines_by_rule(dossier)["employment"] == ("failed", "not_unemployed")


def test_reasons_are_translated(world):
    programme = oran_programme(world, min_age=19, max_age=35)
    dossier = make_dossier(
        world, programme=programme, holders=[PersonFactory(national_id="", birth_date=None)]
    )
    line = next(x for x in dossier.eligibility if x["rule"] == "age")
    with translation.override("fr"):
        french = eligibility.describe(line)
    with translation.override("ar"):
        arabic = eligibility.describe(line)
    assert french["reason"].startswith("Date de naissance")
    assert arabic["reason"] != french["reason"]


def test_html_reason_wraps_numbers_and_escapes_names(world):
    programme = oran_programme(world, min_age=19, max_age=35)
    person = PersonFactory(national_id="", given_name_latin="<b>Ali</b>", birth_date=date(1960, 1, 1))
    dossier = make_dossier(world, programme=programme, holders=[person])
    line = next(x for x in dossier.eligibility if x["rule"] == "age")
    with translation.override("en"):
        reason = eligibility.describe(line, html=True)["reason"]
    assert '<bdi dir="ltr">35</bdi>' in reason
    assert "&lt;b&gt;Ali&lt;/b&gt;" in reason


def test_refresh_command_and_task_reevaluate(world):
    from django.core.management import call_command

    from rowad.dossiers.tasks import refresh_person_eligibility

    programme = oran_programme(world, requires_unemployed=True)
    person = PersonFactory(national_id="", employment_status="unemployed")
    dossier = make_dossier(world, programme=programme, holders=[person])
    type(person).objects.filter(pk=person.pk).update(employment_status="employed")
    call_command("refresh_eligibility", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert lines_by_rule(dossier)["employment"][0] == "failed"

    type(person).objects.filter(pk=person.pk).update(employment_status="unemployed")
    refresh_person_eligibility.enqueue(person.pk)
    assert lines_by_rule(dossier)["employment"][0] == "passed"
