"""Repayment schedules of the repaid lines, the payments allocated to their instalments,
and reschedulings that keep the history.

- `generate_schedule` builds a line's schedule from its terms (`schedule_math`) on the
  approved amount; `generate_schedules` does the same for many lines at once (an import of
  10,000 dossiers) with batched inserts.
- `record_payment` locks the schedule, refuses a stale version, is idempotent by client
  key, and allocates the amount in the stated order: the oldest unsettled instalment
  first, in each its interest then its principal. An amount above everything still owed
  is refused (no overpayment: nothing is kept "on account"). It keeps the schedule's
  `outstanding_principal` and `first_unpaid_due` (the due date of the oldest unsettled
  instalment; None once repaid, and the schedule is closed).
- `reschedule` supersedes the active schedule (kept, with its instalments and payments)
  by a new version built on the principal still outstanding, so nothing paid is lost.
  Interest the old schedule charged and the holder did not pay is not carried over: the
  new schedule charges interest afresh on the outstanding principal from its own dates.

An instalment the holder owes nothing on (the grace period of a subsidised loan: only the
state's interest) is settled from the start (`settled_on` = its due date).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user, check_version
from rowad.core.models import AuditEntry

from .. import schedule_math
from ..enums import GRANTED, ErrorCode, ScheduleState
from ..errors import FinancingConflict, FinancingError
from ..models import Instalment, Payment, PaymentAllocation, PlanLine, RepaymentSchedule
from ..money import format_money, parse_amount, to_cents

BATCH = 500
ZERO = Decimal("0.00")

TERMS_MESSAGES = {
    "frequency": _("The instalment frequency is not one the schedule knows."),
    "no_term": _("The line has no term: give its term in months."),
    "grace_too_long": _("The grace period must be shorter than the term."),
    "not_whole_periods": _(
        "The term and the grace period must be whole numbers of periods (multiples of 3 months for quarterly instalments)."
    ),
    "negative_rate": _("The interest rate cannot be negative."),
    "principal": _("There is no principal to schedule."),
}


def _terms_error(exc: schedule_math.ScheduleTermsError, field: str | None = None) -> FinancingError:
    return FinancingError(
        TERMS_MESSAGES.get(exc.reason, TERMS_MESSAGES["principal"]),
        code=ErrorCode.INVALID_TERMS,
        field=field or {"grace_too_long": "grace_months"}.get(exc.reason, "term_months"),
    )


def _rows(principal: Decimal, terms: schedule_math.Terms, first_due: datetime.date) -> list:
    try:
        return schedule_math.instalments(principal, terms, first_due)
    except schedule_math.ScheduleTermsError as exc:
        raise _terms_error(exc) from exc


def _check_line(line: PlanLine) -> None:
    if not line.repaid:
        raise FinancingError(
            _("This line is not repaid (a grant or a contribution): it has no repayment schedule."),
            code=ErrorCode.NOT_REPAID,
        )
    if line.decision not in GRANTED or not line.approved_amount:
        raise FinancingError(
            _("The funder has not approved this line: there is nothing to repay yet."),
            code=ErrorCode.NOT_APPROVED,
        )


def _new_schedule(
    line: PlanLine,
    *,
    principal: Decimal,
    terms: schedule_math.Terms,
    first_due: datetime.date,
    actor: Any,
    number: int = 1,
    supersedes: RepaymentSchedule | None = None,
    reason: str = "",
) -> tuple[RepaymentSchedule, list[Instalment]]:
    """An unsaved schedule and its unsaved instalments."""
    rows = _rows(principal, terms, first_due)
    schedule = RepaymentSchedule(
        line=line,
        number=number,
        state=ScheduleState.ACTIVE,
        currency=line.plan.currency,
        principal=principal,
        first_due=first_due,
        supersedes=supersedes,
        reason=reason,
        outstanding_principal=principal,
        created_by=acting_user(actor),
        term_months=terms.term_months,
        grace_months=terms.grace_months,
        interest_rate=terms.interest_rate,
        interest_borne_by=terms.interest_borne_by,
        frequency=terms.frequency,
        repaid=True,
    )
    instalments = [
        Instalment(
            number=row.number,
            due_on=row.due_on,
            principal=row.principal,
            interest=row.interest,
            subsidised_interest=row.subsidised_interest,
            # Nothing owed by the holder: settled from the start (not late, ever).
            settled_on=row.due_on if row.amount_due == 0 else None,
        )
        for row in rows
    ]
    schedule.first_unpaid_due = next((i.due_on for i in instalments if i.settled_on is None), None)
    return schedule, instalments


def _save_instalments(schedule: RepaymentSchedule, instalments: list[Instalment]) -> None:
    for instalment in instalments:
        instalment.schedule = schedule
    Instalment.objects.bulk_create(instalments, batch_size=2000)


def _exists_error() -> FinancingError:
    return FinancingError(
        _("This line already has an active repayment schedule: reschedule it instead."),
        code=ErrorCode.SCHEDULE_EXISTS,
    )


def generate_schedule(line: PlanLine, *, first_due: datetime.date, actor: Any) -> RepaymentSchedule:
    """The first schedule of an approved, repaid line, on its approved amount."""
    with transaction.atomic():
        line = PlanLine.objects.select_for_update(of=("self",)).select_related("plan").get(pk=line.pk)
        _check_line(line)
        if RepaymentSchedule.objects.filter(line=line, state=ScheduleState.ACTIVE).exists():
            raise _exists_error()
        number = (
            RepaymentSchedule.objects.filter(line=line)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
            or 0
        ) + 1
        schedule, instalments = _new_schedule(
            line,
            principal=to_cents(line.approved_amount),
            terms=schedule_math.Terms.of(line),
            first_due=first_due,
            actor=actor,
            number=number,
        )
        try:
            with transaction.atomic():
                schedule.save()
        except IntegrityError as exc:  # another request generated it in between
            raise _exists_error() from exc
        _save_instalments(schedule, instalments)
        record_action(
            "financing.schedule.generated",
            schedule,
            actor=actor,
            line=line.pk,
            principal=str(schedule.principal),
            first_due=first_due.isoformat(),
            instalments=len(instalments),
        )
    return schedule


def generate_schedules(lines: Iterable[PlanLine], *, first_due: datetime.date, actor: Any) -> int:
    """The schedules of many lines at once (an import), in batches of inserts; all or
    nothing. Lines that are not repaid, not approved, or already have a schedule are
    skipped. Returns the number of schedules created."""
    ids = (
        [line.pk for line in lines]
        if not hasattr(lines, "values_list")
        else list(lines.values_list("pk", flat=True))
    )
    created = 0
    who = acting_user(actor)
    with transaction.atomic():
        for start in range(0, len(ids), BATCH):
            batch = list(
                PlanLine.objects.select_related("plan")
                .filter(
                    pk__in=ids[start : start + BATCH],
                    repaid=True,
                    decision__in=GRANTED,
                    approved_amount__gt=0,
                )
                .exclude(schedules__isnull=False)
                .order_by("pk")
            )
            pairs = []
            for line in batch:
                try:
                    pairs.append(
                        _new_schedule(
                            line,
                            principal=to_cents(line.approved_amount),
                            terms=schedule_math.Terms.of(line),
                            first_due=first_due,
                            actor=actor,
                        )
                    )
                except FinancingError as exc:
                    raise FinancingError(
                        _("Line %(line)s: %(reason)s"),
                        code=exc.code,
                        params={"line": line.pk, "reason": exc.message},
                    ) from exc
            schedules = bulk_create_with_history([s for s, _i in pairs], RepaymentSchedule, batch_size=BATCH)
            if any(s.pk is None for s in schedules):  # a database that returns no ids
                lookup = dict(
                    RepaymentSchedule.objects.filter(line__in=[s.line_id for s in schedules]).values_list(
                        "line_id", "pk"
                    )
                )
                for schedule in schedules:
                    schedule.pk = lookup[schedule.line_id]
            instalments = []
            for schedule, (_s, rows) in zip(schedules, pairs, strict=True):
                for instalment in rows:
                    instalment.schedule = schedule
                instalments.extend(rows)
            Instalment.objects.bulk_create(instalments, batch_size=2000)
            AuditEntry.objects.bulk_create(
                [
                    AuditEntry(
                        action="financing.schedule.generated",
                        actor=who,
                        object_type=RepaymentSchedule._meta.label_lower,
                        object_id=str(schedule.pk),
                        data={
                            "line": schedule.line_id,
                            "principal": str(schedule.principal),
                            "first_due": first_due.isoformat(),
                            "bulk": True,
                        },
                    )
                    for schedule in schedules
                ],
                batch_size=BATCH,
            )
            created += len(schedules)
    return created


def _lock(schedule: RepaymentSchedule) -> RepaymentSchedule:
    return RepaymentSchedule.objects.select_for_update(of=("self",)).get(pk=schedule.pk)


def _stale_message():
    return _("Someone recorded a payment or changed this schedule in the meantime: check it and try again.")


def _check_active(schedule: RepaymentSchedule) -> None:
    if schedule.state != ScheduleState.ACTIVE:
        message = (
            _("This schedule is repaid: it takes no more payments.")
            if schedule.state == ScheduleState.CLOSED
            else _("This schedule was rescheduled: record the payment on its current version.")
        )
        raise FinancingError(message, code=ErrorCode.SCHEDULE_CLOSED)


def clean_amount(amount: Any) -> Decimal:
    """A positive Decimal of whole cents, or INVALID_AMOUNT (floats refused)."""
    value = parse_amount(amount)
    if value is None or value <= 0 or to_cents(value) != value:
        raise FinancingError(
            _("Give a positive amount, at most to the cent."), code=ErrorCode.INVALID_AMOUNT, field="amount"
        )
    return to_cents(value)


def allocate(instalments: list[Instalment], amount: Decimal) -> list[tuple[Instalment, Decimal, Decimal]]:
    """(instalment, interest, principal) taken from `amount`, in order: the oldest unsettled
    instalment first, in each its interest then its principal. `instalments` are the
    unsettled ones in due order; the amounts are applied to them in place."""
    parts = []
    left = amount
    for instalment in instalments:
        if left <= 0:
            break
        interest = min(left, instalment.interest - instalment.paid_interest)
        left -= interest
        principal = min(left, instalment.principal - instalment.paid_principal)
        left -= principal
        if interest or principal:
            instalment.paid_interest += interest
            instalment.paid_principal += principal
            parts.append((instalment, interest, principal))
    return parts


def record_payment(
    schedule: RepaymentSchedule,
    *,
    amount: Any,
    currency: str,
    paid_on: datetime.date,
    actor: Any,
    reference: str = "",
    client_uuid: UUID | str | None = None,
    expected_version: int | str | None = None,
) -> Payment:
    """Record a payment on the active schedule and allocate it (see the module)."""
    amount = clean_amount(amount)
    with transaction.atomic():
        locked = _lock(schedule)
        if client_uuid:
            done = Payment.objects.filter(client_uuid=client_uuid).first()
            if done is not None:
                return done
        if str(currency) != locked.currency:
            raise FinancingError(
                _("This schedule is repaid in %(currency)s: record the payment in that currency."),
                code=ErrorCode.CURRENCY_MISMATCH,
                field="currency",
                params={"currency": locked.currency},
            )
        _check_active(locked)
        check_version(locked.version, expected_version, _stale_message(), error=FinancingConflict)
        unsettled = list(
            Instalment.objects.select_for_update(of=("self",))
            .filter(schedule=locked, settled_on__isnull=True)
            .order_by("number")
        )
        owed = sum((i.remaining for i in unsettled), ZERO)
        if amount > owed:
            raise FinancingError(
                _("The amount is above everything still owed on this schedule (%(owed)s)."),
                code=ErrorCode.OVERPAYMENT,
                field="amount",
                params={"owed": format_money(owed, locked.currency)},
            )
        payment = Payment(
            schedule=locked,
            amount=amount,
            currency=locked.currency,
            paid_on=paid_on,
            reference=reference or "",
            client_uuid=client_uuid or None,
            recorded_by=acting_user(actor),
        )
        try:
            with transaction.atomic():
                payment.save()
        except IntegrityError:  # the same client key, saved by a request that won the race
            return Payment.objects.get(client_uuid=client_uuid)
        parts = allocate(unsettled, amount)
        for instalment, _interest, _principal in parts:
            if instalment.remaining == 0:
                instalment.settled_on = paid_on
        Instalment.objects.bulk_update(
            [i for i, _a, _b in parts], ["paid_interest", "paid_principal", "settled_on"]
        )
        PaymentAllocation.objects.bulk_create(
            [
                PaymentAllocation(payment=payment, instalment=i, interest=interest, principal=principal)
                for i, interest, principal in parts
            ]
        )
        principal_paid = sum((p for _i, _a, p in parts), ZERO)
        locked.outstanding_principal -= principal_paid
        locked.first_unpaid_due = next((i.due_on for i in unsettled if i.settled_on is None), None)
        if locked.first_unpaid_due is None:
            locked.state = ScheduleState.CLOSED
        locked.version += 1
        locked.save(update_fields=["outstanding_principal", "first_unpaid_due", "state", "version"])
        record_action(
            "financing.payment.recorded",
            payment,
            actor=actor,
            schedule=locked.pk,
            amount=str(amount),
            currency=locked.currency,
            paid_on=paid_on.isoformat(),
            allocations=[[i.number, str(a), str(b)] for i, a, b in parts],
            closed=locked.state == ScheduleState.CLOSED,
        )
    schedule.refresh_from_db()
    return payment


def reschedule(
    schedule: RepaymentSchedule,
    *,
    first_due: datetime.date,
    reason: str,
    actor: Any,
    term_months: int | None = None,
    grace_months: int | None = None,
    frequency: str | None = None,
    expected_version: int | str | None = None,
) -> RepaymentSchedule:
    """Supersede the active schedule by a new version on the principal still outstanding
    (terms not given are the old schedule's). The old one is kept with its instalments and
    payments; unpaid interest of the old one is not carried over."""
    if not (reason or "").strip():
        raise FinancingError(
            _("Say why the schedule is changed."), code=ErrorCode.REASON_REQUIRED, field="reason"
        )
    with transaction.atomic():
        old = _lock(schedule)
        _check_active(old)
        check_version(old.version, expected_version, _stale_message(), error=FinancingConflict)
        paid = sum(old.instalments.values_list("paid_principal", flat=True), ZERO)
        principal = old.principal - paid
        if principal != old.outstanding_principal or principal <= 0:
            raise FinancingError(
                _(
                    "The new schedule would not carry over exactly the principal still owed: nothing was changed."
                ),
                code=ErrorCode.LOSES_PAYMENTS,
            )
        terms = schedule_math.Terms.of(
            old, term_months=term_months, grace_months=grace_months, frequency=frequency
        )
        line = PlanLine.objects.select_related("plan").get(pk=old.line_id)
        new, instalments = _new_schedule(
            line,
            principal=principal,
            terms=terms,
            first_due=first_due,
            actor=actor,
            number=old.number + 1,
            supersedes=old,
            reason=reason.strip(),
        )
        if sum((i.principal for i in instalments), ZERO) != principal:  # never expected
            raise FinancingError(
                _(
                    "The new schedule would not carry over exactly the principal still owed: nothing was changed."
                ),
                code=ErrorCode.LOSES_PAYMENTS,
            )
        old.state = ScheduleState.SUPERSEDED
        old.version += 1
        old.save(update_fields=["state", "version"])
        new.save()
        _save_instalments(new, instalments)
        record_action(
            "financing.schedule.rescheduled",
            new,
            actor=actor,
            supersedes=old.pk,
            principal=str(principal),
            paid_principal=str(paid),
            reason=new.reason,
            first_due=first_due.isoformat(),
            term_months=terms.term_months,
            grace_months=terms.grace_months,
            frequency=terms.frequency,
        )
    return new
