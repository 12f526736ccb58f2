"""The gap between the sponsor's demand and the programme's certified supply, per province ×
specialty — where to send the next caravan and which course to open next.

- **Demand** of a cell: the orders (cancelled ones left out) of that province and specialty
  starting from 12 months before `as_of` onwards (orders already posted for the months
  ahead count too), their number and estimated amount (per currency). The period filter
  of the page does not apply: the window is always the last 12 months.
- **Certified supply** of a cell: the operating enterprises of the cell's orders'
  programmes, based in the province or declaring they serve it (`EnterpriseMeans`), one
  of whose current owners passed a course of the specialty — the eligibility's province,
  operating and certified rules (`eligibility.py`), without the order-specific ones
  (required courses, means, capacity, obligations, loans).
- **Gap**: orders per certified enterprise; a cell with demand and **no certified
  enterprise** is flagged (`uncovered`) — the gap is then undefined, and the most urgent.

Four queries whatever the number of enterprises (demand grouped; enterprises; served
provinces; owners' passed courses), then sets in memory.

The map is a tile-grid cartogram (no licensed boundary data is bundled): each province of
a country is a square, placed by official order — Algeria's wilayas in rows of ten by
their code (01 Adrar … 69), Morocco's provinces one row per region (regions by code,
provinces by code within it) — coloured by the province's gap."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rowad.core.models import Province
from rowad.enterprises.enums import EnterpriseStatus
from rowad.enterprises.models import Enterprise, EnterpriseMember
from rowad.partners.models import Specialty
from rowad.training.enums import TrainingResult
from rowad.training.models import Enrolment

from .enums import OrderStatus
from .figures_work import money
from .models import EnterpriseMeans, WorkOrder

GAP_WINDOW_DAYS = 365
ZERO = Decimal("0")
# Map colours, from no pressure to no supply at all (the legend reads this list).
BANDS = (
    ("none", "#e9ecef", gettext_lazy("No demand")),
    ("low", "#a6d96a", gettext_lazy("Up to 1 order per certified enterprise")),
    ("mid", "#fee08b", gettext_lazy("1 to 3 orders per certified enterprise")),
    ("high", "#fdae61", gettext_lazy("3 to 10 orders per certified enterprise")),
    ("severe", "#f46d43", gettext_lazy("More than 10 orders per certified enterprise")),
    ("uncovered", "#a50026", gettext_lazy("Demand and no certified enterprise")),
)
COLOURS = {code: colour for code, colour, _label in BANDS}
TILE, GAP_PX, DZ_COLUMNS = 34, 4, 10


def ratio(orders: int, certified: int) -> Decimal | None:
    if not certified:
        return None
    return (Decimal(orders) / certified).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def band(orders: int, gap: Decimal | None) -> str:
    if not orders:
        return "none"
    if gap is None:
        return "uncovered"
    if gap <= 1:
        return "low"
    if gap <= 3:
        return "mid"
    return "high" if gap <= 10 else "severe"


def certified_supply(
    programme_ids: set[int], specialty_ids: set[int]
) -> tuple[dict[tuple[int, int], set[int]], dict[int, int]]:
    """{(province, specialty): {enterprise ids}} of the operating enterprises of the
    programmes certified in the specialties, at home and where they serve; and each
    enterprise's programme. Three queries."""
    enterprises = Enterprise.objects.filter(programme_id__in=programme_ids, status=EnterpriseStatus.OPERATING)
    places: dict[int, set[int]] = defaultdict(set)
    programme_of: dict[int, int] = {}
    for pk, province_id, programme_id in enterprises.values_list("pk", "province_id", "programme_id"):
        places[pk].add(province_id)
        programme_of[pk] = programme_id
    served = EnterpriseMeans.served_provinces.through.objects.filter(
        enterprisemeans__enterprise__in=enterprises.values("pk")
    ).values_list("enterprisemeans__enterprise_id", "province_id")
    for pk, province_id in served:
        places[pk].add(province_id)
    members = EnterpriseMember.objects.filter(enterprise__in=enterprises.values("pk"), left_on__isnull=True)
    owners: dict[int, set[int]] = defaultdict(set)
    passed = (
        Enrolment.objects.filter(
            result=TrainingResult.PASSED,
            person__in=members.values("person_id"),
            cohort__course__specialty_id__in=specialty_ids,
        )
        .values_list("person_id", "cohort__course__specialty_id")
        .distinct()
    )
    certified: dict[int, set[int]] = defaultdict(set)  # person -> specialties
    for person_id, specialty_id in passed:
        certified[person_id].add(specialty_id)
    for enterprise_id, person_id in members.values_list("enterprise_id", "person_id"):
        if person_id in certified:
            owners[enterprise_id] |= certified[person_id]
    supply: dict[tuple[int, int], set[int]] = defaultdict(set)
    for enterprise_id, specialties in owners.items():
        for province_id in places.get(enterprise_id, ()):
            for specialty_id in specialties:
                supply[(province_id, specialty_id)].add(enterprise_id)
    return supply, programme_of


@dataclass
class Gap:
    since: datetime.date
    rows: list[dict] = field(default_factory=list)
    provinces: list[dict] = field(default_factory=list)
    maps: list[dict] = field(default_factory=list)


def gap_figures(orders: QuerySet[WorkOrder], *, as_of: datetime.date) -> Gap:
    """The gap rows (uncovered first, then the widest gap), a per-province summary and
    the tile maps (one per country with demand)."""
    since = as_of - datetime.timedelta(days=GAP_WINDOW_DAYS)
    grouped = list(
        orders.exclude(status=OrderStatus.CANCELLED)
        .filter(starts_on__gte=since)
        .values("province_id", "specialty_id", "programme_id", "currency")
        .annotate(orders=Count("pk"), amount=Sum("estimated_amount"))
        .order_by()
    )
    cells: dict[tuple[int, int], dict[str, Any]] = {}
    for row in grouped:
        cell = cells.setdefault(
            (row["province_id"], row["specialty_id"]),
            {"orders": 0, "amounts": defaultdict(Decimal), "programmes": set()},
        )
        cell["orders"] += row["orders"]
        cell["amounts"][row["currency"]] += row["amount"] or ZERO
        cell["programmes"].add(row["programme_id"])
    result = Gap(since=since)
    if not cells:
        return result
    supply, programme_of = certified_supply(
        {p for c in cells.values() for p in c["programmes"]}, {s for _p, s in cells}
    )
    provinces = {p.pk: p for p in Province.objects.filter(pk__in={p for p, _s in cells})}
    specialties = {s.pk: s.name for s in Specialty.objects.filter(pk__in={s for _p, s in cells})}
    by_province: dict[int, dict[str, Any]] = {}
    for (province_id, specialty_id), cell in cells.items():
        ids = {
            e for e in supply.get((province_id, specialty_id), ()) if programme_of[e] in cell["programmes"]
        }
        gap = ratio(cell["orders"], len(ids))
        amounts = sorted(cell["amounts"].items())
        result.rows.append(
            {
                "province": province_id,
                "province_label": str(provinces[province_id]),
                "specialty": specialty_id,
                "specialty_label": specialties.get(specialty_id, "—"),
                "orders": cell["orders"],
                "amounts": [{"currency": c, "amount": money(a)} for c, a in amounts],
                "certified": len(ids),
                "gap": gap,
                "uncovered": not ids,
            }
        )
        summary = by_province.setdefault(province_id, {"orders": 0, "enterprises": set(), "uncovered": []})
        summary["orders"] += cell["orders"]
        summary["enterprises"] |= ids
        if not ids:
            summary["uncovered"].append(specialties.get(specialty_id, "—"))
    result.rows.sort(key=lambda r: (not r["uncovered"], -(r["gap"] or 0), -r["orders"], r["province_label"]))
    for province_id, summary in by_province.items():
        certified = len(summary["enterprises"])
        gap = ratio(summary["orders"], certified)
        uncovered = sorted(summary["uncovered"])
        result.provinces.append(
            {
                "province": province_id,
                "code": provinces[province_id].code,
                "country": provinces[province_id].country_id,
                "label": str(provinces[province_id]),
                "orders": summary["orders"],
                "certified": certified,
                "gap": gap,
                "uncovered": uncovered,
                "band": "uncovered" if uncovered else band(summary["orders"], gap),
            }
        )
    result.provinces.sort(key=lambda r: (r["country"], r["code"]))
    result.maps = tile_maps({r["province"]: r for r in result.provinces})
    return result


def _tile_title(province: Province, summary: dict | None) -> str:
    names = " — ".join(n for n in (province.name_ar, province.name_fr) if n)
    if summary is None:
        return f"{province.code} {names}: {_('no demand')}"
    text = _("%(orders)s order(s), %(certified)s certified enterprise(s)") % summary
    if summary["uncovered"]:
        text += "; " + _("no certified enterprise in: %(specialties)s") % {
            "specialties": ", ".join(summary["uncovered"])
        }
    elif summary["gap"] is not None:
        text += "; " + _("%(gap)s orders per certified enterprise") % summary
    return f"{province.code} {names}: {text}"


def _positions(provinces: list[Province], country: str) -> dict[int, tuple[int, int]]:
    if country == "MA":
        rows: dict[str, list[Province]] = defaultdict(list)
        for p in provinces:
            rows[p.region.code if p.region_id else "~"].append(p)
        return {
            p.pk: (column, line)
            for line, region in enumerate(sorted(rows))
            for column, p in enumerate(sorted(rows[region], key=lambda p: p.code))
        }
    ordered = sorted(provinces, key=lambda p: p.code)
    return {p.pk: (i % DZ_COLUMNS, i // DZ_COLUMNS) for i, p in enumerate(ordered)}


def tile_maps(summaries: dict[int, dict]) -> list[dict]:
    """One tile grid per country with demand: every province of the country a square."""
    countries = sorted({s["country"] for s in summaries.values()})
    maps = []
    for country in countries:
        provinces = list(Province.objects.filter(country_id=country).select_related("region", "country"))
        positions = _positions(provinces, country)
        tiles = []
        for p in provinces:
            column, line = positions[p.pk]
            summary = summaries.get(p.pk)
            code = summary["band"] if summary else "none"
            tiles.append(
                {
                    "x": column * (TILE + GAP_PX),
                    "y": line * (TILE + GAP_PX),
                    "code": p.code,
                    "title": _tile_title(p, summary),
                    "band": code,
                    "fill": COLOURS[code],
                    "dark": code in ("uncovered", "severe"),
                }
            )
        width = (max(c for c, _l in positions.values()) + 1) * (TILE + GAP_PX)
        height = (max(line for _c, line in positions.values()) + 1) * (TILE + GAP_PX)
        maps.append(
            {
                "country": country,
                "label": str(provinces[0].country) if provinces else country,
                "tiles": tiles,
                "width": width,
                "height": height,
                "tile": TILE,
            }
        )
    return maps


def legend() -> list[dict[str, str]]:
    return [{"band": code, "fill": colour, "label": str(label)} for code, colour, label in BANDS]
