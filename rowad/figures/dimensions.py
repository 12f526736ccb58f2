"""The dimensions every indicator can be broken down and filtered by.

A dimension is a name (`province`, `sex`…), the values a filter may take and how a value
reads. Which field of its records carries the dimension is each indicator's business
(`Indicator.dimensions`); an indicator without a dimension says "not applicable" rather
than a number that would not mean what it says.

`NONE` is the key of the records where the dimension is not recorded: a breakdown shows
them as "Not given", so the rows always add up to the total (except for the dimensions
marked `multi`: a person may belong to several target categories).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rowad.core.inputs import is_ascii_integer

NONE = "none"


def _names(model_path: str) -> Callable[[Iterable[Any]], dict[Any, str]]:
    """Labels of the ids of one model, read in one query."""

    def labels(keys: Iterable[Any]) -> dict[Any, str]:
        from django.apps import apps

        model = apps.get_model(model_path)
        ids = [k for k in keys if isinstance(k, int)]
        return {obj.pk: str(obj) for obj in model.objects.filter(pk__in=ids)}

    return labels


def _choices(choices: Callable[[], Iterable[tuple[str, Any]]]) -> Callable[[Iterable[Any]], dict[Any, str]]:
    def labels(keys: Iterable[Any]) -> dict[Any, str]:
        named = {code: str(label) for code, label in choices()}
        return {key: named.get(key, str(key)) for key in keys}

    return labels


def _sexes() -> list[tuple[str, Any]]:
    return [("F", _("Women")), ("M", _("Men"))]


def _age_bands() -> list[tuple[str, Any]]:
    from rowad.outreach.enums import AGE_BANDS

    return [(code, code) for code, _low, _high in AGE_BANDS]


@dataclass(frozen=True)
class Dimension:
    code: str
    label: Promise
    # ids of a model (int keys) or codes of a fixed list (str keys)
    integer: bool
    labels: Callable[[Iterable[Any]], dict[Any, str]]
    # the codes a filter may take when they are a fixed list (None: any id of the model)
    codes: Callable[[], Iterable[tuple[str, Any]]] | None = None
    # a record may have several values: the rows of a breakdown may add up to more
    multi: bool = False

    def parse(self, raw: str) -> int | str | None:
        """The key a filter value stands for, or None when it is not one."""
        if raw == NONE:
            return NONE
        if self.integer:
            return int(raw) if is_ascii_integer(raw) and len(raw) < 10 else None
        if self.codes is not None and raw not in {code for code, _label in self.codes()}:
            return None
        return raw


DIMENSIONS: dict[str, Dimension] = {
    d.code: d
    for d in (
        Dimension("campaign", _("Campaign"), True, _names("outreach.Campaign")),
        Dimension("phase", _("Phase"), True, _names("outreach.Phase")),
        Dimension("stop", _("Stop"), True, _names("outreach.Stop")),
        Dimension("programme", _("Programme"), True, _names("partners.Programme")),
        Dimension("partner", _("Partner"), True, _names("partners.Organization")),
        Dimension("province", _("Province"), True, _names("core.Province")),
        Dimension("specialty", _("Specialty"), True, _names("partners.Specialty")),
        Dimension("sex", _("Sex"), False, _choices(_sexes), codes=_sexes),
        Dimension("age_band", _("Age band"), False, _choices(_age_bands), codes=_age_bands),
        Dimension(
            "target_category",
            _("Target category"),
            True,
            _names("core.TargetCategory"),
            multi=True,
        ),
    )
}

PERIOD_STEPS = {
    "month": pgettext_lazy("period", "Month"),
    "quarter": pgettext_lazy("period", "Quarter"),
    "year": pgettext_lazy("period", "Year"),
}


def none_label() -> str:
    return str(_("Not given"))
