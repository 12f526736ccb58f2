"""A confirmation step before an action that cannot simply be taken back (issue 16,
item 6): the page names the object ("Cancel the stop «Oran — Place du 1er Novembre,
12 March»?") and the POST that acts carries `confirmed=yes`. A POST without it does
nothing and shows the question again, so a stray click or a replayed form never acts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

CONFIRM_FIELD = "confirmed"
CONFIRM_VALUE = "yes"


@dataclass(frozen=True)
class Confirmation:
    title: str
    question: str
    action: str  # the URL the confirmed form posts to
    back: str  # where "Go back" leads
    button: str
    carry: Mapping[str, object] = field(default_factory=dict)  # hidden fields posted again
    detail: str = ""
    reason_label: str = ""  # when set, the page asks for an optional reason


def is_confirmed(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == CONFIRM_VALUE


def ask(request: HttpRequest, confirmation: Confirmation) -> HttpResponse:
    """The confirmation page; after a POST without the confirmation field it says that
    nothing was done (status 400: the request was refused)."""
    refused = request.method == "POST"
    context = {
        "confirmation": confirmation,
        "confirm_field": CONFIRM_FIELD,
        "confirm_value": CONFIRM_VALUE,
        "refused": refused,
        "refusal": _("Nothing was done yet: confirm below to go on."),
        "reason": request.POST.get("reason", "") if refused else "",
    }
    return render(request, "core/confirm.html", context, status=400 if refused else 200)
