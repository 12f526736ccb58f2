from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from .errors import DomainError


class DomainErrorMiddleware:
    """A DomainError that escapes a view becomes a translated error page, never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DomainError):
            return render(
                request, "core/domain_error.html", {"error": exception}, status=exception.status_code
            )
        return None


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response to a logged-in user and on every API
    response: pages, files, exports and API answers carry personal data, which no browser
    cache or shared proxy may keep (laws 18-07 and 09-08). Static files never get here
    (WhiteNoise answers them first). A response that already says no-store is left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path.startswith("/api/"):
            if not response.has_header("Cache-Control"):
                response["Cache-Control"] = "no-store"
            elif "no-store" not in response["Cache-Control"]:
                for weaker in ("public", "max_age", "s_maxage"):
                    _drop_directive(response, weaker)
                patch_cache_control(response, no_store=True)
        return response


def _drop_directive(response: HttpResponse, name: str) -> None:
    header = response.get("Cache-Control", "")
    kept = [
        d for d in (p.strip() for p in header.split(",")) if d and d.split("=")[0].replace("-", "_") != name
    ]
    response["Cache-Control"] = ", ".join(kept)


class IdleSessionMiddleware:
    """A logged-in session unused for ROWAD_SESSION_IDLE_MINUTES ends (log-out) on its next
    request. Sliding: each request restarts the count; the time of the last activity is
    written into the session at most once a minute, so a busy user does not rewrite their
    session on every request."""

    KEY = "_rowad_last_seen"
    PRECISION = 60  # seconds

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            idle = int(getattr(settings, "ROWAD_SESSION_IDLE_MINUTES", 30)) * 60
            last_seen = request.session.get(self.KEY)
            if isinstance(last_seen, int) and idle and now - last_seen > idle:
                logout(request)  # flushes the session; the view sees an anonymous user
            elif not isinstance(last_seen, int) or now - last_seen >= self.PRECISION:
                request.session[self.KEY] = now
        return self.get_response(request)
