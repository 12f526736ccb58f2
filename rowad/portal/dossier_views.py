"""The holder's project files: start from an idea, fill in, upload, submit, follow the
state and its reasons, revise, download the decision letter. Every write goes through
rowad.dossiers.services; every read starts from rowad.dossiers.queries."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rowad.accounts.scope import scope_for
from rowad.committees.queries import letters_of_holder
from rowad.core.errors import DomainError
from rowad.core.inputs import is_ascii_integer
from rowad.dossiers import eligibility, services, workflow
from rowad.dossiers.enums import DossierState
from rowad.dossiers.models import Dossier
from rowad.dossiers.queries import dossiers_visible_to
from rowad.partners.models import DocumentType, Programme

from . import next_steps, queries
from .forms import HolderDossierForm, HolderUploadForm
from .views import holder_required

# States in which the holder may still upload documents (before the committee).
UPLOAD_STATES = frozenset(workflow.EDITABLE_STATES)
SUBMIT_FROM = (DossierState.IDEA, DossierState.TO_REVISE)


def own_dossiers(user):
    """The holder's dossiers. dossiers_visible_to already limits a holder to theirs; the
    extra filter keeps a user who is also staff from seeing their staff scope here."""
    qs = dossiers_visible_to(user)
    if scope_for(user).is_platform_admin:
        return qs
    return qs.filter(holder_links__person__user=user).distinct()


def open_programmes(person):
    """Active programmes of the holder's country still open today."""
    today = timezone.localdate()
    qs = (
        Programme.objects.filter(is_active=True, operator__country=person.country)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("operator")
        .prefetch_related("provinces", "target_categories", "required_documents", "specialties")
    )
    return qs.order_by("code")


def programme_rules(programme, person) -> list[dict]:
    """The programme's eligibility rules in words, each with a hint for this holder."""
    rules = []
    if programme.min_age or programme.max_age:
        rules.append(
            {
                "label": _("Age"),
                "text": _("from %(min)s to %(max)s years")
                % {"min": programme.min_age or "—", "max": programme.max_age or "—"},
            }
        )
    provinces = list(programme.provinces.all())
    if provinces:
        covered = person.province_id in {p.pk for p in provinces}
        rules.append(
            {
                "label": _("Provinces"),
                "text": ", ".join(str(p) for p in provinces[:8]) + ("…" if len(provinces) > 8 else ""),
                "ok": covered,
            }
        )
    categories = list(programme.target_categories.all())
    if categories:
        rules.append({"label": _("Target categories"), "text": ", ".join(str(c) for c in categories)})
    if programme.min_education:
        rules.append({"label": _("Minimum education"), "text": programme.get_min_education_display()})
    if programme.requires_unemployed:
        rules.append({"label": _("Employment"), "text": _("applicants must be unemployed")})
    if programme.excludes_prior_aid:
        rules.append({"label": _("Earlier aid"), "text": _("no earlier aid of the same kind")})
    if programme.max_members > 1:
        rules.append(
            {
                "label": _("Holders"),
                "text": _("from %(min)s to %(max)s")
                % {"min": programme.min_members, "max": programme.max_members},
            }
        )
    return rules


def home_context(request: HttpRequest, holder) -> dict:
    if holder.person is None:
        return {"dossier_start_url": reverse("portal:programmes")}
    dossiers = list(own_dossiers(request.user).order_by("-id"))
    return {
        "dossiers": dossiers,
        "dossiers_template": "portal/_dossier_cards.html",
        "dossier_start_url": reverse("portal:programmes"),
        "next_steps": next_steps.for_dossiers(dossiers),
        "holder_steps": _holder_steps(request.user),
    }


def _holder_steps(user) -> list:
    """The holder's steps outside one file: repayments, courses, work to report (imported
    here: those views import the module that imports this one)."""
    from rowad.market.enums import ContractStatus
    from rowad.market.queries import contracts_of_holder

    from .financing_views import own_instalments
    from .market_views import REPORTABLE
    from .training_views import own_enrolments

    to_report = (
        contracts_of_holder(user)
        .filter(status=ContractStatus.ACTIVE, milestones__status__in=REPORTABLE)
        .count()
    )
    return next_steps.holder_steps(
        instalments=own_instalments(user),
        enrolments=own_enrolments(user),
        milestones_to_report=to_report,
        today=timezone.localdate(),
    )


def _need_profile(request: HttpRequest):
    holder = queries.holder_for(request.user)
    if holder.person is None:
        messages.info(request, _("Fill in your profile first: the programme's rules read it."))
        return holder, redirect("portal:profile")
    return holder, None


@holder_required
def programmes(request: HttpRequest) -> HttpResponse:
    holder, early = _need_profile(request)
    if early:
        return early
    rows = [
        {"programme": p, "rules": programme_rules(p, holder.person)} for p in open_programmes(holder.person)
    ]
    return render(request, "portal/programmes.html", {"rows": rows, "person": holder.person})


@holder_required
@require_http_methods(["GET", "POST"])
def dossier_start(request: HttpRequest) -> HttpResponse:
    holder, early = _need_profile(request)
    if early:
        return early
    programmes_qs = open_programmes(holder.person)
    ideas = queries.pitched_ideas_of(holder.person)
    idea_id = request.POST.get("source_idea") or request.GET.get("idea") or ""
    idea = ideas.filter(pk=int(idea_id)).first() if is_ascii_integer(idea_id) else None
    asked = request.GET.get("programme", "")
    # Only a real id pre-selects a programme (a crafted value must not reach the form).
    initial = {"programme": int(asked)} if is_ascii_integer(asked) else {}
    if idea is not None:
        initial.update(_from_idea(idea))
    form = HolderDossierForm(request.POST or None, programmes=programmes_qs, initial=initial)
    if request.method == "POST" and form.is_valid():
        extra = {}
        if idea is not None:
            registration = idea.registration
            extra = {
                "source_idea": idea,
                "met_at_stop": registration.stop,
                "met_at_event": registration.event,
            }
        try:
            dossier = services.create_dossier(
                holders=[holder.person],
                programme=form.cleaned_data["programme"],
                actor=request.user,
                client_uuid=form.cleaned_data.get("client_uuid"),
                **form.dossier_data(),
                **extra,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your project file was created. Add your documents, then submit it."))
            return redirect("portal:dossier_detail", pk=dossier.pk)
    context = {"form": form, "ideas": ideas, "idea": idea}
    return render(request, "portal/dossier_form.html", context, status=400 if form.errors else 200)


def _from_idea(idea) -> dict:
    """Prefill the form from a pitched idea (its words, sector and intended legal form)."""
    from rowad.dossiers.enums import LegalForm

    summary = idea.summary.strip()
    data = {"idea": summary, "title": summary.split(".")[0][:120], "sector": idea.sector}
    if idea.specialty_id:
        data["specialty"] = idea.specialty_id
    if idea.legal_form in LegalForm.values:
        data["legal_form"] = idea.legal_form
    return data


def _own(request: HttpRequest, pk: int) -> Dossier:
    return get_object_or_404(own_dossiers(request.user), pk=pk)


def _letters(dossier: Dossier, person) -> list[dict]:
    """The holder's decision letters for this dossier."""
    if person is None:
        return []
    rows = []
    for letter in letters_of_holder(person, dossier=dossier):
        url = reverse("committees:decision_letter", kwargs={"pk": letter.pk})
        rows.append({"letter": letter, "url": url})
    return rows


@holder_required
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _own(request, pk)
    holder = queries.holder_for(request.user)
    lines = [eligibility.describe(line) for line in dossier.eligibility]
    checklist = services.document_checklist(dossier)
    can_edit = dossier.state in workflow.HOLDER_EDITABLE_STATES
    can_upload = dossier.state in UPLOAD_STATES
    document_types = (
        DocumentType.objects.filter(Q(pk__in=dossier.programme.required_documents.values("pk")))
        or DocumentType.objects.all()
    )
    changes = dossier.state_changes.select_related("actor").order_by("created_at", "id")
    context = {
        "dossier": dossier,
        "lines": lines,
        "checklist": checklist,
        "missing": [row for row in checklist if row["required"] and not row["present"]],
        "can_edit": can_edit,
        "can_submit": dossier.state in SUBMIT_FROM,
        "can_upload": can_upload,
        "upload_form": HolderUploadForm(
            document_types=document_types,
            initial={"document_type": next((r["type"].pk for r in checklist if not r["present"]), None)},
        )
        if can_upload
        else None,
        "changes": changes,
        "letters": _letters(dossier, holder.person),
        "holders": dossier.holder_links.select_related("person"),
    }
    return render(request, "portal/dossier_detail.html", context)


@holder_required
@require_http_methods(["GET", "POST"])
def dossier_edit(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _own(request, pk)
    if dossier.state not in workflow.HOLDER_EDITABLE_STATES:
        messages.error(request, _("This project file can no longer be changed."))
        return redirect("portal:dossier_detail", pk=dossier.pk)
    initial = {
        f: getattr(dossier, f) for f in ("title", "idea", "specialty", "sector", "legal_form", "investment")
    }
    form = HolderDossierForm(
        request.POST or None, programmes=Programme.objects.none(), dossier=dossier, initial=initial
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.update_dossier(
                dossier,
                data=form.dossier_data(),
                actor=request.user,
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = exc.status_code
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect("portal:dossier_detail", pk=dossier.pk)
    if form.errors and status == 200:
        status = 400
    return render(request, "portal/dossier_form.html", {"form": form, "dossier": dossier}, status=status)


@holder_required
@require_POST
def dossier_upload(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _own(request, pk)
    form = HolderUploadForm(request.POST, request.FILES, document_types=DocumentType.objects.all())
    if dossier.state not in UPLOAD_STATES:
        messages.error(request, _("Documents can no longer be added to this project file."))
    elif not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        try:
            version = services.upload_document(
                dossier,
                document_type=form.cleaned_data["document_type"],
                file=form.cleaned_data["file"],
                actor=request.user,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("%(document)s received (version %(number)s).")
                % {"document": form.cleaned_data["document_type"], "number": version.number},
            )
    return redirect("portal:dossier_detail", pk=dossier.pk)


@holder_required
@require_POST
def dossier_submit(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _own(request, pk)
    if dossier.state not in SUBMIT_FROM:
        # A second click, or a page left open: nothing happens twice.
        messages.info(request, _("This project file was already submitted."))
        return redirect("portal:dossier_detail", pk=dossier.pk)
    try:
        services.submit_dossier(
            dossier, actor=request.user, expected_version=request.POST.get("version") or None
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your project file was submitted. The agency will study it."))
    return redirect("portal:dossier_detail", pk=dossier.pk)
