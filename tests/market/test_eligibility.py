"""Eligibility: each rule passes and fails with its code and its params, and every code is
described in a sentence of the reader's language."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone, translation

from rowad.enterprises.enums import EnterpriseStatus
from rowad.market import services
from rowad.market.eligibility import OrderNeeds, candidate_ids, describe, evaluate, facts_of, load_facts
from rowad.market.enums import EligibilityRule
from rowad.market.models import ProgrammeMarketRules
from rowad.training.enums import TrainingResult
from tests.enterprises.calendar_helpers import obligation
from tests.factories import province
from tests.financing.schedule_factories import ScheduleFactory
from tests.market.factories import MarketWorld, equipment
from tests.training.factories import CohortFactory, CourseFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def lines_of(order, enterprise, *, as_of=None) -> dict[str, dict]:
    """The enterprise's lines for the order, by rule."""
    as_of = as_of or timezone.localdate()
    facts = facts_of([enterprise.pk], as_of=as_of, now=timezone.now())
    return {line["rule"]: line for line in evaluate(facts[enterprise.pk], OrderNeeds.of(order), as_of=as_of)}


@pytest.fixture
def world():
    return MarketWorld.build()


# --- operating, programme, province ------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "passed"),
    [
        (EnterpriseStatus.OPERATING, True),
        (EnterpriseStatus.SUSPENDED, False),
        (EnterpriseStatus.CLOSED, False),
        (EnterpriseStatus.TRANSFERRED, False),
    ],
)
def test_operating(world, status, passed):
    line = lines_of(world.order(), world.enterprise(status=status))[EligibilityRule.OPERATING]
    assert (line["passed"], line["code"]) == (passed, f"status_{status}")


def test_programme(world):
    order = world.order()
    ours = lines_of(order, world.enterprise())[EligibilityRule.PROGRAMME]
    theirs = lines_of(order, MarketWorld.build().enterprise())[EligibilityRule.PROGRAMME]
    assert (ours["passed"], ours["code"]) == (True, "same_programme")
    assert (theirs["passed"], theirs["code"]) == (False, "other_programme")


def test_province_home_serving_outside(world):
    order = world.order()
    algiers = province("DZ", "16")
    home = world.enterprise()
    serving = world.enterprise(
        place=algiers, means={"workers": 1, "max_concurrent_orders": 1, "served_provinces": [world.province]}
    )
    outside = world.enterprise(place=algiers)
    assert lines_of(order, home)[EligibilityRule.PROVINCE]["code"] == "home_province"
    served = lines_of(order, serving)[EligibilityRule.PROVINCE]
    assert (served["passed"], served["code"]) == (True, "serves_province")
    away = lines_of(order, outside)[EligibilityRule.PROVINCE]
    assert (away["passed"], away["code"]) == (False, "outside_province")
    # Only the programme's enterprises working in the province are candidates.
    facts = load_facts(
        type(home).objects.filter(pk__in=[home.pk, serving.pk, outside.pk]),
        as_of=timezone.localdate(),
        now=timezone.now(),
    )
    assert set(candidate_ids(facts, OrderNeeds.of(order))) == {home.pk, serving.pk}


# --- certified ---------------------------------------------------------------------------


def test_certified_by_the_specialty(world):
    order = world.order()
    yes = lines_of(order, world.enterprise())[EligibilityRule.CERTIFIED]
    no = lines_of(order, world.enterprise(certified=False))[EligibilityRule.CERTIFIED]
    assert (yes["passed"], yes["code"]) == (True, "specialty_passed")
    assert (no["passed"], no["code"]) == (False, "specialty_missing")


def test_certified_by_the_orders_required_courses(world):
    advanced = CourseFactory(programme=world.programme, specialty=world.specialty)
    enterprise = world.enterprise()  # passed world.course, not the advanced one
    strict = world.order(required_courses=[advanced])
    either = world.order(required_courses=[advanced, world.course])
    missing = lines_of(strict, enterprise)[EligibilityRule.CERTIFIED]
    passed = lines_of(either, enterprise)[EligibilityRule.CERTIFIED]
    assert (missing["passed"], missing["code"]) == (False, "course_missing")
    assert (passed["passed"], passed["code"]) == (True, "course_passed")


def test_a_failed_enrolment_does_not_certify(world):
    enterprise = world.enterprise(certified=False)
    EnrolmentFactory(
        cohort=CohortFactory(course=world.course, province=world.province),
        person=enterprise.members.get().person,
        result=TrainingResult.FAILED,
    )
    line = lines_of(world.order(), enterprise)[EligibilityRule.CERTIFIED]
    assert (line["passed"], line["code"]) == (False, "specialty_missing")


def test_an_owner_who_left_does_not_certify(world):
    enterprise = world.enterprise()
    enterprise.members.update(left_on=timezone.localdate() - DAY)
    line = lines_of(world.order(), enterprise)[EligibilityRule.CERTIFIED]
    assert (line["passed"], line["code"]) == (False, "specialty_missing")


# --- means, capacity ---------------------------------------------------------------------


def test_means_undeclared_when_the_order_asks_for_more_than_the_manager(world):
    line = lines_of(world.order(min_workers=3), world.enterprise())[EligibilityRule.MEANS]
    assert (line["passed"], line["code"]) == (False, "means_undeclared")
    # An order needing one person and no equipment: the manager is enough.
    enough = lines_of(world.order(), world.enterprise())[EligibilityRule.MEANS]
    assert (enough["passed"], enough["code"]) == (True, "means_ok")


def test_means_short_of_people(world):
    enterprise = world.enterprise(means={"workers": 2, "max_concurrent_orders": 1})
    line = lines_of(world.order(min_workers=3), enterprise)[EligibilityRule.MEANS]
    assert (line["passed"], line["code"]) == (False, "means_short")
    assert line["params"] == {"workers": 2, "min_workers": 3, "missing_equipment": []}


def test_means_missing_equipment(world):
    otdr, splicer = equipment("otdr"), equipment("splicer")
    enterprise = world.enterprise(means={"workers": 5, "max_concurrent_orders": 1, "equipment": ["splicer"]})
    line = lines_of(world.order(required_equipment=[otdr, splicer]), enterprise)[EligibilityRule.MEANS]
    assert (line["passed"], line["code"]) == (False, "means_short")
    assert line["params"]["missing_equipment"] == [otdr.pk]
    ok = lines_of(world.order(required_equipment=[splicer], min_workers=5), enterprise)[EligibilityRule.MEANS]
    assert (ok["passed"], ok["code"], ok["params"]) == (True, "means_ok", {"workers": 5})


def test_capacity_full_with_a_live_offer(world):
    enterprise = world.enterprise()  # carries one order at once (nothing declared)
    before = lines_of(world.order(), enterprise)[EligibilityRule.CAPACITY]
    assert (before["passed"], before["code"], before["params"]) == (
        True,
        "capacity_free",
        {"in_progress": 0, "capacity": 1},
    )
    services.allocate_order(world.order(), actor=world.sponsor_officer())
    after = lines_of(world.order(), enterprise)[EligibilityRule.CAPACITY]
    assert (after["passed"], after["code"], after["params"]) == (
        False,
        "capacity_full",
        {"in_progress": 1, "capacity": 1},
    )


# --- obligations, loans ------------------------------------------------------------------


def test_a_late_obligation(world):
    enterprise = world.enterprise()
    order = world.order()
    obligation(enterprise, in_days=5)  # not due yet
    ok = lines_of(order, enterprise)[EligibilityRule.OBLIGATIONS]
    assert (ok["passed"], ok["code"]) == (True, "obligations_ok")
    obligation(enterprise, in_days=-3)
    late = lines_of(order, enterprise)[EligibilityRule.OBLIGATIONS]
    assert (late["passed"], late["code"], late["params"]) == (False, "obligations_late", {"count": 1})


def test_late_loans_count_only_when_the_programme_says_so(world):
    enterprise = world.enterprise()
    today = timezone.localdate()
    ScheduleFactory(line__plan__dossier=enterprise.dossier, first_unpaid_due=today - 40 * DAY)
    order = world.order()
    assert EligibilityRule.LOANS not in lines_of(order, enterprise)

    rules = ProgrammeMarketRules.objects.create(
        programme=world.programme, excludes_late_borrowers=True, loan_grace_days=30
    )
    late = lines_of(order, enterprise)[EligibilityRule.LOANS]
    assert (late["passed"], late["code"], late["params"]) == (False, "loans_late", {"days": 40, "grace": 30})

    rules.loan_grace_days = 45
    rules.save()
    within = lines_of(order, enterprise)[EligibilityRule.LOANS]
    assert (within["passed"], within["code"], within["params"]) == (
        True,
        "loans_ok",
        {"days": 40, "grace": 45},
    )


def test_a_loan_of_another_dossier_does_not_count(world):
    enterprise = world.enterprise()
    ScheduleFactory(first_unpaid_due=timezone.localdate() - 90 * DAY)
    ProgrammeMarketRules.objects.create(programme=world.programme, excludes_late_borrowers=True)
    line = lines_of(world.order(), enterprise)[EligibilityRule.LOANS]
    assert (line["passed"], line["code"], line["params"]["days"]) == (True, "loans_ok", 0)


# --- describing --------------------------------------------------------------------------

PARAMS = {
    "workers": 2,
    "min_workers": 3,
    "missing_equipment": [7],
    "in_progress": 2,
    "capacity": 2,
    "count": 1,
    "days": 40,
    "grace": 30,
}
CODES = {
    EligibilityRule.OPERATING: [f"status_{s}" for s in EnterpriseStatus.values],
    EligibilityRule.PROGRAMME: ["same_programme", "other_programme"],
    EligibilityRule.PROVINCE: ["home_province", "serves_province", "outside_province"],
    EligibilityRule.CERTIFIED: ["course_passed", "course_missing", "specialty_passed", "specialty_missing"],
    EligibilityRule.MEANS: ["means_undeclared", "means_short", "means_ok"],
    EligibilityRule.CAPACITY: ["capacity_free", "capacity_full"],
    EligibilityRule.OBLIGATIONS: ["obligations_ok", "obligations_late"],
    EligibilityRule.LOANS: ["loans_ok", "loans_late"],
}
ALL = [(rule, code) for rule, codes in CODES.items() for code in codes]
ARABIC = re.compile(r"[\u0600-\u06FF]")


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_every_code_has_a_sentence(language):
    with translation.override("en"):
        english = {
            code: describe({"rule": rule, "passed": True, "code": code, "params": PARAMS})["reason"]
            for rule, code in ALL
        }
    with translation.override(language):
        for rule, code in ALL:
            described = describe(
                {"rule": rule, "passed": False, "code": code, "params": PARAMS}, equipment_names={7: "OTDR"}
            )
            assert described["reason"] and described["reason"] != code, code
            assert described["reason"] != english[code], f"{code} is not translated to {language}"
            assert "%(" not in described["reason"], code
            assert described["label"] != rule, rule
            if language == "ar":
                assert ARABIC.search(described["reason"]), code


def test_every_code_the_rules_produce_is_known(world):
    known = {code for _rule, code in ALL}
    enterprise = world.enterprise(status=EnterpriseStatus.SUSPENDED)
    ProgrammeMarketRules.objects.create(programme=world.programme, excludes_late_borrowers=True)
    produced = set()
    for order in (world.order(), world.order(min_workers=4)):
        produced |= {line["code"] for line in lines_of(order, enterprise).values()}
    assert produced <= known


def test_the_means_sentence_names_the_missing_equipment():
    line = {"rule": "means", "passed": False, "code": "means_short", "params": PARAMS}
    with translation.override("fr"):
        assert "OTDR" in describe(line, equipment_names={7: "OTDR"})["reason"]
        short = describe({**line, "params": {**PARAMS, "missing_equipment": []}})["reason"]
        assert "OTDR" not in short and "7" not in short


def test_html_wraps_numbers_in_bdi_and_escapes_names():
    line = {"rule": "means", "passed": False, "code": "means_short", "params": PARAMS}
    with translation.override("ar"):
        reason = describe(line, html=True, equipment_names={7: "<b>OTDR</b>"})["reason"]
    assert '<bdi dir="ltr">2</bdi>' in reason
    assert '<bdi dir="ltr">3</bdi>' in reason
    assert "<b>" not in reason and "&lt;b&gt;OTDR&lt;/b&gt;" in reason
    plain = describe(line)["reason"]
    assert "<bdi" not in plain


def test_an_unknown_code_is_shown_as_is():
    described = describe({"rule": "nonsense", "passed": False, "code": "who_knows"})
    assert (described["reason"], described["label"], described["passed"]) == ("who_knows", "nonsense", False)
