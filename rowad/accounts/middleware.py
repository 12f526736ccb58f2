"""Hold a log-in that needs a second factor at the code page until it is confirmed."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .second_factor import is_enrolled, needs_second_factor

# Reachable before the code is entered: the code pages themselves, leaving, the language
# switch and static files (the pages need their stylesheet).
OPEN_PREFIXES = ("/accounts/second-factor/", "/accounts/logout/", "/i18n/", "/static/", "/favicon")


class SecondFactorMiddleware:
    """After django-otp's OTPMiddleware: a user who needs a second factor and has not
    confirmed this session is sent to set it up (first time) or to enter a code. API
    calls in such a session are refused (403); token-authenticated API calls are not
    sessions and are not held here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(OPEN_PREFIXES)
            and needs_second_factor(user)
            and not user.is_verified()
        ):
            return self._hold(request, user)
        return self.get_response(request)

    def _hold(self, request: HttpRequest, user) -> HttpResponse:
        if request.path.startswith("/api/"):
            message = _("Confirm your log-in with your second factor first.")
            return JsonResponse({"detail": message, "code": "second_factor_required"}, status=403)
        name = "accounts:second_factor_verify" if is_enrolled(user) else "accounts:second_factor_setup"
        target = reverse(name)
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
