"""Scoring grid pages: the programmes' grids, and one grid's criteria (create or edit,
with an htmx row for one more criterion). The rules are in services (save_grid)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from rowad.core.errors import ConflictError, DomainError
from rowad.core.history import history_rows
from rowad.core.inputs import is_ascii_integer

from . import services
from .forms import CriterionFormSet, GridForm
from .models import ScoringGrid


def _require(request: HttpRequest) -> None:
    if not request.user.has_perm("committees.manage_grid"):
        raise PermissionDenied


@login_required
def grid_list(request: HttpRequest) -> HttpResponse:
    _require(request)
    programmes = services.programmes_with_grids_managed_by(request.user).select_related("operator")
    grids = {
        g.programme_id: g
        for g in ScoringGrid.objects.filter(programme__in=programmes).annotate(
            criteria_count=Count("criteria")
        )
    }
    rows = [{"programme": p, "grid": grids.get(p.pk)} for p in programmes]
    return render(request, "committees/grid_list.html", {"rows": rows})


def _criteria_initial(grid: ScoringGrid | None) -> list[dict]:
    if grid is None:
        return [{}, {}, {}]
    return [
        {"code": c.code, "name_ar": c.name_ar, "name_fr": c.name_fr, "weight": c.weight}
        for c in grid.criteria.all()
    ]


@login_required
@require_http_methods(["GET", "POST"])
def grid_edit(request: HttpRequest, programme_pk: int) -> HttpResponse:
    _require(request)
    programme = get_object_or_404(services.programmes_with_grids_managed_by(request.user), pk=programme_pk)
    grid = ScoringGrid.objects.filter(programme=programme).first()
    initial = (
        {
            "version": grid.updated_at.isoformat(),
            "scale_max": grid.scale_max,
            "show_evaluator_names": grid.show_evaluator_names,
        }
        if grid
        else {"scale_max": 20}
    )
    form = GridForm(request.POST or None, initial=initial)
    formset = CriterionFormSet(request.POST or None, prefix="criteria", initial=_criteria_initial(grid))
    status, conflict = 200, None
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.save_grid(
                programme,
                criteria=formset.criteria(),
                actor=request.user,
                scale_max=form.cleaned_data["scale_max"],
                show_evaluator_names=form.cleaned_data["show_evaluator_names"],
                version=form.cleaned_data.get("version") or None,
            )
        except ConflictError as exc:
            conflict, status = exc.message, 409
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The scoring grid was saved."))
            return redirect("committees:grid_edit", programme_pk=programme.pk)
    return render(
        request,
        "committees/grid_form.html",
        {
            "programme": programme,
            "grid": grid,
            "form": form,
            "formset": formset,
            "in_use": grid is not None and services.grid_in_use(grid),
            "conflict": conflict,
            "history": history_rows(grid, limit=10) if grid else [],
        },
        status=status,
    )


@login_required
@require_GET
def criterion_row(request: HttpRequest) -> HttpResponse:
    """One more empty criterion row (htmx), with the formset's new total."""
    _require(request)
    raw = request.GET.get("index", "0")
    index = min(int(raw), 49) if is_ascii_integer(raw) else 0
    formset = CriterionFormSet(prefix="criteria", initial=[{}] * (index + 1))
    return render(
        request,
        "committees/_criterion_row.html",
        {"row": formset.forms[index], "next_index": index + 1},
    )
