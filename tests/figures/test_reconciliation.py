"""Every indicator of the registry, recomputed from the records with plain queries written
here (never the engine nor the definitions), for a director, a one-province officer,
breakdowns by province, sex and programme, and a period; then a figure following the
record it counts. A new indicator without its recomputation here fails
`test_reconciliation_covers_every_indicator`."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

import rowad.figures.definitions  # noqa: F401  (fills the registry)
from rowad.accounts.scope import scope_for
from rowad.dossiers.enums import DossierState
from rowad.dossiers.models import Dossier, DossierHolder, StateChange
from rowad.enterprises.enums import EnterpriseStatus
from rowad.enterprises.models import Enterprise
from rowad.figures import engine
from rowad.figures.dimensions import NONE
from rowad.figures.indicators import REGISTRY
from rowad.financing.enums import LineDecision, ScheduleState
from rowad.financing.models import Disbursement, Instalment, Payment, PlanLine, RepaymentSchedule
from rowad.market.enums import OrderStatus
from rowad.market.models import Contract, SponsorPayment, WorkOrder
from rowad.outreach.models import Event, Registration, VisitorTally
from rowad.training.enums import EnrolmentStatus, TrainingResult
from rowad.training.models import Enrolment
from tests.figures.chain import FEB, at

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Row:
    """One record as the figure should count it: its weight, country, province, date, the
    sex (None: not applicable) and programme."""

    weight: Any
    country: str
    province: int
    on: datetime.date
    sex: Any
    programme: Any


NOT_APPLICABLE = object()


def _local(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def _lead_sex(dossier_id: int) -> str | None:
    lead = DossierHolder.objects.filter(dossier_id=dossier_id, is_lead=True).order_by("pk").first()
    return lead.person.sex if lead else None


def visitors_counted() -> list[Row]:
    rows = []
    for tally in VisitorTally.objects.select_related(
        "stop__province", "stop__campaign", "event__province", "event__campaign"
    ):
        place = tally.stop or tally.event
        campaign = place.campaign
        rows.append(
            Row(
                tally.count,
                place.province.country_id,
                place.province_id,
                tally.day,
                NOT_APPLICABLE,
                campaign.programme_id if campaign else None,
            )
        )
    return rows


def event_head_count() -> list[Row]:
    """Events with a recorded attendance and no counter tally: their head count."""
    counted = set(VisitorTally.objects.filter(event__isnull=False).values_list("event_id", flat=True))
    return [
        Row(
            event.attendance,
            event.province.country_id,
            event.province_id,
            event.starts_on,
            NOT_APPLICABLE,
            event.campaign.programme_id if event.campaign else None,
        )
        for event in Event.objects.select_related("province", "campaign").filter(attendance__isnull=False)
        if event.pk not in counted
    ]


def visitors() -> list[Row]:
    return visitors_counted() + event_head_count()


def registered() -> list[Row]:
    rows = []
    for reg in Registration.objects.select_related(
        "stop__province", "stop__campaign", "event__province", "event__campaign"
    ):
        place = reg.stop or reg.event
        campaign = place.campaign
        rows.append(
            Row(
                1,
                place.province.country_id,
                place.province_id,
                _local(reg.captured_at),
                reg.sex or None,
                campaign.programme_id if campaign else None,
            )
        )
    return rows


def _dossier_row(dossier: Dossier, on: datetime.date) -> Row:
    return Row(
        1, dossier.province.country_id, dossier.province_id, on, _lead_sex(dossier.pk), dossier.programme_id
    )


def _reached(state: str) -> Callable[[], list[Row]]:
    def rows() -> list[Row]:
        found = []
        for dossier in (
            Dossier.objects.filter(state_changes__to_state=state).distinct().select_related("province")
        ):
            first = StateChange.objects.filter(dossier=dossier, to_state=state).order_by("created_at").first()
            found.append(_dossier_row(dossier, _local(first.created_at)))
        return found

    return rows


def financed() -> list[Row]:
    found = []
    for dossier in Dossier.objects.filter(financing_plan__lines__disbursements__isnull=False).distinct():
        first = Disbursement.objects.filter(line__plan__dossier=dossier).order_by("paid_on").first()
        found.append(_dossier_row(dossier, first.paid_on))
    return found


def _enrolments(date_field: str, **conditions) -> Callable[[], list[Row]]:
    def rows() -> list[Row]:
        found = []
        for e in Enrolment.objects.filter(**conditions).select_related(
            "cohort__province", "cohort__course", "person"
        ):
            moment = getattr(e, date_field)
            if moment is None:
                continue
            found.append(
                Row(
                    1,
                    e.cohort.province.country_id,
                    e.cohort.province_id,
                    _local(moment),
                    e.person.sex,
                    e.cohort.course.programme_id,
                )
            )
        return found

    return rows


def _enterprise_row(e: Enterprise, on: datetime.date, weight: Any = 1) -> Row:
    return Row(weight, e.country, e.province_id, on, _lead_sex(e.dossier_id), e.programme_id)


def enterprises_created() -> list[Row]:
    return [_enterprise_row(e, e.created_on) for e in Enterprise.objects.all()]


def contracted() -> list[Row]:
    rows = []
    for e in Enterprise.objects.filter(contracts__isnull=False).distinct():
        first = Contract.objects.filter(enterprise=e).order_by("signed_on").first()
        rows.append(_enterprise_row(e, first.signed_on))
    return rows


def _alive(years: int) -> Callable[[], list[Row]]:
    def rows() -> list[Row]:
        today = timezone.localdate()
        found = []
        for e in Enterprise.objects.all():
            anniversary = e.created_on.replace(year=e.created_on.year + years)
            if anniversary > today:
                continue  # not observed that long yet
            if e.ended_on is not None and e.ended_on < anniversary:
                continue  # closed or transferred before the anniversary
            found.append(_enterprise_row(e, e.created_on))
        return found

    return rows


def jobs() -> list[Row]:
    alive = Enterprise.objects.filter(status__in=[EnterpriseStatus.OPERATING, EnterpriseStatus.SUSPENDED])
    return [
        _enterprise_row(
            e, e.created_on, e.permanent_men + e.permanent_women + e.seasonal_men + e.seasonal_women
        )
        for e in alive
    ]


def _money_row(dossier: Dossier, on: datetime.date, amount: Decimal) -> Row:
    return Row(
        amount,
        dossier.province.country_id,
        dossier.province_id,
        on,
        _lead_sex(dossier.pk),
        dossier.programme_id,
    )


def amount_approved() -> list[Row]:
    lines = PlanLine.objects.filter(decision=LineDecision.APPROVED, decided_on__isnull=False)
    return [_money_row(line.plan.dossier, line.decided_on, line.approved_amount or 0) for line in lines]


def amount_disbursed() -> list[Row]:
    return [_money_row(d.line.plan.dossier, d.paid_on, d.amount) for d in Disbursement.objects.all()]


def amount_repaid() -> list[Row]:
    return [_money_row(p.schedule.line.plan.dossier, p.paid_on, p.amount) for p in Payment.objects.all()]


def amount_late() -> list[Row]:
    today = timezone.localdate()
    rows = []
    for s in RepaymentSchedule.objects.filter(state=ScheduleState.ACTIVE, first_unpaid_due__lt=today):
        late = sum(
            (
                i.principal + i.interest - i.paid_principal - i.paid_interest
                for i in Instalment.objects.filter(schedule=s, due_on__lt=today)
            ),
            Decimal(0),
        )
        rows.append(_money_row(s.line.plan.dossier, s.first_unpaid_due, late))
    return rows


def _order_row(o: WorkOrder) -> Row:
    return Row(1, o.province.country_id, o.province_id, _local(o.created_at), NOT_APPLICABLE, o.programme_id)


def orders_placed() -> list[Row]:
    return [_order_row(o) for o in WorkOrder.objects.exclude(status=OrderStatus.CANCELLED)]


def orders_met() -> list[Row]:
    return [_order_row(o) for o in WorkOrder.objects.filter(contract__isnull=False).distinct()]


def orders_unfilled() -> list[Row]:
    return [_order_row(o) for o in WorkOrder.objects.filter(status=OrderStatus.UNFILLED)]


def _contract_row(c: Contract, on: datetime.date, weight: Any) -> Row:
    return Row(
        weight, c.order.province.country_id, c.order.province_id, on, NOT_APPLICABLE, c.order.programme_id
    )


def contracts_signed() -> list[Row]:
    return [_contract_row(c, c.signed_on, 1) for c in Contract.objects.all()]


def contract_amount() -> list[Row]:
    return [_contract_row(c, c.signed_on, c.amount) for c in Contract.objects.all()]


def paid_to_enterprises() -> list[Row]:
    return [
        _contract_row(p.invoice.milestone.contract, p.paid_on, p.amount) for p in SponsorPayment.objects.all()
    ]


RECOMPUTED: dict[str, Callable[[], list[Row]]] = {
    "visitors": visitors,
    "visitors_counted": visitors_counted,
    "event_head_count": event_head_count,
    "registered": registered,
    "submitted": _reached(DossierState.SUBMITTED),
    "eligible": _reached(DossierState.ELIGIBILITY_CHECKED),
    "approved": _reached(DossierState.APPROVED),
    "financed": financed,
    "enrolled": _enrolments("enrolled_at"),
    "trained": _enrolments("result_at", result=TrainingResult.PASSED),
    "training_failed": _enrolments("result_at", result=TrainingResult.FAILED),
    "withdrawn": _enrolments("withdrawn_at", status=EnrolmentStatus.WITHDRAWN),
    "enterprises_created": enterprises_created,
    "contracted": contracted,
    "alive_1y": _alive(1),
    "alive_2y": _alive(2),
    "alive_3y": _alive(3),
    "jobs": jobs,
    "amount_approved": amount_approved,
    "amount_disbursed": amount_disbursed,
    "amount_repaid": amount_repaid,
    "amount_late": amount_late,
    "orders_placed": orders_placed,
    "orders_met": orders_met,
    "orders_unfilled": orders_unfilled,
    "contracts_signed": contracts_signed,
    "contract_amount": contract_amount,
    "paid_to_enterprises": paid_to_enterprises,
}


def _sum(rows: list[Row]) -> Any:
    return sum((r.weight for r in rows), 0)


def _grouped(rows: list[Row], key: Callable[[Row], Any]) -> dict[Any, Any]:
    groups: dict[Any, Any] = defaultdict(int)
    for r in rows:
        value = key(r)
        groups[NONE if value in (None, "") else value] += r.weight
    return dict(groups)


def _engine_grouped(figures: list[engine.Figure]) -> dict[Any, Any]:
    return {f.key: f.value for f in figures}


def _filters(country: str, **extra) -> engine.Filters:
    return engine.Filters(country=country, **extra)


def test_reconciliation_covers_every_indicator():
    assert set(RECOMPUTED) == set(REGISTRY)


def test_the_chain_has_records_for_every_indicator(chain):
    empty = sorted(code for code, rows in ((c, f()) for c, f in RECOMPUTED.items()) if not rows)
    assert empty == []


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_reconciliation_director_every_country_and_province(chain, code):
    rows = RECOMPUTED[code]()
    scope = scope_for(chain.director)
    indicator = REGISTRY[code]
    for country in ("DZ", "MA"):
        mine = [r for r in rows if r.country == country]
        assert engine.total(indicator, scope, _filters(country)).value == _sum(mine), country
        by_province = _engine_grouped(engine.breakdown(indicator, scope, _filters(country), "province"))
        assert by_province == _grouped(mine, lambda r: r.province)
        by_programme = _engine_grouped(engine.breakdown(indicator, scope, _filters(country), "programme"))
        assert by_programme == _grouped(mine, lambda r: r.programme)


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_reconciliation_officer_reads_only_their_province(chain, code):
    rows = RECOMPUTED[code]()
    scope = scope_for(chain.officer)
    indicator = REGISTRY[code]
    mine = [r for r in rows if r.province == chain.oran.pk]
    assert engine.total(indicator, scope, _filters("DZ")).value == _sum(mine)
    assert _engine_grouped(engine.breakdown(indicator, scope, _filters("DZ"), "province")) == _grouped(
        mine, lambda r: r.province
    )
    # The other Algerian province has records of this indicator: they never come in.
    assert engine.total(indicator, scope, _filters("MA")).value == 0


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_reconciliation_breakdown_by_sex(chain, code):
    rows = RECOMPUTED[code]()
    scope = scope_for(chain.director)
    indicator = REGISTRY[code]
    figures = engine.breakdown(indicator, scope, _filters("DZ"), "sex")
    if rows and rows[0].sex is NOT_APPLICABLE:
        assert (figures, engine.total(indicator, scope, _filters("DZ", selected={"sex": ("F",)})).value) == (
            [],
            None,
        )
        return
    mine = [r for r in rows if r.country == "DZ"]
    assert _engine_grouped(figures) == _grouped(mine, lambda r: r.sex)
    women = engine.total(indicator, scope, _filters("DZ", selected={"sex": ("F",)})).value
    assert women == _sum([r for r in mine if r.sex == "F"])


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_reconciliation_period_and_months(chain, code):
    rows = RECOMPUTED[code]()
    scope = scope_for(chain.director)
    indicator = REGISTRY[code]
    start, end = FEB.replace(day=1), datetime.date(2025, 2, 28)
    mine = [r for r in rows if r.country == "DZ"]
    within = [r for r in mine if start <= r.on <= end]
    assert engine.total(indicator, scope, _filters("DZ", start=start, end=end)).value == _sum(within)
    months = {f.key: f.value for f in engine.series(indicator, scope, _filters("DZ"), "month")}
    assert months == _grouped(mine, lambda r: r.on.replace(day=1))


def test_a_figure_follows_the_record_it_counts(chain):
    scope = scope_for(chain.director)
    approved = REGISTRY["approved"]
    before = engine.total(approved, scope, _filters("DZ")).value
    submitted_only = chain.dossiers[0]
    StateChange.objects.create(dossier=submitted_only, from_state="", to_state=DossierState.APPROVED)
    assert engine.total(approved, scope, _filters("DZ")).value == before + 1

    alive = REGISTRY["alive_1y"]
    before = engine.total(alive, scope, _filters("DZ")).value
    enterprise = next(e for e in chain.enterprises if e.ended_on is None and e.country == "DZ")
    Enterprise.objects.filter(pk=enterprise.pk).update(
        status=EnterpriseStatus.CLOSED, ended_on=enterprise.created_on + datetime.timedelta(days=100)
    )
    assert engine.total(alive, scope, _filters("DZ")).value == before - 1


def test_a_step_reached_late_in_the_evening_counts_on_the_local_day(chain):
    # 23:30 in Algiers on 31 January is 22:30 UTC: the local day is the 31st.
    dossier = chain.dossiers[1]
    change = StateChange.objects.create(dossier=dossier, from_state="", to_state=DossierState.APPROVED)
    StateChange.objects.filter(pk=change.pk).update(
        created_at=at(datetime.date(2025, 1, 31), 23).replace(minute=30)
    )
    scope = scope_for(chain.director)
    january_31 = _filters("DZ", start=datetime.date(2025, 1, 31), end=datetime.date(2025, 1, 31))
    listed = engine.records(REGISTRY["approved"], scope, january_31)
    assert list(listed.values_list("pk", flat=True)) == [dossier.pk]
