"""The fields of a work order, checked and normalised for posting and editing (the
services' half that reads input: amounts, dates, the allocation rule's settings, the
required courses of the order's specialty)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from ..enums import AllocationMethod, ErrorCode, WorkUnit
from ..models import WorkOrder
from .common import error, now, parse_amount, parse_date

CURRENCIES = {"DZ": "DZD", "MA": "MAD"}
TEXT_FIELDS = ("title", "description", "communes")
PLAIN_FIELDS = (
    "specialty",
    "province",
    "quantity",
    "unit",
    "estimated_amount",
    "currency",
    "starts_on",
    "ends_on",
    "min_workers",
    "reserved_for_micro",
    "method",
    "weight_performance",
    "weight_distance",
    "weight_capacity",
    "quote_deadline",
    "payment_days",
    *TEXT_FIELDS,
)
M2M_FIELDS = ("required_courses", "required_equipment")
# What a user posts for an order, in the order the form and the API show it.
ORDER_FIELDS = (
    "title",
    "description",
    "specialty",
    "province",
    "communes",
    "quantity",
    "unit",
    "estimated_amount",
    "currency",
    "starts_on",
    "ends_on",
    "required_courses",
    "min_workers",
    "required_equipment",
    "reserved_for_micro",
    "method",
    "weight_performance",
    "weight_distance",
    "weight_capacity",
    "quote_deadline",
    "payment_days",
)


def _whole(value: Any, field: str, label: str, *, low: int, high: int) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        number = None
    if number is None or not low <= number <= high:
        raise error(
            _("%(label)s: enter a whole number from %(low)s to %(high)s.")
            % {"label": label, "low": low, "high": high},
            ErrorCode.INVALID,
            field,
        )
    return number


def _deadline(value: Any) -> datetime.datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value.strip())
        except ValueError:
            value = None
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time(23, 59))
    if not isinstance(value, datetime.datetime):
        raise error(_("Quotes until: enter a date and time."), ErrorCode.INVALID, "quote_deadline")
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def clean_order_fields(values: dict[str, Any], *, check_deadline: bool) -> dict[str, Any]:
    """The order's fields checked and normalised (`values`: every field, merged)."""
    clean = dict(values)
    for name in TEXT_FIELDS:
        clean[name] = (values.get(name) or "").strip()
    if not clean["title"]:
        raise error(_("Give the order a title."), ErrorCode.INVALID, "title")
    for name, label in (("specialty", _("Specialty")), ("province", _("Province"))):
        if values.get(name) is None:
            raise error(_("%(label)s: choose one.") % {"label": label}, ErrorCode.INVALID, name)
    clean["quantity"] = parse_amount(values.get("quantity"), "quantity", _("Quantity"))
    clean["estimated_amount"] = parse_amount(
        values.get("estimated_amount"), "estimated_amount", _("Estimated amount")
    )
    if values.get("unit") not in WorkUnit.values:
        raise error(_("Choose the unit of the quantity."), ErrorCode.INVALID, "unit")
    clean["currency"] = (values.get("currency") or "").strip().upper() or CURRENCIES.get(
        values["province"].country_id, "DZD"
    )
    clean["starts_on"] = parse_date(values.get("starts_on"), "starts_on", _("Starts on"))
    clean["ends_on"] = parse_date(values.get("ends_on"), "ends_on", _("Ends on"))
    if clean["ends_on"] < clean["starts_on"]:
        raise error(_("The work cannot end before it starts."), ErrorCode.INVALID, "ends_on")
    clean["min_workers"] = _whole(values.get("min_workers", 1), "min_workers", _("People"), low=1, high=500)
    clean["payment_days"] = _whole(
        values.get("payment_days", 30), "payment_days", _("Payment within (days)"), low=1, high=365
    )
    clean["reserved_for_micro"] = bool(values.get("reserved_for_micro"))
    method = values.get("method")
    if method not in AllocationMethod.values:
        raise error(_("Choose how the order is allocated."), ErrorCode.INVALID, "method")
    for name in ("weight_performance", "weight_distance", "weight_capacity"):
        clean[name] = _whole(values.get(name, 0), name, _("Weight"), low=0, high=100)
    if method == AllocationMethod.SCORE:
        total = clean["weight_performance"] + clean["weight_distance"] + clean["weight_capacity"]
        if total != 100:
            raise error(
                _("The weights of the score grid must add up to 100 (they add up to %(total)s).")
                % {"total": total},
                ErrorCode.INVALID,
                "weight_performance",
            )
    deadline = _deadline(values.get("quote_deadline"))
    if method == AllocationMethod.QUOTE:
        if deadline is None:
            raise error(_("Give the date until which quotes are taken."), ErrorCode.INVALID, "quote_deadline")
        if check_deadline and deadline <= now():
            raise error(
                _("The deadline for quotes must be in the future."), ErrorCode.INVALID, "quote_deadline"
            )
        if timezone.localtime(deadline).date() >= clean["starts_on"]:
            raise error(
                _("Quotes must close before the work starts (%(date)s).")
                % {"date": clean["starts_on"].isoformat()},
                ErrorCode.INVALID,
                "quote_deadline",
            )
    else:
        deadline = None
    clean["quote_deadline"] = deadline
    courses = list(values.get("required_courses") or [])
    if any(course.specialty_id != clean["specialty"].pk for course in courses):
        raise error(
            _("The required certifications must be courses of the order's specialty."),
            ErrorCode.INVALID,
            "required_courses",
        )
    clean["required_courses"] = courses
    clean["required_equipment"] = list(values.get("required_equipment") or [])
    return clean


def apply_fields(order: WorkOrder, clean: dict[str, Any]) -> None:
    for name in PLAIN_FIELDS:
        setattr(order, name, clean[name])


def current_fields(order: WorkOrder) -> dict[str, Any]:
    values = {name: getattr(order, name) for name in PLAIN_FIELDS}
    values["required_courses"] = list(order.required_courses.all())
    values["required_equipment"] = list(order.required_equipment.all())
    return values
