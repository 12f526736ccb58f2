"""Back-office dossier pages: thin views over dossiers.services and dossiers.queries."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rowad.core.audit import record_action
from rowad.core.errors import ConflictError, DomainError
from rowad.core.history import history_rows
from rowad.core.inputs import is_ascii_integer
from rowad.core.models import Province
from rowad.core.pagination import CappedPaginator
from rowad.core.sections import sections_for
from rowad.messaging.queries import messages_about
from rowad.partners.queries import programmes_visible_to
from rowad.people.queries import people_visible_to, provinces_for_registry

from . import eligibility, queries, rules, services, workflow
from . import study as study_services
from .disclosure import personal_data_visible
from .enums import DossierState
from .forms import DossierFilterForm, DossierForm, FinancingFormSet, StudyForm, TransitionForm, UploadForm
from .models import DocumentVersion, Dossier, DossierHolder
from .study import study_signoff_context

PAGE_SIZE = 25


def dossier_for(request: HttpRequest, pk: int, permission: str = "dossiers.view_dossier") -> Dossier:
    """The one access helper: the permission, then the scope (404 outside), then the
    permission on this dossier (403 unless a membership holding an allowed role reaches it)."""
    if not request.user.has_perm(permission):
        raise PermissionDenied
    dossier = get_object_or_404(queries.dossiers_visible_to(request.user), pk=pk)
    if not request.user.has_perm(permission, dossier):
        raise PermissionDenied
    return dossier


def _provinces(request, roles=None):
    """Provinces to filter by (all the user reads), or, with `roles`, the provinces where
    a membership holding one of them may place a dossier."""
    from rowad.accounts.scope import scope_for

    if request.user.is_superuser:
        return Province.objects.all()
    if roles is None:
        return provinces_for_registry(request.user)
    return Province.objects.filter(scope_for(request.user).reach_q(*roles, province="pk"))


@login_required
def dossier_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("dossiers.view_dossier"):
        raise PermissionDenied
    form = DossierFilterForm(
        request.GET or None, programmes=programmes_visible_to(request.user), provinces=_provinces(request)
    )
    filters = form.cleaned_data if form.is_valid() else {}
    dossiers = queries.dossiers_visible_to(request.user, **{k: v for k, v in filters.items() if v})
    # The holders' names of each row, in one query per page.
    holders = Prefetch("holder_links", queryset=DossierHolder.objects.select_related("person"))
    paginator = CappedPaginator(dossiers.order_by("-id").prefetch_related(holders), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    template = "dossiers/_dossier_rows.html" if request.htmx else "dossiers/dossier_list.html"
    return render(request, template, {"form": form, "page": page, "query_string": params.urlencode()})


def _detail_context(request: HttpRequest, dossier: Dossier) -> dict:
    user = request.user
    transitions = []
    for transition in services.available_transitions(dossier, user):
        problems = services.transition_problems(dossier, transition, note="-")
        transitions.append({"t": transition, "problems": [p.message for p in problems]})
    lines = [eligibility.describe(line, html=True) for line in dossier.eligibility]
    total = services.financing_total(dossier)
    study = getattr(dossier, "study", None) if hasattr(dossier, "study") else None
    checklist = services.document_checklist(dossier)
    return {
        "dossier": dossier,
        "holders": dossier.holder_links.select_related("person", "person__province"),
        "lines": lines,
        "financing": dossier.financing_lines.select_related("funder"),
        "financing_total": total,
        "financing_gap": dossier.investment - total,
        "checklist": checklist,
        "complete": all(row["present"] for row in checklist if row["required"]),
        "study": study,
        "checks": study.checks.select_related("item") if study else [],
        "changes": dossier.state_changes.select_related("actor"),
        "notifications": messages_about(dossier)[:20],
        # Officers' notes the holder never reads (never passed to the portal's pages).
        "internal_notes": dossier.internal_notes.select_related("author")
        if user.has_perm("dossiers.internal_notes", dossier)
        else None,
        "history": history_rows(dossier, limit=20),
        "transitions": transitions,
        "upload_form": UploadForm(),
        "can_change": user.has_perm("dossiers.change_dossier", dossier)
        and dossier.state in workflow.EDITABLE_STATES,
        "can_upload": user.has_perm("dossiers.upload_document", dossier)
        and dossier.state not in workflow.FINAL_STATES,
        "can_study": user.has_perm("dossiers.study_dossier", dossier)
        and dossier.state == DossierState.UNDER_STUDY,
        **study_signoff_context(user, dossier, study),
        # A sponsor reads the holders' documents and contacts only while it studies it.
        "personal_data_visible": personal_data_visible(user, dossier),
        # What higher apps (training) show about the dossier, scoped to the reader.
        "sections": sections_for("dossiers.dossier_detail", user, dossier),
    }


@login_required
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = dossier_for(request, pk)
    return render(request, "dossiers/dossier_detail.html", _detail_context(request, dossier))


def _form_kwargs(request: HttpRequest, roles) -> dict:
    from rowad.outreach.queries import events_visible_to, stops_visible_to

    return {
        "stops": stops_visible_to(request.user).select_related("province"),
        "events": events_visible_to(request.user),
        "people": people_visible_to(request.user).order_by("sort_name", "id"),
        "programmes": programmes_visible_to(request.user).filter(is_active=True),
        "provinces": _provinces(request, roles),
    }


def _add_errors(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


@login_required
@require_http_methods(["GET", "POST"])
def dossier_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("dossiers.add_dossier"):
        raise PermissionDenied
    initial = {}
    person_id = request.GET.get("person", "")
    if is_ascii_integer(person_id):
        initial["lead"] = person_id
    form = DossierForm(request.POST or None, initial=initial, **_form_kwargs(request, rules.CREATORS))
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.create_dossier(
                holders=form.holders(),
                programme=form.cleaned_data["programme"],
                actor=request.user,
                client_uuid=form.cleaned_data.get("client_uuid"),
                **form.dossier_data(),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("The dossier %(reference)s was created.") % {"reference": dossier.reference}
            )
            return redirect("dossiers:dossier_detail", pk=dossier.pk)
    return render(request, "dossiers/dossier_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def dossier_edit(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = dossier_for(request, pk, "dossiers.change_dossier")
    kwargs = _form_kwargs(request, rules.EDITORS)
    # The current province stays selectable (the dossier may be reached through the
    # officer's organization); moving it elsewhere is checked by the service.
    kwargs["provinces"] = kwargs["provinces"] | Province.objects.filter(pk=dossier.province_id)
    form = DossierForm(request.POST or None, instance=dossier, **kwargs)
    conflict = None
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data.get("version")
        try:
            services.update_dossier(
                dossier,
                data=form.dossier_data(),
                actor=request.user,
                expected_version=version,
                holders=form.holders(),
            )
        except ConflictError as exc:
            conflict = exc.message
        except ValidationError as exc:
            _add_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("dossiers:dossier_detail", pk=dossier.pk)
    context = {"form": form, "dossier": dossier, "conflict": conflict}
    if conflict:
        fresh = Dossier.objects.get(pk=dossier.pk)
        # What the other officer changed since this page was loaded; the user's input
        # stays in the form, nothing is overwritten.
        context["history"] = history_rows(fresh, limit=5)
        context["current_version"] = fresh.version
    return render(request, "dossiers/dossier_form.html", context, status=409 if conflict else 200)


@require_POST
@login_required
def dossier_transition(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = dossier_for(request, pk, "dossiers.move_dossier")
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an action."))
        return redirect("dossiers:dossier_detail", pk=dossier.pk)
    try:
        services.set_dossier_state(
            dossier,
            form.cleaned_data["target"],
            actor=request.user,
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The dossier is now: %(state)s.") % {"state": DossierState(form.cleaned_data["target"]).label},
        )
    return redirect("dossiers:dossier_detail", pk=dossier.pk)


@require_POST
@login_required
def internal_note_add(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = dossier_for(request, pk, "dossiers.internal_notes")
    try:
        services.add_internal_note(dossier, body=request.POST.get("body", ""), actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The internal note was saved."))
    return redirect(reverse("dossiers:dossier_detail", args=[dossier.pk]) + "#internal-notes")


@require_POST
@login_required
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = dossier_for(request, pk, "dossiers.upload_document")
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("dossiers:dossier_detail", pk=dossier.pk)
    try:
        version = services.upload_document(
            dossier,
            document_type=form.cleaned_data["document_type"],
            file=form.cleaned_data["file"],
            actor=request.user,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(document)s uploaded (version %(number)s).")
            % {"document": form.cleaned_data["document_type"], "number": version.number},
        )
    return redirect("dossiers:dossier_detail", pk=dossier.pk)


@login_required
def document_download(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    dossier = dossier_for(request, pk, "dossiers.download_document")
    if not personal_data_visible(request.user, dossier):
        raise PermissionDenied
    version = get_object_or_404(
        DocumentVersion.objects.select_related("document"), pk=version_pk, document__dossier=dossier
    )
    try:
        handle = version.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    record_action("dossiers.document.downloaded", dossier, actor=request.user, version=version.pk)
    response = FileResponse(
        handle, content_type=version.content_type, as_attachment=True, filename=version.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def dossier_financing(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = dossier_for(request, pk, "dossiers.change_dossier")
    initial = [
        {"kind": line.kind, "funder": line.funder, "amount": line.amount}
        for line in dossier.financing_lines.all()
    ]
    formset = FinancingFormSet(request.POST or None, initial=initial, prefix="lines")
    version = request.POST.get("version") if request.method == "POST" else dossier.version
    conflict = None
    if request.method == "POST" and formset.is_valid():
        lines = [f.cleaned_data for f in formset if f.cleaned_data.get("kind")]
        try:
            services.set_financing(dossier, lines=lines, actor=request.user, expected_version=version)
        except ConflictError as exc:
            conflict = exc.message
        except ValidationError as exc:
            for errors in exc.message_dict.values():
                for error in errors:
                    messages.error(request, error)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            dossier.refresh_from_db()
            if not services.financing_balanced(dossier):
                messages.warning(
                    request,
                    _(
                        "Saved, but the plan (%(total)s) does not yet add up to the investment (%(investment)s)."
                    )
                    % {"total": services.financing_total(dossier), "investment": dossier.investment},
                )
            else:
                messages.success(request, _("The financing plan was saved."))
            return redirect("dossiers:dossier_detail", pk=dossier.pk)
    context = {"dossier": dossier, "formset": formset, "version": version, "conflict": conflict}
    if conflict:
        context["history"] = history_rows(Dossier.objects.get(pk=dossier.pk), limit=5)
    return render(request, "dossiers/dossier_financing.html", context, status=409 if conflict else 200)


@login_required
@require_http_methods(["GET", "POST"])
def dossier_study(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = dossier_for(request, pk, "dossiers.study_dossier")
    if dossier.state != DossierState.UNDER_STUDY:
        messages.error(request, _("The dossier is not under study."))
        return redirect("dossiers:dossier_detail", pk=dossier.pk)
    study = study_services.start_study(dossier, actor=request.user)
    checks = list(study.checks.select_related("item"))
    form = StudyForm(
        request.POST or None,
        checks=checks,
        initial={"version": dossier.version, "result": study.result, "opinion": study.opinion},
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            study_services.record_study(
                dossier,
                checks=form.checks_data(),
                result=form.cleaned_data["result"],
                opinion=form.cleaned_data["opinion"],
                actor=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except ConflictError as exc:
            conflict = exc.message
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The study was saved."))
            return redirect("dossiers:dossier_detail", pk=dossier.pk)
    context = {"dossier": dossier, "study": study, "form": form, "conflict": conflict}
    if conflict:
        context["history"] = history_rows(Dossier.objects.get(pk=dossier.pk), limit=5)
    return render(request, "dossiers/dossier_study.html", context, status=409 if conflict else 200)
