"""Duplicate review pages: the queue (htmx), the side-by-side comparison, and the
decisions (merge, not the same person, undo a merge). Thin: people.duplicates does it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from rowad.core.errors import DomainError
from rowad.core.pagination import CappedPaginator
from rowad.core.sections import sections_for

from . import duplicates
from .likelihood import likelihood_of
from .merging import merge_preview, undo_merge
from .models import DuplicateCandidate, DuplicateRun, Person

PAGE_SIZE = 25
PERMISSION = "people.review_duplicates"
# Higher apps (dossiers, outreach) add each record's dossiers and registrations here.
PAIR_PAGE = "people.duplicate_pair"

FIELD_LABELS = {
    "given_name": gettext_lazy("Given name"),
    "family_name": gettext_lazy("Family name"),
    "birth_date": gettext_lazy("Birth date"),
    "national_id": gettext_lazy("National ID"),
    "phone": gettext_lazy("Phone"),
    "sex": gettext_lazy("Sex"),
    "province": gettext_lazy("Province"),
    "names_swapped": gettext_lazy("Given and family names"),
}
LEVEL_LABELS = {
    "missing": gettext_lazy("missing on one side"),
    "different": gettext_lazy("different"),
    "similar": gettext_lazy("somewhat similar"),
    "typo": gettext_lazy("one letter apart"),
    "same_key": gettext_lazy("same name, other spelling or script"),
    "same_spelling": gettext_lazy("same spelling"),
    "within_two_years": gettext_lazy("within two years"),
    "one_part_differs": gettext_lazy("day, month or year differs"),
    "presumed_same_year": gettext_lazy("same year, one date presumed"),
    "day_month_swapped": gettext_lazy("day and month swapped"),
    "same": gettext_lazy("same"),
    "one_character_off": gettext_lazy("one character apart"),
    "shared": gettext_lazy("a number in common"),
    "swapped": gettext_lazy("swapped between the two records"),
}


def _require(request: HttpRequest) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def candidate_for(request: HttpRequest, pk: int) -> DuplicateCandidate:
    _require(request)
    return get_object_or_404(duplicates.candidates_visible_to(request.user, status=None), pk=pk)


def explanation_rows(candidate: DuplicateCandidate) -> list[dict]:
    rows = []
    for entry in candidate.explanation or []:
        weight = float(entry.get("weight", 0))
        rows.append(
            {
                "field": FIELD_LABELS.get(entry.get("field"), entry.get("field")),
                "level": LEVEL_LABELS.get(entry.get("level"), entry.get("level")),
                "weight": weight,
                "tone": "success" if weight > 0.5 else ("danger" if weight < -0.5 else "secondary"),
            }
        )
    return rows


@login_required
def duplicate_list(request: HttpRequest) -> HttpResponse:
    _require(request)
    paginator = CappedPaginator(duplicates.candidates_visible_to(request.user), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for pair in page.object_list:
        pair.likelihood = likelihood_of(pair.score)
    context = {
        "page": page,
        "query_string": "",
        "last_run": DuplicateRun.objects.filter(finished_at__isnull=False).first(),
        "merges": duplicates.merges_visible_to(request.user).filter(undone_at__isnull=True)[:10],
    }
    template = "people/_duplicate_rows.html" if request.htmx else "people/duplicate_list.html"
    return render(request, template, context)


@login_required
def duplicate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = candidate_for(request, pk)
    fields = [
        (_("Name (Arabic)"), candidate.person_a.name_ar, candidate.person_b.name_ar),
        (_("Name (Latin)"), candidate.person_a.name_latin, candidate.person_b.name_latin),
        (_("National ID"), candidate.person_a.national_id, candidate.person_b.national_id),
        (_("Birth date"), _date(candidate.person_a.birth_date), _date(candidate.person_b.birth_date)),
        (_("Sex"), candidate.person_a.get_sex_display(), candidate.person_b.get_sex_display()),
        (_("Phone"), candidate.person_a.phone, candidate.person_b.phone),
        (_("Other phone"), candidate.person_a.phone_alt, candidate.person_b.phone_alt),
        (_("Province"), candidate.person_a.province or "", candidate.person_b.province or ""),
        (_("Address"), candidate.person_a.address, candidate.person_b.address),
        (_("Registered"), _date(candidate.person_a.created_at), _date(candidate.person_b.created_at)),
    ]
    a, b = candidate.person_a, candidate.person_b
    return render(
        request,
        "people/duplicate_detail.html",
        {
            "candidate": candidate,
            "likelihood": likelihood_of(candidate.score),
            "fields": [{"label": f[0], "a": f[1], "b": f[2], "same": f[1] == f[2]} for f in fields],
            "explanation": explanation_rows(candidate),
            "records": [(sections_for(PAIR_PAGE, request.user, a), sections_for(PAIR_PAGE, request.user, b))],
            "previews": [
                (_("If the first record is kept"), "keep-a", _preview_rows(a, b)),
                (_("If the second record is kept"), "keep-b", _preview_rows(b, a)),
            ],
        },
    )


def _preview_rows(survivor: Person, merged: Person) -> list[tuple[str, str, bool]]:
    """(label, value as shown, taken from the other record) of the merged person."""
    return [(f.label, _shown(f.name, f.value), f.from_merged) for f in merge_preview(survivor, merged)]


def _shown(name: str, value) -> str:
    field = Person._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if hasattr(value, "strftime"):
        return _date(value)
    return str(value)


def _date(value) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


@require_POST
@login_required
def duplicate_merge(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = candidate_for(request, pk)
    try:
        survivor_id = int(request.POST.get("survivor", ""))
    except ValueError:
        messages.error(request, _("Choose the record to keep."))
        return redirect("people:duplicate_detail", pk=candidate.pk)
    try:
        merge = duplicates.merge_candidate(candidate, survivor_id=survivor_id, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("people:duplicate_list")
    messages.success(
        request,
        _("The two records were merged. You can undo this from the duplicates page or the person's page."),
    )
    return redirect("people:detail", pk=merge.survivor_id)


@require_POST
@login_required
def duplicate_distinct(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = candidate_for(request, pk)
    try:
        duplicates.mark_distinct(candidate, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Noted: these are two different people. This pair will not be proposed again.")
        )
    return redirect("people:duplicate_list")


@require_POST
@login_required
def merge_undo(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    merge = get_object_or_404(duplicates.merges_visible_to(request.user), pk=pk)
    try:
        undo_merge(merge, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The merge was undone: both records are back."))
    return redirect("people:detail", pk=merge.survivor_id)
