"""Financing formulas: the list, one formula, and its form with the parts as a formset."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rowad.core.errors import ConflictError, DomainError
from rowad.core.pagination import CappedPaginator
from rowad.partners.models import Organization, Programme
from rowad.partners.queries import organizations_visible_to

from .. import queries
from ..forms.plans import FormulaForm, FormulaPartFormSet, part_initial
from ..formulas import rule_text
from ..models import FinancingFormula
from ..services import formulas as services
from .common import MANAGE, VIEW, require

PAGE_SIZE = 25


@login_required
def formula_list(request: HttpRequest) -> HttpResponse:
    require(request, VIEW)
    formulas = queries.formulas_visible_to(request.user).order_by("programme__code", "code")
    page = CappedPaginator(formulas, PAGE_SIZE).get_page(request.GET.get("page"))
    can_create = request.user.has_perm(MANAGE) and _programmes(request).exists()
    return render(request, "financing/formula_list.html", {"page": page, "can_create": can_create})


@login_required
def formula_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, VIEW)
    formula = get_object_or_404(queries.formulas_visible_to(request.user), pk=pk)
    parts = [
        {"part": part, "rule": rule_text(part, formula.currency)}
        for part in formula.parts.select_related("funder")
    ]
    can_edit = (
        request.user.has_perm(MANAGE)
        and queries.formulas_managed_by(request.user).filter(pk=formula.pk).exists()
    )
    return render(
        request, "financing/formula_detail.html", {"formula": formula, "parts": parts, "can_edit": can_edit}
    )


def _programmes(request: HttpRequest):
    """Programmes whose formulas the user maintains."""
    ids = [p.pk for p in Programme.objects.only("pk") if services.may_manage_programme(request.user, p)]
    return Programme.objects.filter(pk__in=ids).order_by("code")


def _funders(request: HttpRequest, formula: FinancingFormula | None):
    funders = organizations_visible_to(request.user)
    if formula is not None:
        used = formula.parts.exclude(funder=None).values("funder_id")
        funders = funders | Organization.objects.filter(pk__in=used)
    return funders.distinct().order_by("name_fr")


def _form(request: HttpRequest, formula: FinancingFormula | None) -> tuple[FormulaForm, Any]:
    programmes = _programmes(request)
    if formula is not None:
        programmes = Programme.objects.filter(pk=formula.programme_id)
    form = FormulaForm(request.POST or None, programmes=programmes, instance=formula)
    initial = [part_initial(p) for p in formula.parts.all()] if formula is not None else None
    formset = FormulaPartFormSet(
        request.POST or None,
        prefix="parts",
        initial=initial,
        form_kwargs={"funders": _funders(request, formula)},
    )
    return form, formset


def _save(request: HttpRequest, formula: FinancingFormula | None):
    form, formset = _form(request, formula)
    conflict = None
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        parts = [
            f.part_data()
            for f in formset.forms
            if f.cleaned_data.get("kind") and not f.cleaned_data.get("DELETE")
        ]
        programme = formula.programme if formula is not None else form.cleaned_data["programme"]
        try:
            saved = services.save_formula(
                formula,
                programme=programme,
                data=form.formula_data(),
                parts=parts,
                actor=request.user,
                expected_version=form.cleaned_data.get("version"),
            )
        except ConflictError as exc:
            conflict = exc.message
        except DomainError as exc:
            if exc.status_code == 403:
                raise PermissionDenied(exc.message) from exc
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The formula was saved."))
            return redirect("financing:formula_detail", pk=saved.pk)
    context = {"form": form, "formset": formset, "formula": formula, "conflict": conflict}
    return render(request, "financing/formula_form.html", context, status=409 if conflict else 200)


@login_required
@require_http_methods(["GET", "POST"])
def formula_create(request: HttpRequest) -> HttpResponse:
    require(request, MANAGE)
    if not _programmes(request).exists():
        raise PermissionDenied
    return _save(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def formula_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, MANAGE)
    formula = get_object_or_404(queries.formulas_managed_by(request.user), pk=pk)
    return _save(request, formula)
