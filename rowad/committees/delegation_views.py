"""Pages of decisions outside a session (thin views over services.delegations), and the
panel the dossier page loads to say where the committee's decision stands."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rowad.accounts.enums import Role
from rowad.accounts.models import Membership, User
from rowad.accounts.scope import scope_for
from rowad.core.errors import DomainError
from rowad.dossiers.models import Dossier
from rowad.partners.queries import programmes_visible_to

from . import queries, services
from .forms import DelegatedDecisionForm, DelegationForm, RevokeForm


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _managed_programmes(user):
    """Programmes whose operator the user is an agency officer of."""
    scope = scope_for(user)
    return programmes_visible_to(user).filter(scope.reach_q(Role.AGENCY_OFFICER, organization="operator_id"))


@login_required
@require_GET
def delegation_list(request: HttpRequest) -> HttpResponse:
    _require(request, "committees.manage_delegations")
    delegations = queries.delegations_managed_by(request.user).order_by("-valid_until", "-id")[:200]
    return render(
        request,
        "committees/delegation_list.html",
        {"delegations": delegations, "revoke_form": RevokeForm()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def delegation_create(request: HttpRequest) -> HttpResponse:
    _require(request, "committees.manage_delegations")
    programmes = _managed_programmes(request.user)
    operators = programmes.values("operator_id")
    delegate_ids = Membership.objects.filter(
        organization_id__in=operators, role__in=[Role.COMMITTEE_MEMBER, Role.AGENCY_OFFICER], is_active=True
    ).values("user_id")
    delegates = User.objects.filter(pk__in=delegate_ids, is_active=True).order_by(
        "last_name", "first_name", "username"
    )
    form = DelegationForm(request.POST or None, programmes=programmes, delegates=delegates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.create_delegation(
                data["programme"],
                delegate=data["delegate"],
                decisions=data["decisions"],
                max_amount=data["max_amount"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
                reason=data["reason"],
                actor=request.user,
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The delegation was recorded."))
            return redirect("committees:delegation_list")
    return render(request, "committees/delegation_form.html", {"form": form})


@require_POST
@login_required
def delegation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "committees.manage_delegations")
    delegation = get_object_or_404(queries.delegations_managed_by(request.user), pk=pk)
    form = RevokeForm(request.POST)
    try:
        services.revoke_delegation(delegation, reason=form.data.get("reason", ""), actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The delegation was revoked."))
    return redirect("committees:delegation_list")


@login_required
@require_GET
def dossier_decision(request: HttpRequest, pk: int) -> HttpResponse:
    """Where the decision on a dossier stands (the dossier page loads it with htmx)."""
    _require(request, "committees.view_decision")
    dossier = get_object_or_404(queries.committee_dossiers(request.user), pk=pk)
    context = {
        "dossier": dossier,
        **queries.decision_status(dossier),
        "delegations": services.delegations_for(dossier, request.user),
    }
    return render(request, "committees/_dossier_decision.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def delegated_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The delegate decides on a dossier outside a session. Only when a valid delegation
    of its programme lets this user do so now; otherwise the page does not exist."""
    dossier = get_object_or_404(
        Dossier.objects.select_related("programme", "province")
        .filter(programme__decision_delegations__delegate_id=request.user.pk)
        .distinct(),
        pk=pk,
    )
    delegations = services.delegations_for(dossier, request.user)
    if not delegations:
        raise Http404
    allowed = sorted({d for delegation in delegations for d in delegation.decisions})
    form = DelegatedDecisionForm(request.POST or None, decisions=allowed)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.decide_by_delegation(
                dossier,
                decision=form.cleaned_data["decision"],
                reasons=form.cleaned_data["reasons"],
                actor=request.user,
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The decision was recorded and the letters issued."))
            if queries.committee_dossiers(request.user).filter(pk=dossier.pk).exists():
                return redirect("dossiers:dossier_detail", pk=dossier.pk)
            letters = record.letters.select_related("holder")
            return render(
                request,
                "committees/delegated_decision.html",
                {"dossier": dossier, "record": record, "letters": letters},
            )
    return render(
        request,
        "committees/delegated_decision.html",
        {"dossier": dossier, "form": form, "delegations": delegations},
    )
