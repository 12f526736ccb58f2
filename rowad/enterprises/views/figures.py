"""Enterprise figures (page and CSV): cohort survival, jobs created and kept, and one
breakdown, over the enterprises the reader reaches (officers and directors: their
agency's; a mentor: their caseload). Every number links to the enterprise list filtered
to exactly the records it counts (figures.Cell.params)."""

from __future__ import annotations

import csv
import datetime
import io

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from rowad.core.forms import StyledFormMixin
from rowad.core.models import Province
from rowad.core.spreadsheets import neutralise
from rowad.partners.models import Programme

from .. import figures
from ..definitions import SURVIVAL_YEARS
from ..enums import LegalForm
from ..queries import MENTORS, READERS, enterprises_visible_to


class FiguresForm(StyledFormMixin, forms.Form):
    """The filter bar: programme, province, legal form, and the breakdown shown."""

    programme = forms.TypedChoiceField(label=gettext_lazy("Programme"), required=False, coerce=int)
    province = forms.TypedChoiceField(label=gettext_lazy("Province"), required=False, coerce=int)
    legal_form = forms.ChoiceField(
        label=gettext_lazy("Legal form"), required=False, choices=[("", "—"), *LegalForm.choices]
    )
    by = forms.ChoiceField(
        label=gettext_lazy("Breakdown by"),
        required=False,
        choices=[(key, label) for key, (_column, label) in figures.DIMENSIONS.items()],
    )

    def __init__(self, *args, enterprises: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        ids = enterprises.order_by().values("programme_id")
        self.fields["programme"].choices = [("", "—")] + [
            (p.pk, p.name) for p in Programme.objects.filter(pk__in=ids)
        ]
        ids = enterprises.order_by().values("province_id")
        self.fields["province"].choices = [("", "—")] + [
            (p.pk, str(p)) for p in Province.objects.filter(pk__in=ids).order_by("code")
        ]

    def filters(self) -> dict[str, str]:
        """The valid filters chosen (an invalid one is dropped; the form says why)."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: str(self.cleaned_data[k]) for k in figures.BASE_FILTERS if self.cleaned_data.get(k)}

    def dimension(self) -> str:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("by"):
            return self.cleaned_data["by"]
        return "programme"


def _reader(request: HttpRequest) -> QuerySet:
    if not request.user.has_perm("enterprises.view_enterprises"):
        raise PermissionDenied
    return enterprises_visible_to(request.user, roles=READERS + MENTORS)


def list_url() -> str:
    """The enterprise list every figure links to."""
    return reverse("enterprises:list")


def _compute(request: HttpRequest) -> tuple[FiguresForm, figures.Figures, datetime.date]:
    enterprises = _reader(request)
    form = FiguresForm(request.GET or None, enterprises=enterprises)
    on = timezone.localdate()
    result = figures.compute(enterprises, dimension=form.dimension(), on=on, params=form.filters())
    return form, result, on


JOB_ROWS = (
    ("enterprises", gettext_lazy("Enterprises created")),
    ("jobs_created", gettext_lazy("Jobs created (first count)")),
    ("alive_now", gettext_lazy("Enterprises alive now")),
    ("jobs_kept", gettext_lazy("Jobs kept (alive enterprises, last count)")),
    ("kept_permanent_men", gettext_lazy("of which permanent, men")),
    ("kept_permanent_women", gettext_lazy("of which permanent, women")),
    ("kept_seasonal_men", gettext_lazy("of which seasonal, men")),
    ("kept_seasonal_women", gettext_lazy("of which seasonal, women")),
    ("not_observed", gettext_lazy("Enterprises with no jobs count yet")),
)


@login_required
def figures_page(request: HttpRequest) -> HttpResponse:
    form, result, on = _compute(request)
    return render(
        request,
        "enterprises/figures.html",
        {
            "form": form,
            "figures": result,
            "on": on,
            "years": SURVIVAL_YEARS,
            "jobs": [(label, result.jobs[key]) for key, label in JOB_ROWS],
            "dimension_label": figures.DIMENSIONS[result.dimension][1],
            "list_url": list_url(),
            "query_string": request.GET.urlencode(),
        },
    )


def _safe_cell(value):
    """The one rule against formula injection (rowad.core.spreadsheets)."""
    return neutralise(value)


def _number(value) -> str:
    return "" if value is None else str(value)


def csv_table(result: figures.Figures) -> list[list]:
    """The three tables one under the other, a blank line between them."""
    table: list[list] = [[_("Survival by year of creation")]]
    header = [_("Year of creation"), _("Created")]
    for k in SURVIVAL_YEARS:
        header += [
            _("Observed at %(k)s years") % {"k": k},
            _("Alive at %(k)s years") % {"k": k},
            _("Closed before %(k)s years") % {"k": k},
            _("Censored at %(k)s years") % {"k": k},
            _("Kaplan–Meier S(%(k)s) (%%)") % {"k": k},
        ]
    table.append(header)
    for row in result.survival:
        line = [row["label"], row["created"].value]
        for cells in row["by_year"]:
            line += [cells[n].value for n in ("observed", "alive", "closed", "censored")]
            line.append(_number(cells["km"]))
        table.append(line)
    table += [[], [_("Jobs")]]
    table += [[str(label), result.jobs[key].value] for key, label in JOB_ROWS]
    table += [[], [str(figures.DIMENSIONS[result.dimension][1])]]
    header = [_("Group"), pgettext("figures", "Enterprises"), _("Alive now")]
    for k in SURVIVAL_YEARS:
        header += [_("Alive at %(k)s years") % {"k": k}, _("Observed at %(k)s years") % {"k": k}]
    table.append([*header, _("Jobs created"), _("Jobs kept")])
    for row in result.breakdown:
        line = [row["label"], row["enterprises"].value, row["alive_now"].value]
        for cells in row["by_year"]:
            line += [cells["alive"].value, cells["observed"].value]
        table.append([*line, row["jobs_created"].value, row["jobs_kept"].value])
    return table


@login_required
def figures_csv(request: HttpRequest) -> HttpResponse:
    _form, result, on = _compute(request)
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel opens UTF-8 (Arabic) correctly with a BOM
    csv.writer(buffer).writerows([_safe_cell(v) for v in row] for row in csv_table(result))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"enterprise-figures-{result.dimension}-{on.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
