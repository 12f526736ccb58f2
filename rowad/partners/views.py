"""Partners pages: thin views over partners.services and partners.queries."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rowad.core.audit import record_action
from rowad.core.errors import ConflictError
from rowad.core.history import history_rows
from rowad.core.pagination import CappedPaginator

from . import queries, services
from .eligibility import eligibility_sentences
from .forms import (
    AgreementForm,
    OrganizationForm,
    PartnerFilterForm,
    ProgrammeForm,
    add_service_errors,
    party_formset,
)
from .history import agreement_history_rows
from .models import Agreement, Organization, Programme

PAGE_SIZE = 25


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _list(request: HttpRequest, queryset, filter_function, template: str, rows_template: str, extra: dict):
    form = PartnerFilterForm(request.GET or None)
    if form.is_valid():
        queryset = filter_function(queryset, **form.cleaned_data)
    page = CappedPaginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "query_string": _query_without_page(request), **extra}
    return render(request, rows_template if request.htmx else template, context)


def _conflict_context(context: dict, obj, conflict: str | None) -> dict:
    if conflict:
        context["history"] = history_rows(obj, limit=5)
    return context


def _submit(
    request: HttpRequest,
    forms: list,
    write: Callable[[], Any],
    *,
    done: str,
    detail: str,
    instance: Any = None,
) -> tuple[HttpResponse | None, str | None]:
    """The one shape of every create/edit page here: on a valid POST run the service
    write; success -> message and redirect to the detail page; a stale version -> the
    conflict message (the record reloaded, for the 409 page); a refusal by the service ->
    its errors on the first form. Returns (redirect or None, conflict or None)."""
    if request.method != "POST" or not all(form.is_valid() for form in forms):
        return None, None
    try:
        saved = write() or instance
    except ConflictError as exc:
        instance.refresh_from_db()
        return None, exc.message
    except ValidationError as exc:
        add_service_errors(forms[0], exc)
        return None, None
    messages.success(request, done)
    return redirect(detail, pk=saved.pk), None


# --- Organizations ---------------------------------------------------------------------


def organization_for(request: HttpRequest, pk: int, *, edit: bool = False) -> Organization:
    """The permission, then the scope (404 outside)."""
    _require(request, "partners.change_organization" if edit else "partners.view_organization")
    queryset = (
        queries.organizations_editable_by(request.user)
        if edit
        else queries.organizations_visible_to(request.user)
    )
    return get_object_or_404(queryset, pk=pk)


@login_required
def organization_list(request: HttpRequest) -> HttpResponse:
    _require(request, "partners.view_organization")
    organizations = queries.organizations_visible_to(request.user).order_by("name_fr", "id")
    return _list(
        request,
        organizations,
        queries.filter_organizations,
        "partners/organization_list.html",
        "partners/_organization_rows.html",
        {"section": "organizations"},
    )


@login_required
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organization = organization_for(request, pk)
    return render(
        request,
        "partners/organization_detail.html",
        {
            "organization": organization,
            "provinces": organization.provinces.all(),
            "agreements": queries.agreements_visible_to(request.user).filter(
                parties__organization=organization
            ),
            "programmes": queries.programmes_visible_to(request.user).filter(operator=organization),
            "branches": queries.organizations_visible_to(request.user).filter(parent=organization),
            "history": history_rows(organization),
            "can_change": request.user.has_perm("partners.change_organization")
            and queries.organizations_editable_by(request.user).filter(pk=organization.pk).exists(),
        },
    )


def _organization_form(request: HttpRequest, instance: Organization | None = None) -> OrganizationForm:
    provinces = queries.writer_provinces(request.user)
    if instance is not None:
        # Keep the provinces already served selectable.
        provinces = provinces | instance.provinces.all()
    return OrganizationForm(
        request.POST or None,
        instance=instance,
        provinces=provinces.distinct(),
        parents=queries.organizations_visible_to(request.user),
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_create(request: HttpRequest) -> HttpResponse:
    _require(request, "partners.add_organization")
    form = _organization_form(request)
    response, _conflict = _submit(
        request,
        [form],
        lambda: services.create_organization(
            data=form.organization_data(), provinces=form.cleaned_data["provinces"], actor=request.user
        ),
        done=_("The organization was recorded."),
        detail="partners:organization_detail",
    )
    return response or render(request, "partners/organization_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def organization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organization = organization_for(request, pk, edit=True)
    form = _organization_form(request, organization)
    response, conflict = _submit(
        request,
        [form],
        lambda: services.update_organization(
            organization,
            data=form.organization_data(),
            provinces=form.cleaned_data["provinces"],
            version=form.cleaned_data.get("version"),
            actor=request.user,
        ),
        done=_("The changes were saved."),
        detail="partners:organization_detail",
        instance=organization,
    )
    if response:
        return response
    context = _conflict_context(
        {"form": form, "organization": organization, "conflict": conflict}, organization, conflict
    )
    return render(request, "partners/organization_form.html", context, status=409 if conflict else 200)


# --- Agreements ------------------------------------------------------------------------


def agreement_for(request: HttpRequest, pk: int, *, edit: bool = False) -> Agreement:
    _require(request, "partners.change_agreement" if edit else "partners.view_agreement")
    queryset = (
        queries.agreements_editable_by(request.user) if edit else queries.agreements_visible_to(request.user)
    )
    return get_object_or_404(queryset, pk=pk)


@login_required
def agreement_list(request: HttpRequest) -> HttpResponse:
    _require(request, "partners.view_agreement")
    agreements = queries.agreements_visible_to(request.user).prefetch_related("parties__organization")
    return _list(
        request,
        agreements.order_by("-signed_on", "-id"),
        queries.filter_agreements,
        "partners/agreement_list.html",
        "partners/_agreement_rows.html",
        {"section": "agreements"},
    )


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_for(request, pk)
    return render(
        request,
        "partners/agreement_detail.html",
        {
            "agreement": agreement,
            "parties": agreement.parties.select_related("organization"),
            "programmes": queries.programmes_visible_to(request.user).filter(agreements=agreement),
            "history": agreement_history_rows(agreement),
            "can_change": request.user.has_perm("partners.change_agreement")
            and queries.agreements_editable_by(request.user).filter(pk=agreement.pk).exists(),
        },
    )


@login_required
def agreement_document(request: HttpRequest, pk: int) -> FileResponse:
    """The signed document, from private storage, for users who may read the agreement."""
    agreement = agreement_for(request, pk)
    if not agreement.document:
        raise Http404
    try:
        handle = agreement.document.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = PurePath(agreement.document.name).name
    record_action("partners.agreement.document_read", agreement, actor=request.user)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _agreement_forms(request: HttpRequest, instance: Agreement | None = None):
    form = AgreementForm(
        request.POST or None,
        request.FILES or None,
        instance=instance,
        programmes=queries.programmes_visible_to(request.user),
    )
    parties = party_formset(
        request.POST or None, agreement=instance, organizations=queries.organizations_visible_to(request.user)
    )
    return form, parties


@login_required
@require_http_methods(["GET", "POST"])
def agreement_create(request: HttpRequest) -> HttpResponse:
    _require(request, "partners.add_agreement")
    form, parties = _agreement_forms(request)
    response, _conflict = _submit(
        request,
        [form, parties],
        lambda: services.create_agreement(
            data=form.agreement_data(),
            parties=parties.parties(),
            programmes=form.cleaned_data["programmes"],
            document=form.cleaned_data.get("document"),
            actor=request.user,
        ),
        done=_("The agreement was recorded."),
        detail="partners:agreement_detail",
    )
    return response or render(request, "partners/agreement_form.html", {"form": form, "parties": parties})


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_for(request, pk, edit=True)
    form, parties = _agreement_forms(request, agreement)
    response, conflict = _submit(
        request,
        [form, parties],
        lambda: services.update_agreement(
            agreement,
            data=form.agreement_data(),
            parties=parties.parties(),
            programmes=form.cleaned_data["programmes"],
            document=form.document_change(),
            version=form.cleaned_data.get("version"),
            actor=request.user,
        ),
        done=_("The changes were saved."),
        detail="partners:agreement_detail",
        instance=agreement,
    )
    if response:
        return response
    context = {"form": form, "parties": parties, "agreement": agreement, "conflict": conflict}
    if conflict:
        context["history"] = agreement_history_rows(agreement, limit=5)
    return render(request, "partners/agreement_form.html", context, status=409 if conflict else 200)


# --- Programmes ------------------------------------------------------------------------


def programme_for(request: HttpRequest, pk: int, *, edit: bool = False) -> Programme:
    _require(request, "partners.change_programme" if edit else "partners.view_programme")
    queryset = (
        queries.programmes_editable_by(request.user) if edit else queries.programmes_visible_to(request.user)
    )
    return get_object_or_404(queryset, pk=pk)


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    _require(request, "partners.view_programme")
    return _list(
        request,
        queries.programmes_visible_to(request.user).order_by("code"),
        queries.filter_programmes,
        "partners/programme_list.html",
        "partners/_programme_rows.html",
        {"section": "programmes"},
    )


@login_required
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_for(request, pk)
    return render(
        request,
        "partners/programme_detail.html",
        {
            "programme": programme,
            "rules": eligibility_sentences(programme),
            "sponsors": queries.organizations_visible_to(request.user).filter(sponsored_programmes=programme),
            "agreements": queries.agreements_visible_to(request.user).filter(programmes=programme),
            "history": history_rows(programme),
            "can_change": request.user.has_perm("partners.change_programme")
            and queries.programmes_editable_by(request.user).filter(pk=programme.pk).exists(),
        },
    )


def _programme_form(request: HttpRequest, instance: Programme | None = None) -> ProgrammeForm:
    operators = queries.writer_organizations(request.user)
    sponsors = queries.organizations_visible_to(request.user)
    agreements = queries.agreements_visible_to(request.user)
    if instance is not None:
        # What the programme already holds stays selectable, even if out of the editor's
        # reading scope (the service refuses adding such items, not keeping them).
        operators = operators | Organization.objects.filter(pk=instance.operator_id)
        sponsors = sponsors | instance.sponsors.all()
        agreements = agreements | instance.agreements.all()
    return ProgrammeForm(
        request.POST or None,
        instance=instance,
        operators=operators.distinct(),
        organizations=sponsors.distinct(),
        agreements=agreements.distinct(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    _require(request, "partners.add_programme")
    form = _programme_form(request)
    response, _conflict = _submit(
        request,
        [form],
        lambda: services.create_programme(
            data=form.programme_data(), relations=form.relations(), actor=request.user
        ),
        done=_("The programme was recorded."),
        detail="partners:programme_detail",
    )
    return response or render(request, "partners/programme_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_for(request, pk, edit=True)
    form = _programme_form(request, programme)
    response, conflict = _submit(
        request,
        [form],
        lambda: services.update_programme(
            programme,
            data=form.programme_data(),
            relations=form.relations(),
            version=form.cleaned_data.get("version"),
            actor=request.user,
        ),
        done=_("The changes were saved."),
        detail="partners:programme_detail",
        instance=programme,
    )
    if response:
        return response
    context = _conflict_context(
        {"form": form, "programme": programme, "conflict": conflict}, programme, conflict
    )
    return render(request, "partners/programme_form.html", context, status=409 if conflict else 200)
