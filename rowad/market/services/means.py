"""What an enterprise declares it can put on a site (people, equipment, orders at once,
provinces served besides its own): declared by its manager on the portal or by an agency
officer reaching it; the eligibility reads it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user, check_version
from rowad.core.models import Province
from rowad.enterprises.models import Enterprise
from rowad.enterprises.queries import enterprises_managed_by

from ..enums import ErrorCode
from ..errors import MarketConflict
from ..models import EnterpriseMeans, Equipment
from ..queries import enterprises_managed_as_holder
from .common import error, not_allowed, today

MAX_WORKERS = 500
MAX_CONCURRENT = 50


def _require_declarer(actor: Any, enterprise: Enterprise) -> None:
    """The enterprise's manager (portal) or an agency officer managing it."""
    if actor is None:
        raise not_allowed(_("Only the enterprise's manager or its agency may declare its means."))
    if enterprises_managed_as_holder(actor).filter(pk=enterprise.pk).exists():
        return
    if enterprises_managed_by(actor).filter(pk=enterprise.pk).exists():
        return
    raise not_allowed(_("Only the enterprise's manager or its agency may declare its means."))


def _count(value: Any, field: str, label: str, *, minimum: int, maximum: int) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise error(
            _("%(label)s: enter a whole number.") % {"label": label}, ErrorCode.INVALID, field
        ) from None
    if number < minimum or number > maximum:
        raise error(
            _("%(label)s: enter a number between %(min)s and %(max)s.")
            % {"label": label, "min": minimum, "max": maximum},
            ErrorCode.INVALID,
            field,
        )
    return number


def _ids(values: Iterable[Any]) -> set[int]:
    ids = set()
    for value in values or ():
        pk = getattr(value, "pk", value)
        try:
            ids.add(int(pk))
        except (TypeError, ValueError):
            raise error(_("Unknown choice."), ErrorCode.INVALID) from None
    return ids


def _equipment(values: Iterable[Any]) -> list[Equipment]:
    ids = _ids(values)
    found = list(Equipment.objects.filter(pk__in=ids))
    if len(found) != len(ids):
        raise error(_("Unknown equipment."), ErrorCode.INVALID, "equipment")
    return found


def _provinces(values: Iterable[Any], enterprise: Enterprise) -> list[Province]:
    ids = _ids(values) - {enterprise.province_id}
    found = list(Province.objects.filter(pk__in=ids))
    if len(found) != len(ids):
        raise error(_("Unknown province."), ErrorCode.INVALID, "served_provinces")
    country = Province.objects.filter(pk=enterprise.province_id).values_list("country_id", flat=True).first()
    if any(p.country_id != country for p in found):
        raise error(
            _("An enterprise serves only provinces of its own country."),
            ErrorCode.INVALID,
            "served_provinces",
        )
    return found


def declare_means(
    enterprise: Enterprise,
    *,
    workers: Any,
    equipment: Iterable[Any],
    max_concurrent_orders: Any,
    served_provinces: Iterable[Any],
    actor: Any,
    expected_version: int | str | None = None,
) -> EnterpriseMeans:
    """Create or update the enterprise's declared means (a stale edit is refused when
    `expected_version` is given); history and audit kept."""
    _require_declarer(actor, enterprise)
    people = _count(workers, "workers", _("People available"), minimum=1, maximum=MAX_WORKERS)
    at_once = _count(
        max_concurrent_orders, "max_concurrent_orders", _("Orders at once"), minimum=1, maximum=MAX_CONCURRENT
    )
    kit = _equipment(equipment)
    provinces = _provinces(served_provinces, enterprise)
    with transaction.atomic():
        Enterprise.objects.select_for_update().filter(pk=enterprise.pk).first()
        means = EnterpriseMeans.objects.select_for_update().filter(enterprise=enterprise).first()
        created = means is None
        if created:
            means = EnterpriseMeans(enterprise=enterprise)
        else:
            check_version(
                means.version,
                expected_version,
                _("Someone else changed these means while you were looking at them. Review and try again."),
                error=MarketConflict,
            )
            means.version += 1
        means.workers, means.max_concurrent_orders = people, at_once
        means.declared_on, means.declared_by = today(), acting_user(actor)
        means._history_user = acting_user(actor)
        means.save()
        means.equipment.set(kit)
        means.served_provinces.set(provinces)
        record_action(
            "market.means.declared",
            enterprise,
            actor=actor,
            created=created,
            workers=people,
            max_concurrent_orders=at_once,
            equipment=sorted(e.pk for e in kit),
            served_provinces=sorted(p.pk for p in provinces),
        )
    return means
