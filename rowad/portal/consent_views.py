"""The holder's consents ("my consents"): what they agreed to, with the notice they were
shown, and the withdrawal of any of them — which applies at once everywhere
(people.services.withdraw_consent)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rowad.core.errors import DomainError
from rowad.people import queries as people_queries
from rowad.people import services as people_services
from rowad.people.forms import WithdrawForm
from rowad.people.models import ConsentSource

from . import queries
from .views import holder_required


@holder_required
@require_http_methods(["GET", "POST"])
def consents(request: HttpRequest) -> HttpResponse:
    holder = queries.holder_for(request.user)
    person = holder.person
    if person is None:
        return redirect("portal:privacy")
    if request.method == "POST":
        form = WithdrawForm(request.POST)
        groups = {
            (g["purpose"], getattr(g["partner"], "pk", None)): g
            for g in people_queries.consent_history(person)
        }
        key = (form.data.get("purpose"), _int_or_none(form.data.get("partner")))
        group = groups.get(key)
        if not form.is_valid() or group is None or not group["given"]:
            messages.error(request, _("Tick the box to confirm the withdrawal."))
        else:
            try:
                people_services.withdraw_consent(
                    person,
                    purpose=group["purpose"],
                    partner=group["partner"],
                    actor=request.user,
                    source=ConsentSource.PORTAL,
                    method="portal",
                )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Your consent is withdrawn. It applies at once."))
        return redirect("portal:consents")
    return render(
        request,
        "portal/consents.html",
        {"person": person, "groups": [g for g in people_queries.consent_history(person) if g["records"]]},
    )


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 12 else None
