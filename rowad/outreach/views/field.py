"""Field capture pages: the registration form (with suggestions and the offline queue),
the visitor counter, and the registration lists the figures link to."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rowad.core.errors import DomainError
from rowad.core.models import Province
from rowad.core.pagination import CappedPaginator
from rowad.people import queries as people_queries

from .. import figures, queries, services
from ..enums import Channel
from ..forms import RegistrationForm, TallyForm
from ..rules import CAPTURERS
from .common import records_of, subject_for, subject_title

PAGE_SIZE = 50


def _provinces(place):
    return Province.objects.filter(country_id=place.province.country_id)


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Without JavaScript the form posts here; with it, the offline queue sends the same
    fields to the batch API. Both are idempotent by the form's client UUID."""
    place = subject_for(request, kind, pk, "outreach.capture")
    ended = services.registration_end(place)
    form = RegistrationForm(
        request.POST or None, provinces=_provinces(place), initial={"province": place.province_id}
    )
    if request.method == "POST" and ended is None and form.is_valid():
        person = None
        if form.cleaned_data.get("person_id"):
            person = (
                people_queries.people_visible_to(request.user, roles=CAPTURERS)
                .filter(pk=form.cleaned_data["person_id"])
                .first()
            )
        try:
            result = services.register_visitor(
                place,
                person_data=form.person_data(),
                person=person,
                client_uuid=form.cleaned_data["client_uuid"],
                actor=request.user,
                channel=Channel.FIELD,
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
            name = result.registration.person.display_name
            if result.status == "created":
                messages.success(request, _("%(name)s is registered.") % {"name": name})
            else:
                messages.info(request, _("%(name)s was already registered here.") % {"name": name})
            return redirect(request.path)
    count = place.registrations.count()
    return render(
        request,
        "outreach/register.html",
        {
            "form": form,
            "place": place,
            "kind": kind,
            "ended": ended,
            "registration_count": count,
            "batch_url": reverse("outreach-registration-batch"),
            "suggest_url": reverse("outreach:suggestions"),
        },
    )


@login_required
def my_stops(request: HttpRequest) -> HttpResponse:
    """The field app's start page: the stops and events this agent works at, today's and
    the next ones. Opened online, it stores their forms on the phone for offline use."""
    if not request.user.has_perm("outreach.capture"):
        raise PermissionDenied
    today = timezone.localdate()
    stops = (
        queries.stops_visible_to(request.user, include_cancelled=False, roles=CAPTURERS)
        .filter(field_agents=request.user, ends_on__gte=today, closed_at__isnull=True)
        .order_by("starts_on", "id")
    )
    events = (
        queries.events_visible_to(request.user, roles=CAPTURERS)
        .filter(field_agents=request.user, cancelled_at__isnull=True, closed_at__isnull=True)
        .filter(Q(ends_on__gte=today) | Q(ends_on__isnull=True, starts_on__gte=today))
        .order_by("starts_on", "id")
    )
    return render(
        request,
        "outreach/my_stops.html",
        {"stops": list(stops[:20]), "events": list(events[:20]), "today": today},
    )


@login_required
def suggestions(request: HttpRequest) -> HttpResponse:
    """htmx: people who may already be registered (same phone, same ID, similar name in
    either script), searched with the people registry's own matching."""
    if not (request.user.has_perm("outreach.capture") and request.user.has_perm("people.view_person")):
        raise PermissionDenied
    people = people_queries.people_visible_to(request.user, roles=CAPTURERS)
    terms = [request.GET.get(k, "").strip() for k in ("national_id", "phone", "name")]
    found: dict[int, object] = {}
    for term in terms:
        if len(term) >= 3:
            for person in people_queries.search_people(people, term)[:5]:
                found.setdefault(person.pk, person)
    return render(request, "outreach/_suggestions.html", {"suggestions": list(found.values())[:8]})


@login_required
@require_http_methods(["GET", "POST"])
def counter(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    place = subject_for(request, kind, pk, "outreach.capture")
    form = TallyForm(request.POST or None)
    needs_confirmation = False
    if request.method == "POST" and form.is_valid():
        try:
            services.record_tally(
                place,
                count=form.cleaned_data["count"],
                day=form.cleaned_data.get("day"),
                client_uuid=form.cleaned_data["client_uuid"],
                actor=request.user,
                confirmed=form.cleaned_data.get("confirmed", False),
            )
        except services.OutreachError as exc:
            needs_confirmation = exc.code == "tally_needs_confirmation"
            form.add_error("count" if exc.field == "count" else None, exc.message)
        else:
            messages.success(request, _("Counted."))
            return redirect(request.path)
    _registrations, tallies = records_of(request.user, kind, place)
    today = timezone.localdate()
    today_total = sum(t.count for t in tallies.filter(day=today))
    total = sum(tallies.values_list("count", flat=True))
    return render(
        request,
        "outreach/counter.html",
        {
            "form": form,
            "place": place,
            "kind": kind,
            "today_total": today_total,
            "total": total,
            "needs_confirmation": needs_confirmation,
            "tally_url": reverse("outreach-tally-list"),
            "confirm_above": services.TALLY_CONFIRM_ABOVE,
        },
    )


@login_required
def registrations(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """The records a figure counts: the registrations of a subject, filtered like the figure."""
    subject = subject_for(request, kind, pk, "outreach.view_registration")
    counted, _tallies = records_of(request.user, kind, subject)
    visible = queries.registrations_visible_to(request.user).filter(pk__in=counted.values("pk"))
    try:
        rows = figures.filter_registrations(visible, request.GET).order_by("-id")
    except DomainError as error:
        messages.error(request, error.message)
        rows = visible.none()
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "outreach/registration_list.html",
        {
            "subject": subject,
            "kind": kind,
            "title": subject_title(kind, subject),
            "page": page,
            "query_string": params.urlencode(),
            "filters": {k: v for k, v in request.GET.items() if k != "page"},
            "can_export": request.user.has_perm("outreach.export_registration", subject),
        },
    )
