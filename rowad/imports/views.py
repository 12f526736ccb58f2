"""Import pages: upload, mapping and preview, live progress, report, cancel, undo."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rowad.core.errors import DomainError
from rowad.core.pagination import CappedPaginator
from rowad.people.queries import people_visible_to, provinces_for_registry

from . import queries, services
from .enums import BatchStatus, ProblemKind
from .forms import MappingForm, UploadForm
from .mapping import TARGET_FIELDS
from .models import ImportBatch
from .readers import ImportFileError
from .report import XLSX_TYPE, error_report, rejected_rows
from .review import with_registered_people

PREVIEW_PROBLEMS = 20
EDITABLE = (BatchStatus.UPLOADED, BatchStatus.VALIDATED, BatchStatus.FAILED, BatchStatus.CANCELLED)


def _require(request: HttpRequest) -> None:
    if not request.user.has_perm("imports.add_importbatch"):
        raise PermissionDenied


def batch_for(request: HttpRequest, pk: int) -> ImportBatch:
    _require(request)
    return get_object_or_404(queries.batches_visible_to(request.user), pk=pk)


@login_required
def batch_list(request: HttpRequest) -> HttpResponse:
    _require(request)
    batches = queries.batches_visible_to(request.user)
    to_review = request.GET.get("status") == queries.TO_REVIEW_FILTER
    if to_review:
        batches = queries.batches_to_review(batches)
    page = CappedPaginator(batches, 25).get_page(request.GET.get("page"))
    context = {"page": page, "to_review": to_review, "query_string": "status=to_review" if to_review else ""}
    return render(request, "imports/batch_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def batch_upload(request: HttpRequest) -> HttpResponse:
    _require(request)
    provinces = provinces_for_registry(request.user, roles=queries.IMPORTERS)
    organization = queries.default_organization(request.user)
    initial = {"country": getattr(organization, "country", "DZ")}
    form = UploadForm(request.POST or None, request.FILES or None, provinces=provinces, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.create_batch(
                form.cleaned_data["file"],
                actor=request.user,
                source_name=form.cleaned_data["source"],
                country=form.cleaned_data["country"],
                organization=queries.default_organization(request.user, form.cleaned_data["province"]),
                province=form.cleaned_data["province"],
                mode=form.cleaned_data["mode"],
                encoding=form.cleaned_data["encoding"],
                on_optional_error=form.cleaned_data["on_optional_error"],
            )
        except (ImportFileError, DomainError) as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("imports:batch_detail", pk=batch.pk)
    sources = queries.sources_visible_to(request.user).values_list("name", flat=True)[:100]
    return render(request, "imports/batch_upload.html", {"form": form, "sources": sources})


def _context(
    request: HttpRequest, batch: ImportBatch, form: MappingForm | None = None, *, samples: bool = True
) -> dict:
    """`samples`: the first values of each column, shown while the columns are mapped
    (the file is read again for them; the progress poll does not need them)."""
    column_samples = services.column_samples(batch) if samples and batch.status in EDITABLE else {}
    if form is None and batch.status in EDITABLE:
        form = MappingForm(
            initial=MappingForm.initial_for(batch), headers=batch.headers, samples=column_samples
        )
    return {
        "column_samples": [(h, column_samples.get(h, [])) for h in batch.headers if h]
        if column_samples
        else [],
        "batch": batch,
        "form": form,
        "problems": with_registered_people(
            list(batch.problems.exclude(kind=ProblemKind.WARNING)[:PREVIEW_PROBLEMS]),
            people_visible_to(request.user),
        ),
        "warnings": list(batch.problems.filter(kind=ProblemKind.WARNING)[:PREVIEW_PROBLEMS]),
        "mapped": [(TARGET_FIELDS[f], c) for f, c in batch.mapping.items() if f in TARGET_FIELDS],
        "can_undo": batch.status == BatchStatus.DONE and batch.rows_written > 0,
        "has_rejected": batch.problems.filter(kind=ProblemKind.ERROR).exists(),
    }


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = batch_for(request, pk)
    return render(request, "imports/batch_detail.html", _context(request, batch))


@login_required
def batch_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the progress panel, polled while the batch runs. When the batch stops, the
    whole page reloads to show the summary."""
    batch = batch_for(request, pk)
    response = render(request, "imports/_progress.html", _context(request, batch, samples=False))
    if request.htmx and not batch.is_active and request.GET.get("was_active"):
        response["HX-Refresh"] = "true"
    return response


@require_POST
@login_required
def batch_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the mapping and check every row (the preview), or import directly."""
    batch = batch_for(request, pk)
    form = MappingForm(request.POST, headers=batch.headers, samples=services.column_samples(batch))
    if not form.is_valid():
        return render(request, "imports/batch_detail.html", _context(request, batch, form), status=400)
    try:
        batch = services.set_mapping(
            batch,
            mapping=form.mapping(),
            mode=form.cleaned_data["mode"],
            on_optional_error=form.cleaned_data["on_optional_error"],
            actor=request.user,
        )
        if request.POST.get("action") == "import":
            services.start_import(batch, actor=request.user)
        else:
            services.start_check(batch, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("imports:batch_detail", pk=batch.pk)


@require_POST
@login_required
def batch_start(request: HttpRequest, pk: int) -> HttpResponse:
    batch = batch_for(request, pk)
    try:
        services.start_import(batch, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("imports:batch_detail", pk=batch.pk)


@require_POST
@login_required
def batch_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    batch = batch_for(request, pk)
    try:
        services.request_cancel(batch, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.info(request, _("The import is being cancelled."))
    return redirect("imports:batch_detail", pk=batch.pk)


@require_POST
@login_required
def batch_undo(request: HttpRequest, pk: int) -> HttpResponse:
    batch = batch_for(request, pk)
    try:
        removed = services.undo_batch(batch, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The import was undone: %(count)d people removed.") % {"count": removed})
    return redirect("imports:batch_detail", pk=batch.pk)


@require_POST
@login_required
def review_apply(request: HttpRequest, pk: int, problem_pk: int) -> HttpResponse:
    """Apply the values an officer checked from a row set aside for review to the person
    registered with its national ID (a person the officer may see and change)."""
    batch = batch_for(request, pk)
    problem = get_object_or_404(batch.problems, pk=problem_pk, kind=ProblemKind.REVIEW)
    person = get_object_or_404(people_visible_to(request.user), national_id=problem.value)
    if not request.user.has_perm("people.change_person", person):
        raise PermissionDenied
    try:
        services.apply_review(
            problem,
            person,
            fields=request.POST.getlist("fields"),
            actor=request.user,
            version=request.POST.get("version") or None,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The registered person now has the values chosen from the file."))
    return redirect("imports:batch_detail", pk=batch.pk)


@login_required
def batch_report(request: HttpRequest, pk: int) -> HttpResponse:
    batch = batch_for(request, pk)
    response = HttpResponse(error_report(batch), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="import-{batch.pk}-problems.xlsx"'
    return response


@login_required
def batch_rejected(request: HttpRequest, pk: int) -> HttpResponse:
    """The rejected rows in the file's own format, with an error column, to fix and import again."""
    download = rejected_rows(batch_for(request, pk))
    response = HttpResponse(download.content, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.file_name}"'
    return response
