"""The officer's queue of people's requests, a request's page with the answer, and the
holder's page to file one (thin: a query, a service, a template)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rowad.core.errors import DomainError

from . import queries, services
from .enums import RequestChannel, RequestStatus
from .forms import AnswerForm, HolderRequestForm


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("protection.view_queue"):
        raise PermissionDenied
    today = timezone.localdate()
    open_requests = queries.queue_for(request.user)
    answered = queries.requests_visible_to(request.user).exclude(status=RequestStatus.OPEN)
    return render(
        request,
        "protection/queue.html",
        {
            "requests": open_requests[:200],
            "counts": queries.queue_counts(open_requests, today=today),
            "answered": answered.order_by("-answered_at", "-pk")[:50],
            "today": today,
        },
    )


def _visible(request: HttpRequest, pk: int):
    if not request.user.has_perm("protection.view_queue"):
        raise PermissionDenied
    found = get_object_or_404(queries.requests_visible_to(request.user), pk=pk)
    if not request.user.has_perm("protection.handle_request", found):
        raise PermissionDenied
    return found


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = _visible(request, pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_request(found, answer=form.cleaned_data["answer"], actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The answer was recorded and sent to the person."))
            return redirect("protection:queue")
    return render(
        request,
        "protection/request_detail.html",
        {"req": found, "form": form, "today": timezone.localdate()},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def request_close(request: HttpRequest, pk: int) -> HttpResponse:
    found = _visible(request, pk)
    try:
        services.close_request(found, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The request was closed."))
    return redirect("protection:request_detail", pk=found.pk)


@login_required
def my_requests(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("protection.file_request"):
        raise PermissionDenied
    person = queries.holder_person(request.user)
    form = HolderRequestForm(request.POST or None)
    if person is not None and request.method == "POST" and form.is_valid():
        try:
            services.open_request(
                person,
                kind=form.cleaned_data["kind"],
                channel=RequestChannel.PORTAL,
                details=form.cleaned_data["details"],
                actor=request.user,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your request was recorded. You will receive the answer."))
            return redirect("protection:my_requests")
    return render(
        request,
        "protection/my_requests.html",
        {"person": person, "requests": queries.requests_of(person) if person else [], "form": form},
        status=400 if form.errors else 200,
    )
