"""Pages of the sponsor's specifications (list, page, create, edit, an item row for
htmx) and of the sponsor's sign-off of a study. Thin: the rules are in
`specifications.py` and `study.py`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from rowad.accounts.scope import scope_for
from rowad.core.errors import ConflictError, DomainError
from rowad.core.history import history_rows
from rowad.core.inputs import is_ascii_integer
from rowad.partners import queries as partner_queries

from . import specifications as specs
from . import study as studies
from .enums import DossierState, StudyResult
from .models import Specification, Study
from .specification_forms import ItemFormSet, SignoffForm, SpecificationForm, item_initial
from .views import dossier_for


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


@login_required
def specification_list(request: HttpRequest) -> HttpResponse:
    _require(request, "dossiers.view_specification")
    programmes = partner_queries.programmes_visible_to(request.user)
    programme = None
    if is_ascii_integer(request.GET.get("programme", "")):
        programme = programmes.filter(pk=int(request.GET["programme"])).first()
    rows = specs.specifications_visible_to(request.user, programme=programme).prefetch_related("items")
    writable = set(specs.programmes_writable_by(request.user).values_list("pk", flat=True))
    return render(
        request,
        "dossiers/specification_list.html",
        {
            "specifications": rows,
            "programmes": programmes,
            "programme": programme,
            "writable_programmes": [p for p in programmes if p.pk in writable],
        },
    )


def _specification(request: HttpRequest, pk: int, *, history: bool = True) -> Specification:
    _require(request, "dossiers.view_specification")
    return get_object_or_404(specs.specifications_visible_to(request.user, history=history), pk=pk)


@login_required
def specification_detail(request: HttpRequest, pk: int) -> HttpResponse:
    spec = _specification(request, pk)
    versions = []
    cursor = spec
    while cursor.previous_id:
        cursor = cursor.previous
        versions.append(cursor)
    newer = Specification.objects.filter(previous=spec).first()
    return render(
        request,
        "dossiers/specification_detail.html",
        {
            "specification": spec,
            "items": spec.items.all(),
            "versions": versions,
            "newer": newer,
            "studies": Study.objects.filter(specification=spec).count(),
            "can_write": spec.is_current and specs.may_write(request.user, spec.programme, spec),
            "history": history_rows(spec, limit=20),
        },
    )


def _render_form(request, *, programme, form, formset, spec=None, status=200, conflict=None):
    return render(
        request,
        "dossiers/specification_form.html",
        {
            "programme": programme,
            "form": form,
            "formset": formset,
            "specification": spec,
            "in_use": spec is not None and specs.is_in_use(spec),
            "conflict": conflict,
            "history": history_rows(spec, limit=5) if conflict and spec else [],
        },
        status=status,
    )


def _sponsor_choices(request: HttpRequest, programme):
    ids = specs.writer_organization_ids(request.user, programme)
    sponsors = programme.sponsors.all()
    return sponsors if programme.operator_id in ids else sponsors.filter(pk__in=ids)


@login_required
@require_http_methods(["GET", "POST"])
def specification_create(request: HttpRequest, programme_pk: int) -> HttpResponse:
    _require(request, "dossiers.write_specification")
    programme = get_object_or_404(specs.programmes_writable_by(request.user), pk=programme_pk)
    sponsors = _sponsor_choices(request, programme)
    form = SpecificationForm(
        request.POST or None,
        programme=programme,
        sponsors=sponsors,
        initial={"sponsor": sponsors.first().pk if sponsors.count() == 1 else None},
    )
    formset = ItemFormSet(request.POST or None, prefix="items", initial=item_initial(None))
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            spec = specs.create_specification(
                programme, data=form.spec_data(), items=formset.items_data(), actor=request.user
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The specifications were saved."))
            return redirect("dossiers:specification_detail", pk=spec.pk)
    return _render_form(request, programme=programme, form=form, formset=formset)


@login_required
@require_http_methods(["GET", "POST"])
def specification_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "dossiers.write_specification")
    spec = _specification(request, pk, history=False)
    programme = spec.programme
    if not specs.may_write(request.user, programme, spec):
        raise PermissionDenied
    form = SpecificationForm(
        request.POST or None,
        programme=programme,
        instance=spec,
        sponsors=_sponsor_choices(request, programme),
    )
    formset = ItemFormSet(request.POST or None, prefix="items", initial=item_initial(spec))
    status, conflict = 200, None
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            current = specs.update_specification(
                spec,
                data=form.spec_data(),
                items=formset.items_data(),
                actor=request.user,
                version=form.cleaned_data.get("version") or None,
            )
        except ConflictError as exc:
            conflict, status = exc.message, 409
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            if current.pk != spec.pk:
                messages.success(
                    request,
                    _("Studies used version %(old)s: version %(new)s was written, the studies keep theirs.")
                    % {"old": spec.version, "new": current.version},
                )
            else:
                messages.success(request, _("The specifications were saved."))
            return redirect("dossiers:specification_detail", pk=current.pk)
    return _render_form(
        request, programme=programme, form=form, formset=formset, spec=spec, status=status, conflict=conflict
    )


@login_required
@require_GET
def specification_item_row(request: HttpRequest) -> HttpResponse:
    """One more empty requirement row (htmx), with the formset's new total."""
    _require(request, "dossiers.write_specification")
    raw = request.GET.get("index", "0")
    index = min(int(raw), 199) if is_ascii_integer(raw) else 0
    formset = ItemFormSet(
        prefix="items", initial=[{"position": index + 1, "is_mandatory": True}] * (index + 1)
    )
    return render(
        request,
        "dossiers/_specification_item_row.html",
        {"item": formset.forms[index], "index": index, "next_index": index + 1},
    )


# --- The sponsor's sign-off ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def study_signoff(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "dossiers.sign_off_study")
    dossier = dossier_for(request, pk, "dossiers.sign_off_study")
    may_sign = studies.may_sign_off(request.user, dossier)
    # A platform administrator reads the page; only the sponsor signs.
    if not may_sign and not scope_for(request.user).is_platform_admin:
        raise PermissionDenied
    study = Study.objects.filter(dossier=dossier).select_related("specification", "officer").first()
    form = SignoffForm(request.POST or None, initial={"version": dossier.version})
    status, conflict = 200, None
    if request.method == "POST" and form.is_valid():
        try:
            studies.sign_off_study(
                dossier,
                approve=form.cleaned_data["decision"] == "sign",
                reason=form.cleaned_data["reason"],
                actor=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except ConflictError as exc:
            conflict, status = exc.message, 409
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Your decision on the study was recorded."))
            return redirect("dossiers:dossier_detail", pk=dossier.pk)
    ready = (
        dossier.state == DossierState.UNDER_STUDY
        and study is not None
        and study.result != StudyResult.PENDING
    )
    return render(
        request,
        "dossiers/study_signoff.html",
        {
            "dossier": dossier,
            "study": study,
            "checks": study.checks.select_related("item") if study else [],
            "form": form,
            "ready": ready,
            "conflict": conflict,
            "history": history_rows(study, limit=10) if study else [],
        },
        status=status,
    )
