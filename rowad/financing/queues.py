"""The funder officer's home (issue 16): the lines of their organization waiting for its
decision, the granted lines still to disburse, and the repayments late (the portfolio's one
definition, `portfolio.late_schedules`). Every queue reads `lines_visible_to(…, FUNDERS)`:
the lines their own membership finances, in its provinces."""

from __future__ import annotations

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from rowad.accounts.enums import Role
from rowad.core.queues import HOME_ITEMS, QueueContext, QueueItem, WorkQueue, oldest_first, provide_queue

from .enums import GRANTED, LineDecision
from .money import format_money
from .portfolio import late_schedules
from .queries import FUNDERS, lines_visible_to, schedules_visible_to


def _funder_lines(context: QueueContext):
    return lines_visible_to(context.user, roles=FUNDERS).select_related("plan__dossier__province")


def decisions_waiting(context: QueueContext) -> WorkQueue:
    """Lines submitted to the funder and not yet decided."""
    lines = _funder_lines(context).filter(decision=LineDecision.SUBMITTED)
    items = [
        QueueItem(
            str(line.plan.dossier),
            reverse("financing:plan_detail", args=[line.plan_id]),
            since=line.submitted_on,
            detail=f"{line.get_kind_display()} · {format_money(line.amount, line.plan.currency)}",
        )
        for line in lines
    ]
    return WorkQueue(
        key="financing.decisions_waiting",
        title=_("Lines waiting for your decision"),
        count=len(items),
        items=oldest_first(items)[:HOME_ITEMS],
        more_url=reverse("financing:plan_list") + "?state=submitted",
        action=_("Decide"),
        empty=_("No line waits for your decision."),
        order=10,
    )


def disbursements_waiting(context: QueueContext) -> WorkQueue:
    """Lines granted and not yet disbursed in full."""
    lines = _funder_lines(context).filter(
        decision__in=list(GRANTED), approved_amount__isnull=False, disbursed_amount__lt=F("approved_amount")
    )
    items = [
        QueueItem(
            str(line.plan.dossier),
            reverse("financing:line_disbursements", args=[line.pk]),
            since=line.decided_on,
            detail=f"{line.get_kind_display()} · "
            + str(_("%(amount)s to disburse"))
            % {"amount": format_money(line.approved_amount - line.disbursed_amount, line.plan.currency)},
        )
        for line in lines
    ]
    return WorkQueue(
        key="financing.disbursements_waiting",
        title=_("Disbursements to carry out"),
        count=len(items),
        items=oldest_first(items)[:HOME_ITEMS],
        action=_("Disburse"),
        empty=_("Every granted line is disbursed."),
        order=20,
    )


def repayments_late(context: QueueContext) -> WorkQueue:
    schedules = late_schedules(schedules_visible_to(context.user, roles=FUNDERS), as_of=context.today)
    items = [
        QueueItem(
            str(s.line.plan.dossier),
            reverse("financing:schedule_detail", args=[s.pk]),
            since=s.first_unpaid_due,
            detail=ngettext("%(days)s day late", "%(days)s days late", s.days_late) % {"days": s.days_late}
            + f" · {format_money(s.amount_late, s.line.plan.currency)}",
            late=True,
        )
        for s in schedules.select_related("line__plan__dossier")
    ]
    return WorkQueue(
        key="financing.repayments_late",
        title=_("Repayments late"),
        count=len(items),
        items=oldest_first(items)[:HOME_ITEMS],
        more_url=reverse("financing:arrears"),
        action=_("Open the schedule"),
        empty=_("No repayment is late."),
        order=30,
    )


def register() -> None:
    for provider in (decisions_waiting, disbursements_waiting, repayments_late):
        provide_queue(Role.FUNDER_OFFICER, provider)
