"""What the market services share: the error helpers, the clock, the lock on an order and
its version check, references, and the checks of who may act (one membership each)."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from rowad.core.concurrency import acting_user, check_version
from rowad.core.inputs import parse_date as core_parse_date

from ..enums import ErrorCode
from ..errors import MarketConflict, MarketError
from ..models import WorkOrder
from ..queries import enterprises_managed_as_holder, orders_managed_by, orders_reviewed_by


def error(message: str, code: str, field: str | None = None, status_code: int | None = None) -> MarketError:
    return MarketError(message, code=code, field=field, status_code=status_code)


def not_allowed(message: str | None = None) -> MarketError:
    return error(message or _("You may not do this for this order."), ErrorCode.NOT_ALLOWED, status_code=403)


def today() -> datetime.date:
    return timezone.localdate()


def now() -> datetime.datetime:
    return timezone.now()


def temporary_reference() -> str:
    return f"TMP-{uuid.uuid4().hex[:20]}"


def final_reference(prefix: str, obj: models.Model, country: str) -> str:
    """`WO-DZ-2026-000123`: the prefix, the country, the year and the row's number."""
    return f"{prefix}-{country}-{timezone.localdate().year}-{obj.pk:06d}"


def parse_amount(value: Any, field: str, label: str, *, positive: bool = True) -> Decimal:
    """A money amount or a quantity from a form or an API body (two decimals)."""
    try:
        amount = Decimal(str(value).strip().replace(" ", "").replace(",", "."))
    except (InvalidOperation, AttributeError):
        raise error(_("%(label)s: enter a number.") % {"label": label}, ErrorCode.INVALID, field) from None
    if not amount.is_finite() or amount < 0 or (positive and amount == 0):
        raise error(_("%(label)s: enter an amount above zero.") % {"label": label}, ErrorCode.INVALID, field)
    return amount.quantize(Decimal("0.01"))


def parse_date(value: Any, field: str, label: str, *, past_only: bool = False) -> datetime.date:
    return core_parse_date(value, field, label, past_only=past_only, error=MarketError)


def lock_order(order: WorkOrder) -> WorkOrder:
    return (
        WorkOrder.objects.select_for_update(of=("self",))
        .select_related("province", "programme")
        .get(pk=order.pk)
    )


def check_order_version(locked: WorkOrder, expected_version: int | str | None) -> None:
    check_version(
        locked.version,
        expected_version,
        _(
            "Someone else changed this order while you were looking at it. Review their changes and try again."
        ),
        error=MarketConflict,
    )


def save_order(locked: WorkOrder, actor: Any, fields: list[str]) -> None:
    locked.version += 1
    locked._history_user = acting_user(actor)
    locked.save(update_fields=[*fields, "version", "updated_at"])


def require_order_manager(actor: Any, order: WorkOrder) -> None:
    """`actor` posts and allocates this order (None: the system, a scheduled task)."""
    if actor is not None and not orders_managed_by(actor).filter(pk=order.pk).exists():
        raise not_allowed()


def require_sponsor(actor: Any, order: WorkOrder) -> None:
    """`actor` is an officer of the order's sponsor (accepts work, pays invoices)."""
    if actor is None or not orders_reviewed_by(actor).filter(pk=order.pk).exists():
        raise not_allowed(_("Only the sponsor's officers accept work and record its payments."))


def require_enterprise_manager(actor: Any, enterprise_id: int) -> None:
    """`actor` manages this enterprise on the portal (its manager, an active owner)."""
    if actor is None or not enterprises_managed_as_holder(actor).filter(pk=enterprise_id).exists():
        raise not_allowed(_("Only the enterprise's manager may do this."))
