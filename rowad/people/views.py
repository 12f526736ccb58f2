"""People registry pages: thin views over people.services and people.queries."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rowad.core.audit import entries_for, record_action
from rowad.core.errors import ConflictError, DomainError
from rowad.core.history import history_rows
from rowad.core.pagination import CappedPaginator
from rowad.core.sections import sections_for
from rowad.core.timeline import events_for

from . import queries, rules, sensitive, services
from .export import export_json, export_pdf
from .forms import ConsentForm, EraseForm, PersonFilterForm, PersonForm
from .models import ConsentSource, Person

PAGE_SIZE = 25


def person_for(request: HttpRequest, pk: int, permission: str = "people.view_person") -> Person:
    """The one access helper for a person: the permission, then the scope (404 outside),
    then the permission on this person (403 unless a membership holding an allowed role
    reaches them)."""
    if not request.user.has_perm(permission):
        raise PermissionDenied
    person = get_object_or_404(queries.people_visible_to(request.user), pk=pk)
    if not request.user.has_perm(permission, person):
        raise PermissionDenied
    return person


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("people.view_person"):
        raise PermissionDenied
    provinces = queries.provinces_for_registry(request.user)
    form = PersonFilterForm(request.GET or None, provinces=provinces)
    people = queries.people_visible_to(request.user)
    if form.is_valid():
        people = queries.filter_people(people, **form.cleaned_data)
        if request.GET.get("open") and form.cleaned_data.get("q") and not request.htmx:
            # The top bar's search: one person found opens their page at once.
            found = list(people.values_list("pk", flat=True)[:2])
            if len(found) == 1:
                return redirect("people:detail", pk=found[0])
    paginator = CappedPaginator(people.order_by("-id"), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    template = "people/_person_rows.html" if request.htmx else "people/person_list.html"
    return render(
        request, template, {"form": form, "page": page, "query_string": _query_without_page(request)}
    )


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def erasure_summary(person: Person) -> dict | None:
    """The latest erasure record, its models named in the reader's language."""
    from django.apps import apps

    erasure = person.erasures.select_related("erased_by").first()
    if erasure is None:
        return None

    def named(rows):
        return [{**row, "name": apps.get_model(row["model"])._meta.verbose_name_plural} for row in rows]

    return {"record": erasure, "done": named(erasure.done), "kept": named(erasure.kept)}


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for(request, pk)
    show_sensitive = sensitive.shown_to(request.user, person, via="page")
    history = history_rows(person)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "show_sensitive": show_sensitive,
            "history": history if show_sensitive else sensitive.without_sensitive_changes(history, person),
            "actions": entries_for(person)[:20],
            "consent_groups": queries.consent_history(person),
            "consent_form": ConsentForm(partners=_partners_for(request.user)),
            "can_change": request.user.has_perm("people.change_person", person),
            "can_erase": request.user.has_perm("people.erase_person", person),
            "can_export": request.user.has_perm("people.export_person", person),
            "merges": person.merges_received.filter(undone_at__isnull=True).select_related("merged")
            if request.user.has_perm("people.review_duplicates")
            else [],
            "erasure": erasure_summary(person) if person.erased_at else None,
            # What higher apps (training) show about the person, scoped to the reader.
            "sections": sections_for("people.person_detail", request.user, person),
            # The person's story from every app, each through its own scoped query.
            "timeline": events_for("people.person", request.user, person),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("people.add_person"):
        raise PermissionDenied
    provinces = queries.provinces_for_registry(request.user, roles=rules.EDITORS)
    form = PersonForm(request.POST or None, provinces=provinces)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.create_person(
                data=form.person_data(),
                actor=request.user,
                target_categories=form.cleaned_data["target_categories"],
                consents=form.cleaned_data.get("consents", []),
            )
        except services.ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("The person was registered."))
            return redirect("people:detail", pk=person.pk)
    return render(request, "people/person_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for(request, pk, "people.change_person")
    # Where the editor may move the person; the current province stays selectable (the
    # person may be reached through the editor's organization).
    provinces = queries.provinces_for_registry(
        request.user, roles=rules.EDITORS, including=person.province_id
    )
    show_sensitive = sensitive.may_see(request.user, person)
    form = PersonForm(
        request.POST or None, instance=person, provinces=provinces, show_sensitive=show_sensitive
    )
    if show_sensitive and request.method == "GET":
        sensitive.record_read(person, actor=request.user, via="form")
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(
                person,
                data=form.person_data(),
                actor=request.user,
                version=form.cleaned_data.get("version") or None,
                # None (unchanged) for an editor who may not see them.
                target_categories=form.cleaned_data.get("target_categories"),
            )
        except ConflictError as exc:
            conflict = exc.message
            person.refresh_from_db()
        except services.ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("people:detail", pk=person.pk)
    context = {"form": form, "person": person, "conflict": conflict}
    if conflict:
        # Show what the other user changed since this page was loaded.
        history = history_rows(person, limit=5)
        context["history"] = (
            history if show_sensitive else sensitive.without_sensitive_changes(history, person)
        )
    return render(request, "people/person_form.html", context, status=409 if conflict else 200)


@login_required
def person_export(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for(request, pk, "people.export_person")
    record_action("people.person.exported", person, actor=request.user, format="json")
    sensitive.shown_to(request.user, person, via="export")  # the export holds them: log the read
    response = HttpResponse(export_json(person), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
    return response


@login_required
def person_export_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The same export as a readable PDF, in the person's language."""
    person = person_for(request, pk, "people.export_person")
    record_action("people.person.exported", person, actor=request.user, format="pdf")
    sensitive.shown_to(request.user, person, via="export")  # the export holds them: log the read
    response = HttpResponse(export_pdf(person), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def person_erase(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for(request, pk, "people.erase_person")
    if person.erased_at:
        raise Http404
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.erase_person(person, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The personal data was erased."))
        return redirect("people:detail", pk=person.pk)
    return render(request, "people/person_erase.html", {"form": form, "person": person})


@login_required
def person_suggestions(request: HttpRequest) -> HttpResponse:
    """htmx: possible existing people while a form is being typed (phone, ID or name)."""
    if not request.user.has_perm("people.view_person"):
        raise PermissionDenied
    people = queries.people_visible_to(request.user)
    terms = [request.GET.get(k, "").strip() for k in ("national_id", "phone", "name")]
    found: dict[int, Person] = {}
    for term in terms:
        if len(term) >= 3:
            for person in queries.search_people(people, term)[:5]:
                found.setdefault(person.pk, person)
    return render(request, "people/_suggestions.html", {"suggestions": list(found.values())[:8]})


def _partners_for(user):
    """The partner organizations an officer may name in a sharing consent."""
    from rowad.partners.enums import OrganizationKind
    from rowad.partners.queries import organizations_visible_to

    return organizations_visible_to(user).exclude(kind=OrganizationKind.AGENCY).order_by("name_fr")


@require_POST
@login_required
def person_consent(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a consent or a withdrawal (a new record; the history stays)."""
    person = person_for(request, pk, "people.change_person")
    form = ConsentForm(request.POST, partners=_partners_for(request.user))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(f"{reverse('people:detail', args=[person.pk])}#consents-title")
    data = form.cleaned_data
    try:
        services.record_consent(
            person,
            purpose=data["purpose"],
            actor=request.user,
            given=data["given"],
            source=data["source"] or ConsentSource.DESK,
            partner=data["partner"],
            method=data["method"] or "form",
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if data["given"]:
            messages.success(request, _("The consent was recorded."))
        else:
            messages.success(request, _("The withdrawal was recorded; it applies at once."))
    return redirect(f"{reverse('people:detail', args=[person.pk])}#consents-title")
