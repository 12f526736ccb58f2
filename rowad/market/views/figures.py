"""Market figures (page and CSV) over the orders the reader reaches (a sponsor's officer:
their organization's; the agency and directors: their provinces'), from the one
definition module (rowad.market.figures, rowad.market.gap)."""

from __future__ import annotations

import csv
import io

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rowad.core.forms import DateInput, StyledFormMixin
from rowad.core.spreadsheets import neutralise

from .. import figures
from ..gap import legend
from ..queries import orders_visible_to


class MarketFiguresForm(StyledFormMixin, forms.Form):
    """The filter bar: the period (orders starting from … to …), programme, province,
    specialty, sponsor."""

    date_from = forms.DateField(label=gettext_lazy("Orders starting from"), required=False, widget=DateInput)
    date_to = forms.DateField(label=gettext_lazy("to"), required=False, widget=DateInput)
    programme = forms.TypedChoiceField(label=gettext_lazy("Programme"), required=False, coerce=int)
    province = forms.TypedChoiceField(label=gettext_lazy("Province"), required=False, coerce=int)
    specialty = forms.TypedChoiceField(label=gettext_lazy("Specialty"), required=False, coerce=int)
    sponsor = forms.TypedChoiceField(label=gettext_lazy("Sponsor"), required=False, coerce=int)

    def __init__(self, *args, orders: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in figures.filter_choices(orders).items():
            self.fields[name].choices = [("", "—"), *choices]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end of the period comes before its start."))
        return data

    def filters(self) -> dict:
        """The valid filters chosen (an invalid form filters nothing; it says why)."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


def _compute(request: HttpRequest) -> figures.Figures:
    if not request.user.has_perm("market.view_market"):
        raise PermissionDenied
    orders = orders_visible_to(request.user)
    form = MarketFiguresForm(request.GET or None, orders=orders)
    result = figures.compute(orders, params=form.filters(), as_of=timezone.localdate())
    result.form = form
    return result


@login_required
def figures_page(request: HttpRequest) -> HttpResponse:
    result = _compute(request)
    return render(
        request,
        "market/figures/figures.html",
        {
            "form": result.form,
            "figures": result,
            "legend": legend(),
            "query_string": request.GET.urlencode(),
        },
    )


def _safe_cell(value):
    """The one rule against formula injection (rowad.core.spreadsheets)."""
    return "" if value is None else neutralise(value)


def _demand_section(title: str, rows: list[dict], label: str) -> list[list]:
    table = [[title], [label, _("Currency"), _("Orders"), _("Estimated amount"), _("Orders met")]]
    table[-1] += [_("Amount met"), _("Unfilled"), _("Orders met (%)"), _("Amount met (%)")]
    for r in rows:
        table.append(
            [
                r["label"],
                r["currency"],
                r["orders"],
                r["amount"],
                r["met"],
                r["met_amount"],
                r["unfilled"],
                r["met_share"],
                r["met_amount_share"],
            ]
        )
    return [*table, []]


def csv_table(result: figures.Figures) -> list[list]:
    """One section per figure, a blank line between them."""
    demand = result.demand
    table = _demand_section(_("Demand and share met"), demand["total"], _("Total"))
    table += _demand_section(_("By specialty"), demand["specialty"], _("Specialty"))
    table += _demand_section(_("By province"), demand["province"], _("Province"))
    table += [[_("Reserved share for micro-enterprises")]]
    table += [[_("Country"), _("Currency"), _("Reserved orders met"), _("Share (%)"), _("Legal share (%)")]]
    table += [
        [r["country"], r["currency"], r["reserved_met_amount"], r["reserved_share"], r["reserved_target"]]
        for r in demand["total"]
    ] + [[]]
    table += [[_("Work and money per enterprise")]]
    table += [[_("Reference"), _("Enterprise"), _("Currency"), _("Contracts"), _("Contracted")]]
    table[-1] += [_("Accepted (invoiced)"), _("Paid"), _("Mean rating")]
    table += [
        [
            r["reference"],
            r["label"],
            r["currency"],
            r["contracts"],
            r["contracted"],
            r["accepted"],
            r["paid"],
            r["rating"],
        ]
        for r in result.enterprises
    ] + [[]]
    table += [[_("Concentration")]]
    table += [
        [_("Currency"), _("Enterprises with work"), _("Top 10 %"), _("Contracted"), _("Top 10 % amount")]
    ]
    table[-1] += [_("Top 10 % share (%)"), _("Gini")]
    table += [
        [
            r["currency"],
            r["enterprises"],
            r["top"],
            r["contracted"],
            r["top_amount"],
            r["top_share"],
            r["gini"],
        ]
        for r in result.concentration
    ] + [[]]
    table += [[_("Late payments by the sponsor")]]
    table += [[_("Sponsor"), _("Currency"), _("Invoices"), _("Still due"), _("Mean days late"), _("Longest")]]
    table += [
        [r["label"], r["currency"], r["invoices"], r["due"], r["mean_days"], r["longest_days"]]
        for r in result.late
    ] + [[]]
    table += [[_("Gap between demand and certified supply (orders of the last 12 months)")]]
    table += [[_("Province"), _("Specialty"), _("Orders"), _("Amount"), _("Certified enterprises")]]
    table[-1] += [_("Orders per certified enterprise"), _("No certified enterprise")]
    for r in result.gap.rows:
        amounts = "; ".join(f"{a['amount']} {a['currency']}" for a in r["amounts"])
        table.append(
            [
                r["province_label"],
                r["specialty_label"],
                r["orders"],
                amounts,
                r["certified"],
                r["gap"],
                _("yes") if r["uncovered"] else "",
            ]
        )
    return table


@login_required
def figures_csv(request: HttpRequest) -> HttpResponse:
    result = _compute(request)
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel opens UTF-8 (Arabic) correctly with a BOM
    csv.writer(buffer).writerows([_safe_cell(v) for v in row] for row in csv_table(result))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="market-figures-{result.as_of.isoformat()}.csv"'
    return response
