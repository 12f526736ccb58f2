"""Training pages: the course catalogue (courses and their modules)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rowad.core.errors import ConflictError, DomainError
from rowad.core.history import history_rows
from rowad.core.pagination import CappedPaginator
from rowad.partners.models import Organization, Programme, Specialty
from rowad.partners.queries import organizations_visible_to, programmes_visible_to

from .. import queries
from ..forms.catalogue import CourseForm, ModuleForm
from ..history import course_history_rows
from ..models import Course, CourseModule
from ..services import catalogue as services

PAGE_SIZE = 25
VIEW, MANAGE = "training.view_training", "training.manage_training"


def require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def save_form(request: HttpRequest, form: Any, write: Callable[[], Any]) -> tuple[Any, str | None]:
    """Run a service write for a valid bound form: (saved object or None, conflict
    message or None). A refusal by the service lands on the form (its field when the form
    has it)."""
    if request.method != "POST" or not form.is_valid():
        return None, None
    try:
        return write(), None
    except ConflictError as exc:
        return None, exc.message
    except DomainError as exc:
        if exc.status_code == 403:
            raise PermissionDenied(exc.message) from exc
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None, None


def course_for(request: HttpRequest, pk: int, *, manage: bool = False) -> Course:
    """The permission, then the scope (404 outside)."""
    require(request, MANAGE if manage else VIEW)
    queryset = queries.courses_managed_by if manage else queries.courses_visible_to
    return get_object_or_404(queryset(request.user), pk=pk)


def _can_manage(request: HttpRequest, course: Course) -> bool:
    return (
        request.user.has_perm(MANAGE)
        and queries.courses_managed_by(request.user).filter(pk=course.pk).exists()
    )


@login_required
def course_list(request: HttpRequest) -> HttpResponse:
    require(request, VIEW)
    courses = (
        queries.courses_visible_to(request.user)
        .annotate(module_count=Count("modules", distinct=True), cohort_count=Count("cohorts", distinct=True))
        .order_by("programme__code", "code")
    )
    page = CappedPaginator(courses, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "training/course_list.html", {"page": page})


def _course_form(request: HttpRequest, instance: Course | None = None) -> CourseForm:
    programmes = programmes_visible_to(request.user)
    providers = organizations_visible_to(request.user)
    if instance is not None:
        programmes = (programmes | Programme.objects.filter(pk=instance.programme_id)).distinct()
        providers = (providers | Organization.objects.filter(pk=instance.provider_id)).distinct()
    return CourseForm(
        request.POST or None,
        instance=instance,
        programmes=programmes.order_by("code"),
        providers=providers.order_by("name_fr"),
        specialties=Specialty.objects.order_by("code"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def course_create(request: HttpRequest) -> HttpResponse:
    require(request, MANAGE)
    form = _course_form(request)
    course, _conflict = save_form(
        request, form, lambda: services.create_course(data=form.course_data(), actor=request.user)
    )
    if course is not None:
        messages.success(request, _("The course was recorded."))
        return redirect("training:course_detail", pk=course.pk)
    return render(request, "training/course_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    course = course_for(request, pk, manage=True)
    form = _course_form(request, course)
    saved, conflict = save_form(
        request,
        form,
        lambda: services.update_course(
            course, data=form.course_data(), actor=request.user, version=form.cleaned_data.get("version")
        ),
    )
    if saved is not None:
        messages.success(request, _("The changes were saved."))
        return redirect("training:course_detail", pk=course.pk)
    context: dict[str, Any] = {"form": form, "course": course, "conflict": conflict}
    if conflict:
        context["history"] = course_history_rows(Course.objects.get(pk=course.pk), limit=5)
    return render(request, "training/course_form.html", context, status=409 if conflict else 200)


@login_required
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = course_for(request, pk)
    cohorts = queries.cohorts_visible_to(request.user).filter(course=course).order_by("-starts_on")
    return render(
        request,
        "training/course_detail.html",
        {
            "course": course,
            "modules": list(course.modules.order_by("position", "id")),
            "module_hours": sum(m.hours for m in course.modules.all()),
            "cohorts": cohorts[:20],
            "can_manage": _can_manage(request, course),
            "history": course_history_rows(course, limit=5),
        },
    )


@login_required
def course_history(request: HttpRequest, pk: int) -> HttpResponse:
    course = course_for(request, pk)
    return render(
        request, "training/course_history.html", {"course": course, "history": course_history_rows(course)}
    )


# --- Modules ----------------------------------------------------------------------------


def module_for(request: HttpRequest, pk: int) -> CourseModule:
    require(request, MANAGE)
    return get_object_or_404(
        CourseModule.objects.select_related("course"),
        pk=pk,
        course__in=queries.courses_managed_by(request.user).values("pk"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def module_create(request: HttpRequest, pk: int) -> HttpResponse:
    course = course_for(request, pk, manage=True)
    form = ModuleForm(request.POST or None)
    module, _conflict = save_form(
        request, form, lambda: services.add_module(course, data=form.module_data(), actor=request.user)
    )
    if module is not None:
        messages.success(request, _("The module was added."))
        return redirect("training:course_detail", pk=course.pk)
    return render(request, "training/module_form.html", {"form": form, "course": course})


@login_required
@require_http_methods(["GET", "POST"])
def module_edit(request: HttpRequest, pk: int) -> HttpResponse:
    module = module_for(request, pk)
    form = ModuleForm(request.POST or None, instance=module)
    saved, conflict = save_form(
        request,
        form,
        lambda: services.update_module(
            module, data=form.module_data(), actor=request.user, version=form.cleaned_data.get("version")
        ),
    )
    if saved is not None:
        messages.success(request, _("The changes were saved."))
        return redirect("training:course_detail", pk=module.course_id)
    context = {"form": form, "course": module.course, "module": module, "conflict": conflict}
    if conflict:
        context["history"] = history_rows(CourseModule.objects.get(pk=module.pk), limit=5)
    return render(request, "training/module_form.html", context, status=409 if conflict else 200)


@require_POST
@login_required
def module_delete(request: HttpRequest, pk: int) -> HttpResponse:
    module = module_for(request, pk)
    try:
        services.remove_module(module, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The module was removed."))
    return redirect("training:course_detail", pk=module.course_id)


@require_POST
@login_required
def module_move(request: HttpRequest, pk: int) -> HttpResponse:
    module = module_for(request, pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    try:
        services.move_module(module, offset=offset, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("training:course_detail", pk=module.course_id)
