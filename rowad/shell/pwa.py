"""The installable field app: the web manifest, the service worker (served from the site
root so its scope covers every page) and the per-session key that encrypts the phone's
send queue (docs/field-app.md)."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from functools import lru_cache

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

FIELD_KEY_SESSION = "rowad_field_key"

# The app shell: stored when the worker installs, then served from the phone.
SHELL_FILES = (
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.rtl.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "rowad/rowad.css",
    "rowad/rowad.js",
    "rowad/pwa.js",
    "rowad/sw-main.js",
    "rowad/queue.js",
    "rowad/favicon.svg",
    "rowad/icon-192.png",
    "rowad/icon-512.png",
    "outreach/outreach.css",
    "outreach/field.js",
    "training/attendance.css",
    "training/rollcall.js",
)

# Pages kept for offline use (network first, the stored copy when there is no network).
# Only the field pages: other pages carry personal data the phone should not keep.
OFFLINE_PAGES = (
    r"^/outreach/my-stops/$",
    r"^/outreach/(stop|event)/\d+/(register|counter)/$",
    r"^/training/cohorts/\d+/roll-call/$",
    r"^/enterprises/\d+/visit/$",
)


@lru_cache(maxsize=1)
def _shell_version() -> str:
    """Changes whenever a shell file changes, so the browser installs the new worker and
    drops the old cache (static URLs are not hashed outside production)."""
    digest = hashlib.sha256()
    for name in SHELL_FILES:
        path = finders.find(name)
        if path:
            with open(path, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()[:12]


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    config = {
        "version": _shell_version(),
        "shell": [static(name) for name in SHELL_FILES],
        "pages": list(OFFLINE_PAGES),
        "staticPrefix": static(""),
        "fallback": reverse("outreach:my_stops"),
    }
    body = (
        f"self.ROWAD_SW = {json.dumps(config)};\nimportScripts({json.dumps(static('rowad/sw-main.js'))});\n"
    )
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    data = {
        "name": _("Rowad — field app"),
        "short_name": _("Rowad"),
        "lang": request.LANGUAGE_CODE,
        "dir": "rtl" if get_language_bidi() else "ltr",
        "start_url": reverse("outreach:my_stops"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5d4b",
        "icons": [
            {"src": static("rowad/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("rowad/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("rowad/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/manifest+json; charset=utf-8"
    )
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def field_key(request: HttpRequest) -> JsonResponse:
    """The key that encrypts this session's queue on the phone: random, kept in the
    session, so it dies with it (logout, expiry). Never stored by the worker."""
    if not request.user.is_authenticated:
        return JsonResponse({"detail": _("Log in to get a key.")}, status=403)
    raw = request.session.get(FIELD_KEY_SESSION)
    if raw is None:
        raw = base64.b64encode(secrets.token_bytes(32)).decode()
        request.session[FIELD_KEY_SESSION] = raw
    key_id = hashlib.sha256(raw.encode()).hexdigest()[:16]
    response = JsonResponse({"id": key_id, "key": raw})
    response["Cache-Control"] = "no-store"
    return response
