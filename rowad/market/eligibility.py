"""Which enterprises may take an order, and why — one line per rule, stored with every
allocation and described in the reader's language (as the dossier's eligibility is).

The facts are loaded in bulk (`load_facts`: a fixed number of queries whatever the number
of enterprises) and the rules evaluated in memory, so a run over a thousand orders and
thousands of enterprises reads the database a handful of times. A candidate is an
enterprise of the order's programme working in the order's province (its own or one it
declares it serves); each rule below is then evaluated for it:

- operating: created and operating now (not suspended, closed or transferred);
- certified: one of its current owners passed a course of the order's specialty (one of
  the order's required courses when it lists some);
- means: at least the order's people on site and every required piece of equipment, as
  declared (`EnterpriseMeans`);
- capacity: its live offers and awarded orders not yet completed stay under the number of
  orders it declares it can carry at once (1 when it declared nothing);
- obligations: no legal obligation late (enterprises.definitions.late_obligation_q);
- loans: when the programme's market rules say so, no loan of its dossier more than the
  tolerated days late (the oldest unpaid instalment, financing's own definition)."""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Max, Min, Q, Sum
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext as _

from rowad.enterprises.definitions import late_obligation_q
from rowad.enterprises.enums import EnterpriseStatus
from rowad.enterprises.models import Enterprise, EnterpriseMember, Obligation
from rowad.financing.enums import ScheduleState
from rowad.financing.models import RepaymentSchedule
from rowad.training.enums import TrainingResult
from rowad.training.models import Enrolment

from .enums import LIVE_OFFERS, EligibilityRule, OrderStatus
from .models import Allocation, ContractRating, EnterpriseMeans, ProgrammeMarketRules, WorkOrder

ZERO = Decimal("0")
# The window of the rotation's "least served" (the issue: the last 12 months).
SERVED_WINDOW_DAYS = 365
DEFAULT_CAPACITY = 1
# Orders whose live offer still holds the enterprise's capacity.
FINISHED_ORDERS = (OrderStatus.COMPLETED, OrderStatus.CANCELLED)


@dataclass
class Facts:
    """What the rules read about one enterprise (kept up to date in memory by a batch run)."""

    id: int
    reference: str
    name: str
    status: str
    programme_id: int
    province_id: int
    dossier_id: int
    specialty_id: int | None = None
    served_province_ids: frozenset[int] = frozenset()
    passed_course_ids: frozenset[int] = frozenset()
    certified_specialty_ids: frozenset[int] = frozenset()
    declared: bool = False
    workers: int = 1  # the manager, when nothing is declared
    equipment_ids: frozenset[int] = frozenset()
    capacity: int = DEFAULT_CAPACITY
    in_progress: int = 0
    late_obligations: int = 0
    oldest_unpaid_due: datetime.date | None = None
    served_amount: Decimal = ZERO
    served_count: int = 0
    last_served_at: datetime.datetime | None = None
    rating: float | None = None

    def works_in(self, province_id: int) -> bool:
        return province_id == self.province_id or province_id in self.served_province_ids

    def in_trade(self, specialty_id: int) -> bool:
        """Created in the specialty, or certified in it (a civil-works company whose manager
        passed the fiber course works in fiber too)."""
        return specialty_id == self.specialty_id or specialty_id in self.certified_specialty_ids


@dataclass(frozen=True)
class OrderNeeds:
    """What an order asks for, read once per order."""

    id: int
    programme_id: int
    specialty_id: int
    province_id: int
    min_workers: int
    equipment_ids: frozenset[int]
    course_ids: frozenset[int]
    excludes_late_borrowers: bool = False
    loan_grace_days: int = 30
    excluded_ids: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def of(cls, order: WorkOrder) -> OrderNeeds:
        """What one order needs, with the enterprises that declined it (see `needs_for_orders`)."""
        return dataclasses.replace(needs_for_orders([order])[order.pk], excluded_ids=declined_by(order))


def declined_by(order: WorkOrder) -> frozenset[int]:
    """The enterprises that declined the order or let its offer expire (or were withdrawn)."""
    declined = order.allocations.exclude(status__in=LIVE_OFFERS).values_list("enterprise_id", flat=True)
    return frozenset(declined)


def needs_for_orders(orders: Iterable[WorkOrder]) -> dict[int, OrderNeeds]:
    """OrderNeeds of many orders in four queries whatever their number (a batch run);
    `excluded_ids` is left empty: read it under the order's lock (`declined_by`)."""
    orders = list(orders)
    ids = [o.pk for o in orders]
    rules = {
        r.programme_id: r
        for r in ProgrammeMarketRules.objects.filter(programme_id__in={o.programme_id for o in orders})
    }
    equipment: dict[int, set[int]] = defaultdict(set)
    for order_id, equipment_id in WorkOrder.required_equipment.through.objects.filter(
        workorder_id__in=ids
    ).values_list("workorder_id", "equipment_id"):
        equipment[order_id].add(equipment_id)
    courses: dict[int, set[int]] = defaultdict(set)
    for order_id, course_id in WorkOrder.required_courses.through.objects.filter(
        workorder_id__in=ids
    ).values_list("workorder_id", "course_id"):
        courses[order_id].add(course_id)
    needs = {}
    for order in orders:
        rule = rules.get(order.programme_id)
        needs[order.pk] = OrderNeeds(
            id=order.pk,
            programme_id=order.programme_id,
            specialty_id=order.specialty_id,
            province_id=order.province_id,
            min_workers=order.min_workers,
            equipment_ids=frozenset(equipment.get(order.pk, ())),
            course_ids=frozenset(courses.get(order.pk, ())),
            excludes_late_borrowers=bool(rule and rule.excludes_late_borrowers),
            loan_grace_days=rule.loan_grace_days if rule else 30,
        )
    return needs


def evaluate(
    facts: Facts, needs: OrderNeeds, *, as_of: datetime.date, only_failed: bool = False
) -> list[dict[str, Any]]:
    """The rule lines of one enterprise for one order (JSON-ready, see `describe`); with
    `only_failed`, only the rules it fails (a batch over many candidates keeps those)."""
    lines: list[dict[str, Any]] = []

    def add(rule: EligibilityRule, passed: bool, code: str, **params: Any) -> None:
        # A batch evaluates hundreds of thousands of candidates: build only what it keeps.
        if not (only_failed and passed):
            lines.append({"rule": rule.value, "passed": passed, "code": code, "params": params})

    add(EligibilityRule.OPERATING, facts.status == EnterpriseStatus.OPERATING, f"status_{facts.status}")
    add(
        EligibilityRule.PROGRAMME,
        facts.programme_id == needs.programme_id,
        "same_programme" if facts.programme_id == needs.programme_id else "other_programme",
    )
    if facts.province_id == needs.province_id:
        add(EligibilityRule.PROVINCE, True, "home_province")
    else:
        served = needs.province_id in facts.served_province_ids
        add(EligibilityRule.PROVINCE, served, "serves_province" if served else "outside_province")
    if needs.course_ids:
        certified = bool(needs.course_ids & facts.passed_course_ids)
        add(EligibilityRule.CERTIFIED, certified, "course_passed" if certified else "course_missing")
    else:
        certified = needs.specialty_id in facts.certified_specialty_ids
        add(EligibilityRule.CERTIFIED, certified, "specialty_passed" if certified else "specialty_missing")
    missing_equipment = sorted(needs.equipment_ids - facts.equipment_ids)
    enough_people = facts.workers >= needs.min_workers
    if not facts.declared and (needs.min_workers > 1 or needs.equipment_ids):
        add(EligibilityRule.MEANS, False, "means_undeclared")
    elif not enough_people or missing_equipment:
        add(
            EligibilityRule.MEANS,
            False,
            "means_short",
            workers=facts.workers,
            min_workers=needs.min_workers,
            missing_equipment=missing_equipment,
        )
    else:
        add(EligibilityRule.MEANS, True, "means_ok", workers=facts.workers)
    free = facts.in_progress < facts.capacity
    add(
        EligibilityRule.CAPACITY,
        free,
        "capacity_free" if free else "capacity_full",
        in_progress=facts.in_progress,
        capacity=facts.capacity,
    )
    add(
        EligibilityRule.OBLIGATIONS,
        facts.late_obligations == 0,
        "obligations_ok" if facts.late_obligations == 0 else "obligations_late",
        count=facts.late_obligations,
    )
    if needs.excludes_late_borrowers:
        days = (as_of - facts.oldest_unpaid_due).days if facts.oldest_unpaid_due else 0
        ok = days <= needs.loan_grace_days
        add(
            EligibilityRule.LOANS,
            ok,
            "loans_ok" if ok else "loans_late",
            days=max(days, 0),
            grace=needs.loan_grace_days,
        )
    return lines


def is_eligible(lines: Iterable[dict[str, Any]]) -> bool:
    return all(line["passed"] for line in lines)


def failed(lines: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [line for line in lines if not line["passed"]]


def candidate_ids(facts: dict[int, Facts], needs: OrderNeeds, *, any_trade: bool = False) -> list[int]:
    """The enterprises an allocation looks at (and records): the programme's, working in
    the order's province and in its trade (created in the specialty or certified in it),
    not having declined or let expire an offer of it already. `any_trade` adds the
    province's enterprises of other trades (the order's page explains those too)."""
    return [
        f.id
        for f in facts.values()
        if f.programme_id == needs.programme_id
        and f.works_in(needs.province_id)
        and (any_trade or f.in_trade(needs.specialty_id))
        and f.id not in needs.excluded_ids
    ]


def index_by_place(facts: dict[int, Facts]) -> dict[tuple[int, int], list[Facts]]:
    """The facts by (programme, province worked in): a batch finds an order's candidates
    without scanning every enterprise."""
    index: dict[tuple[int, int], list[Facts]] = defaultdict(list)
    for f in facts.values():
        for province_id in {f.province_id, *f.served_province_ids}:
            index[(f.programme_id, province_id)].append(f)
    return index


# --- Loading the facts in bulk --------------------------------------------------------------


def load_facts(enterprises: Any, *, as_of: datetime.date, now: datetime.datetime) -> dict[int, Facts]:
    """The facts of every enterprise of the queryset `enterprises`, in a fixed number of
    queries (each one filtered by the same subquery of ids)."""
    ids = enterprises.order_by().values("pk")
    facts: dict[int, Facts] = {}
    for row in Enterprise.objects.filter(pk__in=ids).values(
        "pk",
        "reference",
        "name_ar",
        "name_latin",
        "status",
        "programme_id",
        "province_id",
        "dossier_id",
        "specialty_id",
    ):
        facts[row["pk"]] = Facts(
            id=row["pk"],
            reference=row["reference"],
            name=row["name_latin"] or row["name_ar"] or row["reference"],
            status=row["status"],
            programme_id=row["programme_id"],
            province_id=row["province_id"],
            dossier_id=row["dossier_id"],
            specialty_id=row["specialty_id"],
        )
    _load_means(facts, ids)
    _load_certifications(facts, ids)
    _load_work(facts, ids, as_of=as_of, now=now)
    _load_obligations_and_loans(facts, ids, as_of=as_of)
    return facts


def _load_means(facts: dict[int, Facts], ids: Any) -> None:
    means = EnterpriseMeans.objects.filter(enterprise__in=ids)
    for row in means.values("enterprise_id", "workers", "max_concurrent_orders"):
        f = facts[row["enterprise_id"]]
        f.declared, f.workers, f.capacity = True, row["workers"], row["max_concurrent_orders"]
    equipment: dict[int, set[int]] = defaultdict(set)
    for enterprise_id, equipment_id in EnterpriseMeans.equipment.through.objects.filter(
        enterprisemeans__enterprise__in=ids
    ).values_list("enterprisemeans__enterprise_id", "equipment_id"):
        equipment[enterprise_id].add(equipment_id)
    provinces: dict[int, set[int]] = defaultdict(set)
    for enterprise_id, province_id in EnterpriseMeans.served_provinces.through.objects.filter(
        enterprisemeans__enterprise__in=ids
    ).values_list("enterprisemeans__enterprise_id", "province_id"):
        provinces[enterprise_id].add(province_id)
    for enterprise_id, values in equipment.items():
        facts[enterprise_id].equipment_ids = frozenset(values)
    for enterprise_id, values in provinces.items():
        facts[enterprise_id].served_province_ids = frozenset(values)


def _load_certifications(facts: dict[int, Facts], ids: Any) -> None:
    owners: dict[int, set[int]] = defaultdict(set)  # person -> enterprises
    members = EnterpriseMember.objects.filter(enterprise__in=ids, left_on__isnull=True)
    for enterprise_id, person_id in members.values_list("enterprise_id", "person_id"):
        owners[person_id].add(enterprise_id)
    courses: dict[int, set[int]] = defaultdict(set)
    specialties: dict[int, set[int]] = defaultdict(set)
    passed = Enrolment.objects.filter(
        result=TrainingResult.PASSED, person__in=members.values("person_id")
    ).values_list("person_id", "cohort__course_id", "cohort__course__specialty_id")
    for person_id, course_id, specialty_id in passed:
        for enterprise_id in owners.get(person_id, ()):
            courses[enterprise_id].add(course_id)
            if specialty_id is not None:
                specialties[enterprise_id].add(specialty_id)
    for enterprise_id in courses:
        facts[enterprise_id].passed_course_ids = frozenset(courses[enterprise_id])
        facts[enterprise_id].certified_specialty_ids = frozenset(specialties[enterprise_id])


def _load_work(facts: dict[int, Facts], ids: Any, *, as_of: datetime.date, now: datetime.datetime) -> None:
    live = Allocation.objects.filter(enterprise__in=ids, status__in=LIVE_OFFERS)
    busy = live.exclude(order__status__in=FINISHED_ORDERS).values("enterprise_id").annotate(n=Count("pk"))
    for row in busy:
        facts[row["enterprise_id"]].in_progress = row["n"]
    # The window reads the orders' own dates (when the work was to start), so orders
    # recorded after the fact count in their year, not the day they were typed in; it
    # ends on the day the allocation is made as of (today, or a past day replayed).
    since = min(as_of, now.date()) - datetime.timedelta(days=SERVED_WINDOW_DAYS)
    served = (
        live.filter(order__starts_on__gte=since)
        .values("enterprise_id")
        .annotate(amount=Sum("amount"), n=Count("pk"), last=Max("offered_at"))
    )
    for row in served:
        f = facts[row["enterprise_id"]]
        f.served_amount, f.served_count, f.last_served_at = row["amount"] or ZERO, row["n"], row["last"]
    ratings = (
        ContractRating.objects.filter(contract__enterprise__in=ids)
        .values("contract__enterprise_id")
        .annotate(score=Avg("score"))
    )
    for row in ratings:
        facts[row["contract__enterprise_id"]].rating = float(row["score"])


def _load_obligations_and_loans(facts: dict[int, Facts], ids: Any, *, as_of: datetime.date) -> None:
    late = (
        Obligation.objects.filter(late_obligation_q(as_of), enterprise__in=ids)
        .values("enterprise_id")
        .annotate(n=Count("pk"))
    )
    for row in late:
        facts[row["enterprise_id"]].late_obligations = row["n"]
    by_dossier = {f.dossier_id: f for f in facts.values()}
    schedules = (
        RepaymentSchedule.objects.filter(
            state=ScheduleState.ACTIVE,
            first_unpaid_due__lt=as_of,
            line__plan__dossier__in=Enterprise.objects.filter(pk__in=ids).values("dossier_id"),
        )
        .values("line__plan__dossier_id")
        .annotate(oldest=Min("first_unpaid_due"))
    )
    for row in schedules:
        f = by_dossier.get(row["line__plan__dossier_id"])
        if f is not None:
            f.oldest_unpaid_due = row["oldest"]


def facts_for_orders(
    orders: Iterable[WorkOrder], *, as_of: datetime.date, now: datetime.datetime
) -> dict[int, Facts]:
    """The facts of every enterprise of the orders' programmes (one load for a batch)."""
    programme_ids = {o.programme_id for o in orders}
    return load_facts(Enterprise.objects.filter(programme_id__in=programme_ids), as_of=as_of, now=now)


def facts_of(
    enterprise_ids: Iterable[int], *, as_of: datetime.date, now: datetime.datetime
) -> dict[int, Facts]:
    return load_facts(Enterprise.objects.filter(pk__in=list(enterprise_ids)), as_of=as_of, now=now)


def enterprises_for_order(order: WorkOrder) -> Any:
    """The enterprises whose facts one order needs: the programme's in or serving its province."""
    return Enterprise.objects.filter(programme_id=order.programme_id).filter(
        Q(province_id=order.province_id) | Q(means__served_provinces=order.province_id)
    )


def explain(order: WorkOrder, *, as_of: datetime.date, now: datetime.datetime) -> list[dict[str, Any]]:
    """Every candidate of one order with its lines, eligible first (the order's page)."""
    needs = OrderNeeds.of(order)
    facts = load_facts(enterprises_for_order(order), as_of=as_of, now=now)
    rows = []
    for enterprise_id in candidate_ids(facts, needs, any_trade=True):
        lines = evaluate(facts[enterprise_id], needs, as_of=as_of)
        rows.append({"facts": facts[enterprise_id], "lines": lines, "eligible": is_eligible(lines)})
    rows.sort(key=lambda r: (not r["eligible"], r["facts"].served_amount, r["facts"].reference))
    return rows


# --- Describing a line in the reader's language ---------------------------------------


def rule_label(rule: str) -> str:
    try:
        return str(EligibilityRule(rule).label)
    except ValueError:
        return rule


def describe(
    line: dict[str, Any], *, html: bool = False, equipment_names: dict[int, str] | None = None
) -> dict[str, Any]:
    """A stored line in the active language: {"rule", "label", "passed", "reason"}; with
    html=True numbers are wrapped in <bdi dir="ltr"> so they keep their order in Arabic."""
    p = dict(line.get("params") or {})
    names = equipment_names or {}
    p["missing"] = ", ".join(names.get(i, str(i)) for i in p.get("missing_equipment", []))
    if html:
        p = {
            k: format_html('<bdi dir="ltr">{}</bdi>', v)
            if isinstance(v, int | float)
            else conditional_escape(v)
            for k, v in p.items()
        }
    reasons = {
        "status_operating": lambda: _("Operating."),
        "status_suspended": lambda: _("Activity suspended."),
        "status_closed": lambda: _("Closed."),
        "status_transferred": lambda: _("Transferred to a new owner."),
        "same_programme": lambda: _("Created through the order's programme."),
        "other_programme": lambda: _("Created through another programme."),
        "home_province": lambda: _("Based in the order's province."),
        "serves_province": lambda: _("Declares it works in the order's province."),
        "outside_province": lambda: _("Neither based in nor serving the order's province."),
        "course_passed": lambda: _("An owner passed one of the required courses."),
        "course_missing": lambda: _("No owner passed any of the required courses."),
        "specialty_passed": lambda: _("An owner passed a course of the specialty."),
        "specialty_missing": lambda: _("No owner passed a course of the specialty."),
        "means_undeclared": lambda: _("No means declared (people and equipment)."),
        "means_short": lambda: (
            _("%(workers)s people declared for %(min_workers)s required; equipment missing: %(missing)s.") % p
            if p.get("missing")
            else _("%(workers)s people declared for %(min_workers)s required.") % p
        ),
        "means_ok": lambda: _("%(workers)s people and the required equipment declared.") % p,
        "capacity_free": lambda: _("%(in_progress)s order(s) in progress of %(capacity)s it can carry.") % p,
        "capacity_full": lambda: (
            _("Already %(in_progress)s order(s) in progress; it can carry %(capacity)s.") % p
        ),
        "obligations_ok": lambda: _("No legal obligation late."),
        "obligations_late": lambda: _("%(count)s legal obligation(s) late.") % p,
        "loans_ok": lambda: _("Loan repayments within the tolerated delay."),
        "loans_late": lambda: _("A loan repayment is %(days)s days late (tolerated: %(grace)s).") % p,
    }
    reason = reasons.get(line.get("code", ""), lambda: line.get("code", ""))()
    return {
        "rule": line.get("rule"),
        "label": rule_label(line.get("rule", "")),
        "passed": bool(line.get("passed")),
        "reason": reason,
    }


def refusal_reasons(lines: Iterable[dict[str, Any]]) -> str:
    """The failed rules of an enterprise, in words, for a refusal message."""
    return "; ".join(describe(line)["reason"] for line in failed(lines))
