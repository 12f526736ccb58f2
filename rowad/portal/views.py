"""Holder portal pages: thin views over portal.services, portal.otp and the queries."""

from __future__ import annotations

import json
import secrets
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST

from rowad.core.audit import record_action
from rowad.core.errors import ConflictError, DomainError
from rowad.core.history import history_rows
from rowad.core.net import client_address
from rowad.people import services as people_services
from rowad.people.export import export_pdf as export_person_pdf

from . import otp, queries, services
from .enums import ClaimState, CodePurpose, ErasureStatus
from .forms import (
    ClaimForm,
    CodeForm,
    ContactForm,
    ErasureDecisionForm,
    ErasureRequestForm,
    ProfileForm,
    SignupForm,
)
from .models import ErasureRequest

PENDING = "portal_pending"
# Shown on the staff log-in page (accounts/login.html); translated in this app's catalogue.
STAFF_PAGE_LINK = gettext_noop("Project holder? Log in to your space with a code")


def holder_required(view):
    """Logged in (else the portal's own log-in page) and holding the project-holder role."""

    @wraps(view)
    @login_required(login_url="portal:login")
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not request.user.has_perm("portal.use_portal"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def client_ip(request: HttpRequest) -> str | None:
    return client_address(request)


REQUESTER = "portal_requester"


def requester_key(request: HttpRequest) -> str:
    """A random key for this browser session: the codes it asks for, and its wrong
    guesses, are counted against it (portal.otp)."""
    key = request.session.get(REQUESTER)
    if not key:
        key = request.session[REQUESTER] = secrets.token_hex(16)
    return key


def _set_language(response: HttpResponse, language: str) -> HttpResponse:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=getattr(settings, "SESSION_COOKIE_SECURE", False),
    )
    return response


# --- Sign-up and log-in ------------------------------------------------------------------


def _start(
    request: HttpRequest, form: ContactForm, *, purpose: str, language: str, consents=()
) -> HttpResponse:
    contact = form.cleaned_data["parsed"]
    known = services.account_for_destination(contact.destination)
    if purpose == CodePurpose.SIGNUP and known is not None:
        purpose = CodePurpose.LOGIN  # signing up again logs in: nothing tells whether the contact is known
    if known is not None:
        language = known.user.preferred_language or language
    code = otp.issue_code(
        contact,
        purpose=purpose,
        ip=client_ip(request),
        requester=requester_key(request),
        language=language,
        deliver=purpose == CodePurpose.SIGNUP or known is not None,
    )
    request.session[PENDING] = {
        "code_id": code.pk,
        "channel": contact.channel,
        "destination": contact.destination,
        "purpose": purpose,
        "country": form.cleaned_data["country"],
        "language": language,
        "consents": list(consents),
    }
    return redirect("portal:verify")


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    language = translation.get_language() or "ar"
    form = SignupForm(request.POST or None, initial={"language": language[:2], "country": "DZ"})
    if request.method == "POST" and form.is_valid():
        try:
            return _start(
                request,
                form,
                purpose=CodePurpose.SIGNUP,
                language=form.cleaned_data["language"],
                consents=form.consents(),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
    return render(request, "portal/signup.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = ContactForm(request.POST or None, initial={"country": "DZ"})
    if request.method == "POST" and form.is_valid():
        try:
            return _start(
                request, form, purpose=CodePurpose.LOGIN, language=translation.get_language() or "ar"
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
    return render(request, "portal/login.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING)
    if not pending:
        return redirect("portal:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            code = otp.verify_code(
                pending["code_id"],
                form.cleaned_data["code"],
                requester=requester_key(request),
                ip=client_ip(request),
            )
            user, created = services.complete_verification(
                code, country=pending["country"], language=pending["language"], consents=pending["consents"]
            )
        except DomainError as exc:
            form.add_error("code", exc.message)
        else:
            request.session.pop(PENDING, None)
            auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            language = user.preferred_language or pending["language"]
            translation.activate(language)
            if created:
                messages.success(request, _("Welcome! Your space is open. Start by filling in your profile."))
            elif pending["purpose"] == CodePurpose.SIGNUP:
                messages.info(request, _("You already had a space: you are now logged in."))
            target = "portal:home" if getattr(user, "person", None) else "portal:profile"
            return _set_language(redirect(target), language)
    return render(
        request,
        "portal/verify.html",
        {"form": form, "pending": pending, "is_sms": pending["channel"] == "sms"},
        status=400 if form.errors else 200,
    )


@require_POST
def resend(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING)
    if not pending:
        return redirect("portal:login")
    contact = otp.Contact(pending["channel"], pending["destination"])
    known = services.account_for_destination(contact.destination)
    try:
        code = otp.issue_code(
            contact,
            purpose=pending["purpose"],
            ip=client_ip(request),
            requester=requester_key(request),
            language=pending["language"],
            deliver=pending["purpose"] == CodePurpose.SIGNUP or known is not None,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        pending["code_id"] = code.pk
        request.session[PENDING] = pending
        messages.success(request, _("A new code was sent."))
    return redirect("portal:verify")


# --- Home and profile -------------------------------------------------------------------


@login_required(login_url="portal:login")
def home(request: HttpRequest) -> HttpResponse:
    holder = queries.holder_for(request.user)
    context = {
        "holder": holder,
        "person": holder.person,
        "is_holder": request.user.has_perm("portal.use_portal"),
    }
    context.update(_dossier_context(request, holder))
    if context["is_holder"]:
        context["enterprises"] = _own_enterprises(request.user)
    return render(request, "portal/home.html", context)


def _dossier_context(request: HttpRequest, holder) -> dict:
    """Filled in by the dossier pages (imported here: dossier_views imports this module)."""
    from .dossier_views import home_context

    return home_context(request, holder)


def _own_enterprises(user) -> list:
    """The holder's enterprises, for a card on the home page (imported here:
    enterprise_views imports this module)."""
    from .enterprise_views import own_enterprises

    return list(own_enterprises(user)[:5])


@holder_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    holder = queries.holder_for(request.user)
    person = holder.person
    form = ProfileForm(
        request.POST or None,
        instance=person,
        country=holder.country,
        initial=None if person else {"preferred_language": request.user.preferred_language},
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            if person is None:
                person = services.create_profile(
                    request.user,
                    data=form.person_data(),
                    target_categories=form.cleaned_data["target_categories"],
                    account=holder.account,
                )
            else:
                person = services.update_profile(
                    person,
                    user=request.user,
                    data=form.person_data(),
                    version=form.cleaned_data.get("version") or None,
                    target_categories=form.cleaned_data["target_categories"],
                )
        except ConflictError as exc:
            conflict = exc.message
            if person is not None:
                person.refresh_from_db()
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Your profile was saved."))
            return _set_language(redirect("portal:home"), person.preferred_language)
    show_claim = (
        person is None and holder.account is not None and holder.account.claim_state == ClaimState.PENDING
    )
    context = {
        "form": form,
        "person": person,
        "holder": holder,
        "conflict": conflict,
        "claim_form": ClaimForm() if show_claim else None,
    }
    if conflict and person is not None:
        context["history"] = history_rows(person, limit=5)
    status = 409 if conflict else (400 if form.errors else 200)
    return render(request, "portal/profile.html", context, status=status)


@holder_required
@require_POST
def claim(request: HttpRequest) -> HttpResponse:
    holder = queries.holder_for(request.user)
    if (
        holder.account is None
        or holder.person is not None
        or holder.account.claim_state != ClaimState.PENDING
    ):
        return redirect("portal:profile")
    form = ClaimForm(request.POST)
    if form.is_valid():
        try:
            services.claim_registry_person(
                holder.account,
                national_id=form.cleaned_data["national_id"],
                birth_date=form.cleaned_data["birth_date"],
                actor=request.user,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("portal:profile")
        messages.success(request, _("We found your record. Check your profile and complete it."))
        return redirect("portal:profile")
    messages.error(request, _("Give your national ID and your birth date."))
    return redirect("portal:profile")


# --- Personal data: export and erasure -------------------------------------------------


@holder_required
def privacy(request: HttpRequest) -> HttpResponse:
    holder = queries.holder_for(request.user)
    pending = (
        ErasureRequest.objects.filter(person=holder.person, status=ErasureStatus.PENDING).first()
        if holder.person
        else None
    )
    return render(
        request,
        "portal/privacy.html",
        {"holder": holder, "person": holder.person, "pending": pending, "form": ErasureRequestForm()},
    )


@holder_required
def export(request: HttpRequest) -> HttpResponse:
    """Everything about the holder (rowad.core.privacy: every declared record, in their
    language), plus their log-in when no registry record is linked yet."""
    holder = queries.holder_for(request.user)
    data: dict = {"account": {}, "sections": []}
    if holder.account is not None:
        data["account"] = {
            "phone": holder.account.phone,
            "email": holder.account.email,
            "country": holder.account.country,
            "created_at": holder.account.created_at.isoformat(),
        }
    data["account"]["language"] = request.user.preferred_language
    if holder.person is not None:
        data.update(people_services.export_person_data(holder.person))
        record_action("portal.person.exported", holder.person, actor=request.user, format="json")
    payload = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-rowad-data.json"'
    return response


@holder_required
def export_pdf(request: HttpRequest) -> HttpResponse:
    """The same export as a readable PDF in the holder's language."""
    holder = queries.holder_for(request.user)
    if holder.person is None:
        messages.info(request, _("We hold no personal data about you beyond your log-in."))
        return redirect("portal:privacy")
    record_action("portal.person.exported", holder.person, actor=request.user, format="pdf")
    response = HttpResponse(export_person_pdf(holder.person), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="my-rowad-data.pdf"'
    return response


@holder_required
@require_http_methods(["GET", "POST"])
def erasure_request(request: HttpRequest) -> HttpResponse:
    holder = queries.holder_for(request.user)
    if holder.person is None:
        messages.info(request, _("We hold no personal data about you beyond your log-in."))
        return redirect("portal:privacy")
    form = ErasureRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.request_erasure(holder.person, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Your request was recorded. An officer will handle it and let you know."))
        return redirect("portal:privacy")
    pending = ErasureRequest.objects.filter(person=holder.person, status=ErasureStatus.PENDING).first()
    return render(
        request,
        "portal/privacy.html",
        {"holder": holder, "person": holder.person, "pending": pending, "form": form},
        status=400 if form.errors else 200,
    )


# --- Officers: erasure requests --------------------------------------------------------


def _officer(request: HttpRequest) -> None:
    if not request.user.has_perm("portal.handle_erasure"):
        raise PermissionDenied


@login_required
def erasure_list(request: HttpRequest) -> HttpResponse:
    _officer(request)
    requests = queries.erasure_requests_visible_to(request.user)
    status = request.GET.get("status", ErasureStatus.PENDING)
    if status in ErasureStatus.values:
        requests = requests.filter(status=status)
    return render(
        request,
        "portal/erasure_list.html",
        {
            "requests": requests[:200],
            "status": status,
            "statuses": ErasureStatus.choices,
            "form": ErasureDecisionForm(),
        },
    )


@login_required
@require_POST
def erasure_decide(request: HttpRequest, pk: int) -> HttpResponse:
    _officer(request)
    erasure = get_object_or_404(queries.erasure_requests_visible_to(request.user), pk=pk)
    form = ErasureDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The note is too long."))
        return redirect("portal:erasure_list")
    note = form.cleaned_data["note"]
    if request.POST.get("decision") == "refuse":
        if not note:
            messages.error(request, _("Say why the request is refused."))
            return redirect("portal:erasure_list")
        services.refuse_erasure(erasure, actor=request.user, note=note)
        messages.success(request, _("The request was refused."))
    else:
        services.execute_erasure(erasure, actor=request.user, note=note)
        messages.success(request, _("The personal data was erased."))
    return redirect("portal:erasure_list")
