"""Committee pages: thin views over committees.services and committees.queries."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rowad.core.errors import DomainError
from rowad.core.inputs import is_ascii_integer
from rowad.core.net import client_address
from rowad.core.pagination import CappedPaginator
from rowad.partners.queries import programmes_visible_to

from . import pdf, queries, services
from .forms import AgendaForm, DecisionForm, EvaluationForm, SessionFilterForm, SessionForm
from .models import AgendaItem, CommitteeSession, Evaluation

PAGE_SIZE = 25


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def session_for(request: HttpRequest, pk: int, *, manage: bool = False) -> CommitteeSession:
    """The one access helper for a session: the permission, then the scope (404 outside)."""
    if manage:
        _require(request, "committees.run_committeesession")
        return get_object_or_404(queries.sessions_managed_by(request.user), pk=pk)
    _require(request, "committees.view_committeesession")
    return get_object_or_404(queries.sessions_visible_to(request.user), pk=pk)


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    _require(request, "committees.view_committeesession")
    form = SessionFilterForm(request.GET or None)
    show = form.cleaned_data.get("show") if form.is_valid() else ""
    sessions = queries.sessions_visible_to(request.user).order_by("-held_at", "-id")
    if show == SessionFilterForm.TO_ANNOUNCE:
        sessions = queries.with_decisions_to_announce(sessions)
    elif show == SessionFilterForm.UPCOMING:
        sessions = queries.upcoming_sessions(sessions, timezone.now())
    page = CappedPaginator(sessions.annotate(item_count=Count("items")), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query_string = urlencode({"show": show}) if show else ""
    return render(
        request, "committees/session_list.html", {"page": page, "form": form, "query_string": query_string}
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest) -> HttpResponse:
    _require(request, "committees.add_committeesession")
    organizations = queries.organizing_organizations(request.user)
    members = queries.eligible_members_of(organizations)
    form = SessionForm(
        request.POST or None,
        organizations=organizations,
        programmes=programmes_visible_to(request.user),
        members=members,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.create_session(
                organization=data["organization"],
                programme=data.get("programme"),
                title=data["title"],
                held_at=data["held_at"],
                place=data.get("place", ""),
                video_link=data.get("video_link", ""),
                quorum=data["quorum"],
                members=data["members"],
                chair=data.get("chair"),
                actor=request.user,
                client_uuid=data.get("client_uuid"),
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The session was created."))
            return redirect("committees:session_detail", pk=session.pk)
    return render(request, "committees/session_form.html", {"form": form})


def _detail_context(request: HttpRequest, session: CommitteeSession) -> dict:
    can_run = (
        request.user.has_perm("committees.run_committeesession")
        and queries.sessions_managed_by(request.user).filter(pk=session.pk).exists()
    )
    seats = list(session.seats.select_related("user"))
    voters = [s.user for s in seats if s.present]
    items = list(
        session.items.select_related("dossier", "dossier__programme", "decided_by")
        .prefetch_related("votes__member", "letters__holder", "dossier__holders")
        .order_by("position", "id")
    )
    editable = can_run and not session.is_announced
    for item in items:
        item.form = DecisionForm(voters=voters, item=item) if editable else None
    return {
        "session": session,
        "seats": seats,
        "present": len(voters),
        "items": items,
        "can_run": can_run,
        "editable": editable,
        "agenda_form": AgendaForm(dossiers=queries.agenda_candidates(session, request.user))
        if editable
        else None,
        "all_decided": bool(items) and all(i.decision for i in items),
    }


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for(request, pk)
    return render(request, "committees/session_detail.html", _detail_context(request, session))


@require_POST
@login_required
def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for(request, pk, manage=True)
    present = [int(v) for v in request.POST.getlist("present") if is_ascii_integer(v)]
    try:
        services.record_attendance(
            session, present=present, actor=request.user, expected_version=request.POST.get("version")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The attendance was recorded."))
    return redirect("committees:session_detail", pk=session.pk)


@require_POST
@login_required
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for(request, pk, manage=True)
    form = AgendaForm(request.POST, dossiers=queries.agenda_candidates(session, request.user))
    if not form.is_valid():
        messages.error(request, _("Choose a dossier that is ready for committee."))
    else:
        try:
            services.add_agenda_item(session, dossier=form.cleaned_data["dossier"], actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The dossier was put on the agenda."))
    return redirect("committees:session_detail", pk=session.pk)


def _item_for(request: HttpRequest, pk: int) -> AgendaItem:
    _require(request, "committees.run_committeesession")
    return get_object_or_404(
        AgendaItem.objects.select_related("session", "dossier"),
        pk=pk,
        session__in=queries.sessions_managed_by(request.user),
    )


@require_POST
@login_required
def agenda_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_for(request, pk)
    try:
        services.remove_agenda_item(item, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The dossier was taken off the agenda."))
    return redirect("committees:session_detail", pk=item.session_id)


@require_POST
@login_required
def item_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Record one dossier's decision and votes; htmx swaps the item's card."""
    item = _item_for(request, pk)
    session = item.session
    voters = [s.user for s in session.seats.filter(present=True).select_related("user")]
    form = DecisionForm(request.POST, voters=voters, item=item)
    error = None
    if form.is_valid():
        try:
            item = services.record_decision(
                item,
                decision=form.cleaned_data["decision"],
                reasons=form.cleaned_data["reasons"],
                votes=form.votes(),
                actor=request.user,
                expected_version=form.cleaned_data.get("version"),
            )
        except DomainError as exc:
            error = exc.message
        else:
            form = None
    else:
        error = _("Choose a decision.")
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(
                request, _("The decision was recorded. It will reach the holders once announced.")
            )
        return redirect("committees:session_detail", pk=session.pk)
    item = AgendaItem.objects.select_related("dossier", "decided_by").get(pk=item.pk)
    if form is None:
        form = DecisionForm(voters=voters, item=item)
    item.form = form
    return render(
        request,
        "committees/_agenda_item.html",
        {"item": item, "session": session, "editable": True, "error": error, "saved": error is None},
    )


@require_POST
@login_required
def session_announce(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for(request, pk, manage=True)
    try:
        services.announce_session(session, actor=request.user, expected_version=request.POST.get("version"))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The decisions were announced; the holders are being notified."))
    return redirect("committees:session_detail", pk=session.pk)


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def session_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for(request, pk)
    language = pdf.pdf_language(request.GET.get("lang"), get_language())
    context = _detail_context(request, session)
    content = pdf.render_pdf("committees/pdf/minutes.html", context, language=language)
    return _pdf_response(content, f"minutes-{session.pk}-{language}.pdf")


@login_required
@require_GET
def decision_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """A holder's decision letter (the holder themself, or staff who see the session)."""
    letter = get_object_or_404(queries.letters_visible_to(request.user), pk=pk)
    language = pdf.pdf_language(request.GET.get("lang"), letter.holder.preferred_language or get_language())
    content = pdf.render_pdf("committees/pdf/letter.html", letter_context(letter), language=language)
    return _pdf_response(content, f"decision-{letter.reference}-{language}.pdf")


def letter_context(letter) -> dict:
    """What the letter template needs, for a committee's decision (item, session) or one
    taken under a delegation (delegated, delegation): `decision` and `reasons` either way."""
    item, delegated = letter.item, letter.delegated
    record = item or delegated
    dossier = record.dossier
    return {
        "letter": letter,
        "item": item,
        "session": item.session if item else None,
        "delegated": delegated,
        "delegation": delegated.delegation if delegated else None,
        "decision": record.decision,
        "reasons": record.reasons,
        "organization": item.session.organization if item else dossier.programme.operator,
        "dossier": dossier,
        "holder": letter.holder,
        "qr": pdf.qr_svg(pdf.verification_url(letter.token)),
        "verify_url": pdf.verification_url(letter.token),
    }


VERIFY_LIMIT = 30  # lookups per minute and client address


def _rate_limited(request: HttpRequest) -> bool:
    address = client_address(request) or ""
    key = f"committees:verify:{address}"
    cache.add(key, 0, timeout=60)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=60)
        count = 1
    return count > VERIFY_LIMIT


@require_GET
def verify_letter(request: HttpRequest, token: str) -> HttpResponse:
    """Public: anyone holding a letter checks it against the record. Shows the letter's
    essentials only (holder's name, decision, date, issuer), rate-limited."""
    if _rate_limited(request):
        response = render(request, "committees/verify.html", {"limited": True}, status=429)
        response["Retry-After"] = "60"
        return response
    letter = queries.letter_by_token(token)
    response = render(
        request,
        "committees/verify.html",
        letter_context(letter) if letter else {"letter": None},
        status=200 if letter else 404,
    )
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "no-store"
    return response


# --- Scoring ----------------------------------------------------------------------------


def _dossier_for_scores(request: HttpRequest, pk: int):
    _require(request, "committees.view_scores")
    return get_object_or_404(queries.committee_dossiers(request.user), pk=pk)


@login_required
@require_GET
def dossier_scores(request: HttpRequest, pk: int) -> HttpResponse:
    """The scores summary of a dossier: a partial the dossier page includes (htmx) or
    the `committees/_dossier_scores.html` template it can include directly."""
    dossier = _dossier_for_scores(request, pk)
    context = scores_context(request, dossier)
    template = "committees/_dossier_scores.html" if request.htmx else "committees/dossier_scores.html"
    return render(request, template, context)


def scores_context(request: HttpRequest, dossier) -> dict:
    can_assign = (
        request.user.has_perm("committees.assign_evaluator")
        and queries.committee_dossiers(request.user, roles=queries.EVALUATOR_ASSIGNERS)
        .filter(pk=dossier.pk)
        .exists()
    )
    return {
        "dossier": dossier,
        "summary": queries.score_summary(dossier, user=request.user),
        "can_assign": can_assign,
        "evaluator_choices": queries.evaluator_choices(dossier) if can_assign else [],
        "my_evaluation": Evaluation.objects.filter(dossier=dossier, evaluator=request.user).first(),
    }


@require_POST
@login_required
def assign_evaluator(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "committees.assign_evaluator")
    dossier = get_object_or_404(
        queries.committee_dossiers(request.user, roles=queries.EVALUATOR_ASSIGNERS), pk=pk
    )
    evaluator = queries.evaluator_choices(dossier).filter(pk=request.POST.get("evaluator") or 0).first()
    if evaluator is None:
        messages.error(request, _("Choose an evaluator."))
    else:
        try:
            services.assign_evaluator(dossier, evaluator=evaluator, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The evaluator was assigned."))
    return redirect("committees:dossier_scores", pk=dossier.pk)


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_form(request: HttpRequest, pk: int) -> HttpResponse:
    """The evaluator scores each criterion; others who may read it see it read-only."""
    _require(request, "committees.view_evaluation")
    evaluation = get_object_or_404(queries.evaluations_visible_to(request.user), pk=pk)
    grid = queries.grid_of(evaluation.dossier)
    criteria = list(grid.criteria.all()) if grid else []
    own = evaluation.evaluator_id == request.user.pk
    locked = services.scores_locked(evaluation.dossier)
    if request.method == "POST" and not own:
        raise PermissionDenied
    form = EvaluationForm(
        request.POST or None,
        evaluation=evaluation,
        criteria=criteria,
        scale_max=grid.scale_max if grid else 0,
    )
    error = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_evaluation(
                evaluation,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
                actor=request.user,
                expected_version=form.cleaned_data.get("version"),
            )
        except DomainError as exc:
            error = exc.message
            status = exc.status_code if exc.status_code == 409 else 200
        else:
            messages.success(request, _("Your scores were saved."))
            return redirect("committees:evaluation", pk=evaluation.pk)
    return render(
        request,
        "committees/evaluation_form.html",
        {
            "evaluation": evaluation,
            "form": form,
            "grid": grid,
            "editable": own and not locked and grid is not None,
            "locked": locked,
            "error": error,
        },
        status=status,
    )
