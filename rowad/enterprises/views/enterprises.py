"""The enterprise pages: the list (filter bar, and the filters a figure's link carries
shown as chips), the enterprise page (identity, identifiers, owners, creation steps,
the sections other parts add, history), a step's document, and the enterprise's summary
on the dossier page and the person page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rowad.accounts.scope import scope_for
from rowad.core.audit import record_action
from rowad.core.history import history_rows
from rowad.core.inputs import is_ascii_integer
from rowad.core.models import Province
from rowad.core.pagination import CappedPaginator
from rowad.core.sections import sections_for
from rowad.core.uploads import sniffed_type
from rowad.dossiers.enums import DossierState
from rowad.dossiers.queries import dossiers_visible_to
from rowad.partners.models import Programme, Specialty

from .. import queries
from ..alerts import enterprise_alerts
from ..checklists import step_label
from ..definitions import FILTER_PARAMS, SURVIVAL_YEARS, filter_enterprises, malformed_params
from ..enums import AgeBand, StepState
from ..forms.enterprises import EnterpriseFilterForm, StepDoneForm
from ..identifiers import identifiers_for
from ..models import CreationStep, Enterprise
from ..services.common import today
from ..services.editing import step_state

VIEW, MANAGE = "enterprises.view_enterprises", "enterprises.manage_enterprises"
STAFF = (*queries.READERS, *queries.MENTORS)
PAGE_SIZE = 25
# The list's filter bar; the other FILTER_PARAMS come from the figures' links (chips).
BAR = ("programme", "province", "legal_form", "status", "created_year")


def require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def staff_enterprises(user: Any):
    return queries.enterprises_visible_to(user, roles=STAFF)


def can_manage(user: Any, enterprise: Enterprise) -> bool:
    return user.has_perm(MANAGE) and queries.enterprises_managed_by(user).filter(pk=enterprise.pk).exists()


def _chip_label(name: str, value: str) -> str | None:
    """What a figure's filter means, in words (None: a value filter_enterprises ignores)."""
    years = int(value) if is_ascii_integer(value) else None
    if name == "specialty" and years is not None:
        specialty = Specialty.objects.filter(pk=years).first()
        return _("Specialty: %(name)s") % {"name": specialty.name} if specialty else None
    if name == "sex":
        return {
            "F": _("Managed by a woman"),
            "M": _("Managed by a man"),
            "-": _("Manager's sex unknown"),
        }.get(value)
    if name == "age_band" and value in AgeBand.values:
        return _("Manager's age: %(band)s") % {"band": AgeBand(value).label}
    if name in ("alive_at", "observed_at", "died_before", "censored_at") and years in SURVIVAL_YEARS:
        return {
            "alive_at": ngettext(
                "Alive %(years)s year after creation", "Alive %(years)s years after creation", years
            ),
            "observed_at": ngettext("Observed for %(years)s year", "Observed for %(years)s years", years),
            "died_before": ngettext("Closed before %(years)s year", "Closed before %(years)s years", years),
            "censored_at": ngettext(
                "Fate at %(years)s year not known (transferred or too recent)",
                "Fate at %(years)s years not known (transferred or too recent)",
                years,
            ),
        }[name] % {"years": years}
    if name == "alive_now" and value in ("1", "true"):
        return _("Alive today")
    return None


def _without(params: QueryDict, *names: str) -> str:
    kept = params.copy()
    for name in (*names, "page"):
        kept.pop(name, None)
    return kept.urlencode()


def _chips(params: QueryDict) -> list[dict[str, str]]:
    chips = []
    for name in FILTER_PARAMS:
        if name in BAR or not params.get(name):
            continue
        label = _chip_label(name, params.get(name))
        if label:
            chips.append({"name": name, "label": label, "remove": _without(params, name)})
    return chips


def _years(scoped, asked: str | None) -> list[int]:
    """The creation years in the reader's scope, and the one a figure's link asks for."""
    years = {d.year for d in scoped.order_by().dates("created_on", "year")}
    if is_ascii_integer(asked or "") and 1 <= int(asked) <= 9999:
        years.add(int(asked))
    return sorted(years, reverse=True)


@login_required
def enterprise_list(request: HttpRequest) -> HttpResponse:
    require(request, VIEW)
    scoped = staff_enterprises(request.user)
    if bad := malformed_params(request.GET):
        # A hand-edited or crafted link: say so, and show nothing rather than everything.
        messages.error(request, _("This filter is not valid: %(names)s.") % {"names": ", ".join(bad)})
        scoped = scoped.none()
    ids = scoped.order_by().values("pk")
    form = EnterpriseFilterForm(
        None if bad else (request.GET or None),
        programmes=Programme.objects.filter(enterprises__in=ids).distinct().order_by("code"),
        provinces=Province.objects.filter(pk__in=scoped.order_by().values("province_id")).order_by("code"),
        years=_years(scoped, request.GET.get("created_year")),
    )
    enterprises = filter_enterprises(scoped, request.GET, on=today())
    page = CappedPaginator(enterprises.order_by("-created_on", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    active = any(request.GET.get(name) for name in FILTER_PARAMS)
    alerts = enterprise_alerts(Enterprise.objects.filter(pk__in=[e.pk for e in page]))
    for enterprise in page:
        enterprise.alerts = alerts.get(enterprise.pk, [])
    scope = scope_for(request.user)
    return render(
        request,
        "enterprises/enterprise_list.html",
        {
            "page": page,
            "filter_form": form,
            "chips": _chips(request.GET),
            "chip_names": [name for name in FILTER_PARAMS if name not in BAR],
            # Pairs, not request.GET.items in the template: a parameter named "items"
            # would shadow the method there.
            "kept_filters": list(request.GET.items()),
            "filtered": active,
            "query_string": _without(request.GET),
            "can_manage": request.user.has_perm(MANAGE),
            # Links to the other enterprise pages each reader may open.
            "reads_agency": scope.is_platform_admin or bool(scope.grants_for(*queries.READERS)),
            "is_mentor": bool(scope.grants_for(*queries.MENTORS)),
        },
    )


def step_rows(
    user: Any, enterprise: Enterprise, *, manage: bool, bound: tuple[int, StepDoneForm] | None = None
):
    on = today()
    rows = []
    for step in enterprise.steps.select_related("done_by").order_by("position", "id"):
        state = step_state(step, on)
        form = None
        if manage and state != StepState.DONE:
            form = bound[1] if bound and bound[0] == step.pk else StepDoneForm(prefix=f"step-{step.pk}")
        rows.append({"step": step, "label": step_label(step.code), "state": state, "form": form})
    return rows


def detail_context(request: HttpRequest, enterprise: Enterprise, **extra: Any) -> dict[str, Any]:
    user = request.user
    manage = can_manage(user, enterprise)
    members = list(enterprise.members.select_related("person").order_by("left_on", "-role", "id"))
    identifiers = [
        {"label": i.label, "value": getattr(enterprise, i.field), "checksum": i.checksum, "field": i.field}
        for i in identifiers_for(enterprise.country, enterprise.legal_form)
    ]
    steps = step_rows(user, enterprise, manage=manage, bound=extra.pop("bound", None))
    return {
        "enterprise": enterprise,
        "dossier": enterprise.dossier,
        "identifiers": identifiers,
        "owners": [m for m in members if m.left_on is None],
        "former_owners": [m for m in members if m.left_on is not None],
        "steps": steps,
        "late_steps": sum(1 for row in steps if row["state"] == StepState.LATE),
        "can_manage": manage,
        "sections": sections_for("enterprises.enterprise_detail", user, enterprise),
        "history": history_rows(enterprise, limit=20),
        "can_see_dossier": dossiers_visible_to(user).filter(pk=enterprise.dossier_id).exists(),
        **extra,
    }


@login_required
def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, VIEW)
    enterprise = get_object_or_404(staff_enterprises(request.user), pk=pk)
    return render(request, "enterprises/enterprise_detail.html", detail_context(request, enterprise))


@login_required
def step_document(request: HttpRequest, pk: int) -> HttpResponse:
    """A creation step's document, as an attachment, to those who read the enterprise."""
    require(request, VIEW)
    step = get_object_or_404(
        CreationStep.objects.filter(enterprise__in=staff_enterprises(request.user).order_by().values("pk")),
        pk=pk,
    )
    if not step.document:
        raise Http404
    try:
        handle = step.document.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    record_action("enterprises.step.document_downloaded", step.enterprise, actor=request.user, step=step.code)
    response = FileResponse(
        handle,
        content_type=sniffed_type(handle) or "application/octet-stream",
        as_attachment=True,
        filename=step.document_name or step.document.name.rsplit("/", 1)[-1],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def dossier_section(user: Any, dossier: Any) -> dict[str, Any] | None:
    """On the dossier page: the enterprise's summary for whoever reads it; "record the
    enterprise" for an agency officer reaching a financed dossier without one."""
    enterprise = queries.enterprise_of_dossier(dossier)
    if enterprise is not None:
        if not (user.has_perm(VIEW) and staff_enterprises(user).filter(pk=enterprise.pk).exists()):
            return None
        return {
            "template": "enterprises/_dossier_section.html",
            "enterprise": enterprise,
            "can_record": False,
        }
    can_record = (
        dossier.state == DossierState.FINANCED
        and user.has_perm(MANAGE)
        and dossiers_visible_to(user, roles=queries.MANAGERS).filter(pk=dossier.pk).exists()
    )
    if not can_record:
        return None
    return {"template": "enterprises/_dossier_section.html", "enterprise": None, "can_record": True}


def person_section(user: Any, person: Any) -> dict[str, Any] | None:
    """On the person page: the enterprises the person owns or owned, that the reader reaches."""
    if not user.has_perm(VIEW):
        return None
    enterprises = list(
        staff_enterprises(user).filter(Q(members__person=person)).distinct().order_by("-created_on", "-id")
    )
    if not enterprises:
        return None
    return {"template": "enterprises/_person_section.html", "enterprises": enterprises}
