"""Accompaniment pages: the caseload of the mentors of an officer's provinces (load per
mentor, dossiers waiting for one, reassigning with a reason), a mentor's own caseload on
a phone, the visit and session forms, and the sections the enterprise and dossier pages
show. Thin: parse the form, call services.accompaniment, say what happened."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rowad.accounts.scope import scope_for
from rowad.core.errors import DomainError
from rowad.dossiers.queries import dossiers_visible_to

from .. import caseload, queries
from ..alerts import enterprise_alerts, visit_months
from ..enums import SessionPhase
from ..forms.accompaniment import AssignForm, SessionForm, VisitForm
from ..models import Enterprise
from ..services.accompaniment import assign_mentor as assign_service
from ..services.accompaniment import record_session, record_visit
from ..services.common import today
from .calendar import enterprise_url

VIEW = "enterprises.view_enterprises"
ACCOMPANY = "enterprises.accompany"
MANAGE = "enterprises.manage_enterprises"


def _is_officer(user: Any) -> bool:
    scope = scope_for(user)
    return scope.is_platform_admin or bool(scope.grants_for(*queries.READERS))


def _is_mentor(user: Any) -> bool:
    scope = scope_for(user)
    return scope.is_platform_admin or bool(scope.grants_for(*queries.MENTORS))


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return None


def _form_error(form: Any, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@login_required
def caseload_page(request: HttpRequest) -> HttpResponse:
    """Officers and directors: the mentors of their provinces with their load, the dossiers
    without a mentor and those with one (reassign form for officers)."""
    if not (request.user.has_perm(VIEW) and _is_officer(request.user)):
        raise PermissionDenied
    data = caseload.mentor_loads(request.user, today())
    can_assign = request.user.has_perm(MANAGE)
    for dossier in [*data["unassigned"], *data["assigned"]]:
        dossier.assign_form = AssignForm(dossier=dossier) if can_assign else None
    for enterprise in data["alerted"]:
        enterprise.page_url = enterprise_url(enterprise.pk)
    return render(
        request,
        "enterprises/caseload.html",
        {**data, "can_assign": can_assign, "recent_days": caseload.RECENT_DAYS, "months": visit_months()},
    )


@login_required
def my_caseload(request: HttpRequest) -> HttpResponse:
    """A mentor's phone page: alerts first, the next sessions, their enterprises with a big
    "Record a visit" button, and their dossiers not yet created."""
    if not _is_mentor(request.user):
        raise PermissionDenied
    data = caseload.my_caseload(request.user, today())
    for enterprise in data["enterprises"]:
        enterprise.page_url = enterprise_url(enterprise.pk)
    return render(request, "enterprises/my_caseload.html", {**data, "months": visit_months()})


@login_required
@require_POST
def assign_mentor(request: HttpRequest, dossier_pk: int) -> HttpResponse:
    """Assign (or reassign, with a reason) the mentor of a dossier: agency officers."""
    if not request.user.has_perm(MANAGE):
        raise PermissionDenied
    dossier = get_object_or_404(dossiers_visible_to(request.user, roles=queries.MANAGERS), pk=dossier_pk)
    form = AssignForm(request.POST, dossier=dossier)
    target = _safe_next(request) or reverse("enterprises:caseload")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(target)
    try:
        assignment = assign_service(
            dossier, form.cleaned_data["mentor"], actor=request.user, reason=form.cleaned_data["reason"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(mentor)s now accompanies %(dossier)s.")
            % {"mentor": assignment.mentor, "dossier": dossier.reference},
        )
    return redirect(target)


@login_required
@require_http_methods(["GET", "POST"])
def visit_new(request: HttpRequest, pk: int) -> HttpResponse:
    """The visit form, on a phone: the enterprise's mentor or an agency officer."""
    if not request.user.has_perm(ACCOMPANY):
        raise PermissionDenied
    enterprise = get_object_or_404(queries.enterprises_accompanied_by(request.user), pk=pk)
    form = VisitForm(request.POST or None, enterprise=enterprise)
    if request.method == "POST" and form.is_valid():
        try:
            record_visit(enterprise, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Visit recorded."))
            return redirect(_after(request, enterprise))
    return render(
        request,
        "enterprises/visit_form.html",
        {"enterprise": enterprise, "form": form, "next": _safe_next(request) or ""},
        status=400 if request.method == "POST" else 200,
    )


def _after(request: HttpRequest, enterprise: Enterprise) -> str:
    target = _safe_next(request)
    if target:
        return target
    if queries.caseload_dossiers(request.user).filter(pk=enterprise.dossier_id).exists():
        return reverse("enterprises:my_caseload")
    return enterprise_url(enterprise.pk) or reverse("enterprises:caseload")


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request: HttpRequest, dossier_pk: int) -> HttpResponse:
    """A session with the holders of a dossier: its mentor or an agency officer."""
    if not request.user.has_perm(ACCOMPANY):
        raise PermissionDenied
    dossier = get_object_or_404(queries.dossiers_accompanied_by(request.user), pk=dossier_pk)
    form = SessionForm(request.POST or None, dossier=dossier)
    if request.method == "POST" and form.is_valid():
        try:
            record_session(dossier, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Session recorded."))
            if queries.caseload_dossiers(request.user).filter(pk=dossier.pk).exists():
                return redirect(_safe_next(request) or reverse("enterprises:my_caseload"))
            return redirect(_safe_next(request) or reverse("dossiers:dossier_detail", args=[dossier.pk]))
    return render(
        request,
        "enterprises/session_form.html",
        {"dossier": dossier, "form": form, "next": _safe_next(request) or ""},
        status=400 if request.method == "POST" else 200,
    )


# --- Sections of the enterprise and dossier pages ------------------------------------------


def _history(user: Any, dossier: Any) -> list:
    return list(queries.assignments_visible_to(user).filter(dossier=dossier).order_by("-started_on", "-id"))


def enterprise_section(user: Any, enterprise: Enterprise) -> dict[str, Any] | None:
    """Mentor and assignment history, alerts, sessions, and visits with their jobs."""
    if not user.has_perm(VIEW):
        return None
    if (
        not queries.enterprises_visible_to(user, roles=(*queries.READERS, *queries.MENTORS))
        .filter(pk=enterprise.pk)
        .exists()
    ):
        return None
    can_assign = (
        user.has_perm(MANAGE) and queries.enterprises_managed_by(user).filter(pk=enterprise.pk).exists()
    )
    return {
        "template": "enterprises/_accompaniment_section.html",
        "enterprise": enterprise,
        "assignment": queries.current_assignment(enterprise.dossier),
        "history": _history(user, enterprise.dossier),
        "alerts": enterprise_alerts(Enterprise.objects.filter(pk=enterprise.pk)).get(enterprise.pk, []),
        "sessions": list(
            queries.sessions_visible_to(user)
            .filter(dossier=enterprise.dossier)
            .prefetch_related("attendees")[:50]
        ),
        "visits": list(queries.visits_visible_to(user).filter(enterprise=enterprise)[:50]),
        "can_record": user.has_perm(ACCOMPANY)
        and queries.enterprises_accompanied_by(user).filter(pk=enterprise.pk).exists(),
        "assign_form": AssignForm(dossier=enterprise.dossier) if can_assign else None,
        "dossier_pk": enterprise.dossier_id,
    }


def dossier_section(user: Any, dossier: Any) -> dict[str, Any] | None:
    """The dossier's mentor, its pre-creation sessions and, for officers, the assign form."""
    if not user.has_perm(VIEW) or not _is_staff_reader(user, dossier):
        return None
    can_assign = (
        user.has_perm(MANAGE)
        and dossiers_visible_to(user, roles=queries.MANAGERS).filter(pk=dossier.pk).exists()
    )
    return {
        "template": "enterprises/_dossier_accompaniment.html",
        "assignment": queries.current_assignment(dossier),
        "history": _history(user, dossier),
        "sessions": list(
            queries.sessions_visible_to(user)
            .filter(dossier=dossier, phase=SessionPhase.PRE_CREATION)
            .prefetch_related("attendees")[:50]
        ),
        "can_record": user.has_perm(ACCOMPANY)
        and queries.dossiers_accompanied_by(user).filter(pk=dossier.pk).exists(),
        "assign_form": AssignForm(dossier=dossier) if can_assign else None,
        "dossier_pk": dossier.pk,
    }


def _is_staff_reader(user: Any, dossier: Any) -> bool:
    condition = queries.dossier_condition(user, (*queries.READERS, *queries.MENTORS))
    if condition is None:
        return True
    return dossier.__class__.objects.filter(condition, pk=dossier.pk).exists()
