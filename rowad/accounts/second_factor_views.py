"""The second-factor pages: set up an authenticator app, confirm a log-in with a code,
and one's own codes. Thin: the writes are in `second_factor` (and the administrators'
reset in `services`)."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from rowad.core.errors import DomainError

from . import second_factor
from .forms import SecondFactorCodeForm


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("shell:home")


@never_cache
@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """First log-in of someone who needs a second factor (or a new phone after a reset)."""
    if second_factor.is_enrolled(request.user) and request.user.is_verified():
        return redirect("accounts:second_factor_manage")
    if second_factor.is_enrolled(request.user):
        return redirect(f"{reverse('accounts:second_factor_verify')}?next={_next_url(request)}")
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = second_factor.confirm_enrolment(request, form.cleaned_data["code"])
        except DomainError as exc:
            form.add_error("code", exc.message)
        else:
            return render(
                request,
                "accounts/second_factor/backup_codes.html",
                {"codes": codes, "next": _next_url(request), "first_time": True},
            )
    enrolment = second_factor.pending_enrolment(request.user)
    # segno writes a plain <svg> (no script, no style attribute): safe for the CSP.
    qr = mark_safe(segno.make(enrolment.otpauth_url, error="m").svg_inline(scale=5))  # nosec B308 B703
    return render(
        request,
        "accounts/second_factor/setup.html",
        {"form": form, "qr": qr, "secret": enrolment.secret, "next": _next_url(request)},
    )


@never_cache
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    if not second_factor.is_enrolled(request.user):
        return redirect(f"{reverse('accounts:second_factor_setup')}?next={_next_url(request)}")
    if request.user.is_verified():
        return redirect(_next_url(request))
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            second_factor.verify_log_in(request, form.cleaned_data["code"])
        except DomainError as exc:
            form.add_error("code", exc.message)
        else:
            left = second_factor.backup_codes_left(request.user)
            if left <= 2:
                messages.warning(
                    request,
                    _("Only %(count)s backup codes left: make new ones on your second factor page.")
                    % {"count": left},
                )
            return redirect(_next_url(request))
    return render(request, "accounts/second_factor/verify.html", {"form": form, "next": _next_url(request)})


@never_cache
@login_required
def manage(request: HttpRequest) -> HttpResponse:
    context = {
        "required": second_factor.needs_second_factor(request.user),
        "enrolled": second_factor.is_enrolled(request.user),
        "codes_left": second_factor.backup_codes_left(request.user),
    }
    return render(request, "accounts/second_factor/manage.html", context)


@never_cache
@login_required
@require_POST
def renew_codes(request: HttpRequest) -> HttpResponse:
    try:
        codes = second_factor.renew_backup_codes(request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("accounts:second_factor_manage")
    return render(
        request,
        "accounts/second_factor/backup_codes.html",
        {"codes": codes, "next": reverse("accounts:second_factor_manage"), "first_time": False},
    )
