"""The officer's writing pages: recording a dossier's enterprise, correcting it and its
owners (with the version the page loaded: a stale edit is told, not overwritten), and
marking a creation step done or reopening it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rowad.core.errors import ConflictError, DomainError
from rowad.dossiers.queries import dossiers_visible_to

from .. import queries
from ..forms.enterprises import (
    EnterpriseCreateForm,
    EnterpriseEditForm,
    MembersForm,
    StepDoneForm,
    service_error,
)
from ..identifiers import identifiers_for
from ..models import CreationStep, Enterprise
from ..services.editing import complete_step, reopen_step, set_members, update_enterprise
from ..services.enterprises import create_enterprise
from .enterprises import MANAGE, detail_context, require


def _refuse(exc: DomainError) -> None:
    if exc.status_code == 403:
        raise PermissionDenied(exc.message) from exc


def _managed(request: HttpRequest, pk: int) -> Enterprise:
    require(request, MANAGE)
    return get_object_or_404(queries.enterprises_managed_by(request.user), pk=pk)


def _put_back(form: Any, exc: DomainError) -> None:
    if exc.field == "members" and hasattr(form, "members_error"):
        form.members_error = exc.message
    else:
        service_error(form, exc.field, exc.message)


@login_required
def enterprise_create(request: HttpRequest, dossier_pk: int) -> HttpResponse:
    require(request, MANAGE)
    dossier = get_object_or_404(
        dossiers_visible_to(request.user, roles=queries.MANAGERS).select_related("province", "programme"),
        pk=dossier_pk,
    )
    existing = queries.enterprise_of_dossier(dossier)
    if existing is not None and request.method != "POST":
        messages.info(request, _("This dossier already has its enterprise."))
        return redirect("enterprises:detail", pk=existing.pk)
    form = EnterpriseCreateForm(request.POST or None, dossier=dossier)
    conflict = None
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enterprise = create_enterprise(
                dossier,
                actor=request.user,
                legal_form=data["legal_form"],
                activity=data["activity"],
                created_on=data["created_on"],
                name_ar=data["name_ar"],
                name_latin=data["name_latin"],
                address=data["address"],
                specialty=data["specialty"],
                identifiers=form.identifier_values(),
                members=form.members() or None,
                note=data["note"],
                expected_version=data.get("version"),
            )
        except ConflictError as exc:
            conflict, status = exc.message, 409
        except DomainError as exc:
            _refuse(exc)
            _put_back(form, exc)
            status = 409 if exc.status_code == 409 else 200
        else:
            messages.success(request, _("The enterprise was recorded; the dossier is now “company created”."))
            return redirect("enterprises:detail", pk=enterprise.pk)
    context = {
        "form": form,
        "dossier": dossier,
        "conflict": conflict,
        "identifiers": identifiers_for(dossier.province.country_id),
    }
    return render(request, "enterprises/enterprise_form.html", context, status=status)


@login_required
def enterprise_edit(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = _managed(request, pk)
    form = EnterpriseEditForm(request.POST or None, enterprise=enterprise)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update_enterprise(
                enterprise,
                actor=request.user,
                expected_version=data.get("version"),
                name_ar=data["name_ar"],
                name_latin=data["name_latin"],
                activity=data["activity"],
                address=data["address"],
                specialty=data["specialty"] or "",
                identifiers=form.identifier_values(),
            )
        except ConflictError as exc:
            conflict = exc.message
        except DomainError as exc:
            _refuse(exc)
            _put_back(form, exc)
        else:
            messages.success(request, _("The enterprise was saved."))
            return redirect("enterprises:detail", pk=enterprise.pk)
    return render(
        request,
        "enterprises/enterprise_edit.html",
        {"form": form, "enterprise": enterprise, "conflict": conflict},
        status=409 if conflict else 200,
    )


@login_required
def members_edit(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = _managed(request, pk)
    form = MembersForm(request.POST or None, enterprise=enterprise)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            set_members(
                enterprise,
                form.members(),
                actor=request.user,
                expected_version=form.cleaned_data.get("version"),
            )
        except ConflictError as exc:
            conflict = exc.message
        except DomainError as exc:
            _refuse(exc)
            _put_back(form, exc)
        else:
            messages.success(request, _("The owners were saved."))
            return redirect("enterprises:detail", pk=enterprise.pk)
    return render(
        request,
        "enterprises/members_form.html",
        {"form": form, "enterprise": enterprise, "conflict": conflict},
        status=409 if conflict else 200,
    )


def _managed_step(request: HttpRequest, pk: int) -> CreationStep:
    require(request, MANAGE)
    managed = queries.enterprises_managed_by(request.user).order_by().values("pk")
    return get_object_or_404(
        CreationStep.objects.filter(enterprise__in=managed).select_related("enterprise"), pk=pk
    )


@require_POST
@login_required
def step_done(request: HttpRequest, pk: int) -> HttpResponse:
    step = _managed_step(request, pk)
    form = StepDoneForm(request.POST, request.FILES, prefix=f"step-{step.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            complete_step(
                step,
                actor=request.user,
                done_on=data["done_on"],
                reference=data["reference"],
                document=data.get("document"),
            )
        except DomainError as exc:
            _refuse(exc)
            service_error(form, exc.field, exc.message)
        else:
            messages.success(request, _("The step was marked done."))
            return redirect("enterprises:detail", pk=step.enterprise_id)
    enterprise = queries.enterprises_managed_by(request.user).get(pk=step.enterprise_id)
    context = detail_context(request, enterprise, bound=(step.pk, form), open_step=step.pk)
    return render(request, "enterprises/enterprise_detail.html", context)


@require_POST
@login_required
def step_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    step = _managed_step(request, pk)
    try:
        reopen_step(step, actor=request.user)
    except DomainError as exc:
        _refuse(exc)
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The step was reopened."))
    return redirect("enterprises:detail", pk=step.enterprise_id)
