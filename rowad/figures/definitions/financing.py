"""Money: amounts approved by the funders, disbursed, repaid, and late today. Every amount
is in the currency of its country (a figure is always read for one country)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rowad.financing.enums import LineDecision
from rowad.financing.models import Disbursement, Payment, PlanLine, RepaymentSchedule
from rowad.financing.portfolio import arrears_by_schedule

from ..indicators import Column, Indicator, Unit, define
from .common import lead_holder, link


def _dimensions(dossier: str) -> dict[str, str]:
    return {
        "campaign": f"{dossier}__met_at_stop__campaign",
        "phase": f"{dossier}__met_at_stop__phase",
        "stop": f"{dossier}__met_at_stop",
        "programme": f"{dossier}__programme",
        "partner": "funder_id" if dossier == "plan__dossier" else f"{dossier}__organization",
        "province": f"{dossier}__province",
        "specialty": f"{dossier}__specialty",
        "sex": "lead_sex",
        "target_category": f"{dossier}__holders__target_categories",
    }


def _money(code, label, description, records, *, dossier: str, date: str, amount: str, plan: str, columns):
    define(
        Indicator(
            code=code,
            label=label,
            description=description,
            group="financing",
            unit=Unit.MONEY,
            records=lambda: records().annotate(lead_sex=lead_holder(dossier, "sex")),
            date=date,
            province=f"{dossier}__province",
            country=f"{dossier}__province__country",
            dimensions=_dimensions(dossier),
            amount=amount,
            link=link("financing:plan_detail", plan),
            columns=columns,
        )
    )


_money(
    "amount_approved",
    _("Amount approved"),
    _("Amounts the funders approved on the plans' lines, on the day of their decision."),
    lambda: PlanLine.objects.select_related("plan__dossier", "funder").filter(
        decision=LineDecision.APPROVED, decided_on__isnull=False
    ),
    dossier="plan__dossier",
    date="decided_on",
    amount="approved_amount",
    plan="plan_id",
    columns=(
        Column(_("Dossier"), lambda line: line.plan.dossier.reference),
        Column(_("Funder"), lambda line: line.funder or ""),
        Column(_("Decided on"), lambda line: line.decided_on),
        Column(_("Amount approved"), lambda line: line.approved_amount),
    ),
)
_money(
    "amount_disbursed",
    _("Amount disbursed"),
    _("Tranches paid out to the holders' suppliers, on the day paid."),
    lambda: Disbursement.objects.select_related("line__plan__dossier"),
    dossier="line__plan__dossier",
    date="paid_on",
    amount="amount",
    plan="line.plan_id",
    columns=(
        Column(_("Dossier"), lambda d: d.line.plan.dossier.reference),
        Column(_("Paid on"), lambda d: d.paid_on),
        Column(_("Supplier"), lambda d: d.supplier),
        Column(_("Amount"), lambda d: d.amount),
    ),
)
_money(
    "amount_repaid",
    _("Amount repaid"),
    _("Repayments received from the holders, on the day paid."),
    lambda: Payment.objects.select_related("schedule__line__plan__dossier"),
    dossier="schedule__line__plan__dossier",
    date="paid_on",
    amount="amount",
    plan="schedule.line.plan_id",
    columns=(
        Column(_("Dossier"), lambda p: p.schedule.line.plan.dossier.reference),
        Column(_("Paid on"), lambda p: p.paid_on),
        Column(_("Amount"), lambda p: p.amount),
    ),
)
_money(
    "amount_late",
    _("Amount late"),
    _(
        "What the holders still owe today on instalments already due (active schedules), by the date of the oldest unpaid one."
    ),
    lambda: arrears_by_schedule(
        RepaymentSchedule.objects.select_related("line__plan__dossier"), as_of=timezone.localdate()
    ).filter(first_unpaid_due__lt=timezone.localdate()),
    dossier="line__plan__dossier",
    date="first_unpaid_due",
    amount="amount_late",
    plan="line.plan_id",
    columns=(
        Column(_("Dossier"), lambda s: s.line.plan.dossier.reference),
        Column(_("Oldest unpaid instalment"), lambda s: s.first_unpaid_due),
        Column(_("Days late"), lambda s: s.days_late),
        Column(_("Amount late"), lambda s: s.amount_late),
    ),
)
