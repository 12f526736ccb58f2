"""The holders' declarations of jobs and turnover on the enterprise page: the ones waiting
for confirmation, with "Confirm" for an officer managing the enterprise or its mentor, and
the ones confirmed lately."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import queries
from ..errors import EnterpriseError
from ..services.declarations import confirm_declaration, declaration_awaited, request_declaration
from .calendar import enterprise_url

VIEW = "enterprises.view_enterprises"
ACCOMPANY = "enterprises.accompany"
# Confirmed declarations shown under the pending ones.
RECENT = 5


def can_confirm(user: Any, enterprise: Any) -> bool:
    return (
        user.has_perm(ACCOMPANY)
        and queries.enterprises_accompanied_by(user).filter(pk=enterprise.pk).exists()
    )


def enterprise_section(user: Any, enterprise: Any) -> dict[str, Any] | None:
    """The holders' declarations on the enterprise page, for staff who read enterprises."""
    if not user.has_perm(VIEW):
        return None
    declarations = (
        queries.declarations_visible_to(user)
        .filter(enterprise=enterprise)
        .select_related("declared_by", "confirmed_by")
    )
    return {
        "template": "enterprises/_declarations_section.html",
        "enterprise": enterprise,
        "pending": list(declarations.filter(confirmed_at__isnull=True).order_by("-declared_on", "-id")),
        "confirmed": list(
            declarations.filter(confirmed_at__isnull=False).order_by("-declared_on", "-id")[:RECENT]
        ),
        "can_confirm": can_confirm(user, enterprise),
        "awaited": declaration_awaited(enterprise),
    }


def _back(request: HttpRequest, enterprise_pk: int) -> str:
    """Back to the page the button was on (the enterprise page)."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return enterprise_url(enterprise_pk)


@require_POST
@login_required
def declaration_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm(ACCOMPANY):
        raise PermissionDenied
    declaration = get_object_or_404(queries.declarations_visible_to(request.user), pk=pk)
    try:
        confirm_declaration(declaration, actor=request.user)
    except EnterpriseError as exc:
        if exc.status_code == 403:
            raise PermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The declaration is confirmed: the enterprise's jobs are updated."))
    return redirect(_back(request, declaration.enterprise_id))


@require_POST
@login_required
def declaration_request(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask the holders to declare the jobs and turnover on the portal."""
    if not request.user.has_perm(ACCOMPANY):
        raise PermissionDenied
    enterprise = get_object_or_404(queries.enterprises_accompanied_by(request.user), pk=pk)
    try:
        sent = request_declaration(enterprise, actor=request.user)
    except EnterpriseError as exc:
        if exc.status_code == 403:
            raise PermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
    else:
        if sent:
            messages.success(
                request, _("The holders are asked to declare the jobs and turnover on the portal.")
            )
        else:
            messages.warning(
                request,
                _(
                    "The request is shown on the holders' portal, but no message was sent: no holder "
                    "has an address with their consent to be contacted."
                ),
            )
    return redirect(_back(request, enterprise.pk))
