"""What the holder prepares before submitting, besides the project itself: the co-holders
(the members of a cooperative) and the proposed financing plan. Writes go through
rowad.dossiers.services (co-holders) and rowad.financing.services (the plan)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rowad.core.errors import DomainError
from rowad.dossiers import eligibility, services, workflow
from rowad.financing.services import holder_plan_rows, propose_holder_plan
from rowad.people.models import Person

from .dossier_views import own_dossiers
from .forms import CoHolderForm, HolderPlanForm
from .views import holder_required


def _own_open(request: HttpRequest, pk: int):
    """The holder's dossier, or (dossier, redirect) when it can no longer be prepared."""
    dossier = get_object_or_404(own_dossiers(request.user).select_related("programme", "province"), pk=pk)
    if dossier.state not in workflow.HOLDER_EDITABLE_STATES:
        messages.error(request, _("This project file can no longer be changed."))
        return dossier, redirect("portal:dossier_detail", pk=dossier.pk)
    return dossier, None


def _form_errors(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


@holder_required
@require_http_methods(["GET", "POST"])
def dossier_coholders(request: HttpRequest, pk: int) -> HttpResponse:
    dossier, early = _own_open(request, pk)
    if early:
        return early
    form = CoHolderForm(request.POST or None, initial={"version": dossier.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            person = services.add_co_holder(
                dossier,
                name=form.cleaned_data["name"],
                phone=form.cleaned_data["phone"],
                national_id=form.cleaned_data["national_id"],
                actor=request.user,
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = exc.status_code
        else:
            messages.success(request, _("%(name)s was added to the project.") % {"name": person.display_name})
            return redirect("portal:dossier_coholders", pk=dossier.pk)
    if form.errors and status == 200:
        status = 400
    minimum, maximum = eligibility.members_range(dossier)
    links = list(dossier.holder_links.select_related("person"))
    context = {
        "dossier": dossier,
        "form": form,
        "links": links,
        "minimum": minimum,
        "maximum": maximum,
        "room": len(links) < maximum,
    }
    return render(request, "portal/dossier_coholders.html", context, status=status)


@holder_required
@require_POST
def dossier_coholder_remove(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    dossier, early = _own_open(request, pk)
    if early:
        return early
    person = get_object_or_404(Person, pk=person_pk, dossier_links__dossier=dossier)
    try:
        services.remove_co_holder(
            dossier, person=person, actor=request.user, expected_version=request.POST.get("version") or None
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(name)s was removed from the project.") % {"name": person.display_name})
    return redirect("portal:dossier_coholders", pk=dossier.pk)


@holder_required
@require_http_methods(["GET", "POST"])
def dossier_plan(request: HttpRequest, pk: int) -> HttpResponse:
    dossier, early = _own_open(request, pk)
    if early:
        return early
    formula, rows = holder_plan_rows(dossier)
    form = HolderPlanForm(request.POST or None, rows=rows)
    status = 200
    if request.method == "POST" and rows and form.is_valid():
        try:
            propose_holder_plan(
                dossier, amounts=form.amounts(), reason=form.cleaned_data["reason"], actor=request.user
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = exc.status_code
        else:
            messages.success(request, _("Your financing plan was saved. The agency will study it."))
            return redirect("portal:dossier_detail", pk=dossier.pk)
    if form.errors and status == 200:
        status = 400
    context = {"dossier": dossier, "formula": formula, "form": form}
    return render(request, "portal/dossier_plan.html", context, status=status)
