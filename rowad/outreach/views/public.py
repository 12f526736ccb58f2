"""Self-registration through a stop's or event's public link, and the QR poster."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from rowad.core.audit import record_action
from rowad.core.net import client_address

from .. import queries, services
from ..enums import Channel
from ..forms import PublicRegistrationForm
from ..models import Stop
from .common import place_for

CONSENT_TEXT = gettext_noop(
    "I agree that the employment agency and its partners in this programme keep these details to contact me "
    "about the programme and to follow my project. I can ask to see, correct or erase them at any time."
)


def public_url(place) -> str:
    """The address printed on the poster (the public site, not the officer's host)."""
    path = reverse("outreach:public_register", kwargs={"code": place.public_code})
    return settings.ROWAD_PUBLIC_BASE_URL.rstrip("/") + path


def _public_place(code: str):
    place = queries.stop_by_public_code(code) or queries.event_by_public_code(code)
    if place is None:
        raise Http404
    return place


def _rate(setting: str = "self_registration") -> tuple[int, int]:
    rate = settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}).get(setting, "10/hour")
    count, period = rate.split("/")
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]
    return int(count), seconds


def _over_limit(request: HttpRequest) -> bool:
    """Count submissions per client address (cache window); True once over the rate."""
    limit, seconds = _rate()
    key = f"outreach:self:{client_address(request) or ''}"
    cache.add(key, 0, timeout=seconds)
    try:
        used = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=seconds)
        used = 1
    return used > limit


@require_http_methods(["GET", "POST"])
def public_register(request: HttpRequest, code: str) -> HttpResponse:
    place = _public_place(code)
    consent_label = _(CONSENT_TEXT)
    provinces = place.province.country.provinces.all()
    form = PublicRegistrationForm(request.POST or None, provinces=provinces, consent_label=consent_label)
    closed = None
    try:
        services.check_registration_open(place, captured_at=_now(), channel=Channel.SELF)
    except services.OutreachError as exc:
        closed = exc.message
    status = 200
    if request.method == "POST" and closed is None:
        if _over_limit(request):
            form.is_valid()
            form.add_error(None, _("Too many registrations from this connection. Please try again later."))
            status = 429
        elif form.is_valid():
            if form.cleaned_data.get("website"):
                # Honeypot filled: answer as if it worked, save nothing.
                return redirect("outreach:public_thanks", code=code)
            try:
                services.register_visitor(
                    place,
                    person_data={
                        **form.person_data(),
                        "preferred_language": (translation.get_language() or "ar")[:2],
                    },
                    client_uuid=form.cleaned_data["client_uuid"],
                    actor=None,
                    channel=Channel.SELF,
                    specialty=form.cleaned_data.get("specialty"),
                    idea=form.cleaned_data.get("idea", ""),
                    consent=form.cleaned_data.get("consent", False),
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            except services.OutreachError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                return redirect("outreach:public_thanks", code=code)
    return render(
        request,
        "outreach/public_register.html",
        {"form": form, "place": place, "closed": closed},
        status=status,
    )


def _now():
    from django.utils import timezone

    return timezone.now()


def public_thanks(request: HttpRequest, code: str) -> HttpResponse:
    place = _public_place(code)
    return render(request, "outreach/public_thanks.html", {"place": place, "again": uuid.uuid4()})


@login_required
def poster(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """A printable A4 poster in Arabic and French with the QR code of the public link."""
    import segno
    from weasyprint import HTML

    place = place_for(request, kind, pk, "outreach.view_campaign")
    url = public_url(place)
    qr = segno.make(url, error="m").svg_inline(scale=7, dark="#0b3d2e")
    texts = {}
    for language in ("ar", "fr"):
        with translation.override(language):
            texts[language] = {
                "title": _("Register for the self-employment programme"),
                "scan": _("Scan the code with your phone's camera and fill in the short form."),
                "place": place.province.name,
                "consent": _("Your details are used only to follow your project, with your consent."),
            }
    html = render_to_string(
        "outreach/poster.html",
        {"place": place, "qr": qr, "url": url, "texts": texts, "is_stop": isinstance(place, Stop)},
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    record_action("outreach.poster.printed", place, actor=request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="poster-{kind}-{place.pk}.pdf"'
    return response
