"""Enterprises: created, contracted by the sponsor, alive 1, 2 and 3 years after their
creation (the enterprises app's own definitions of survival), and the jobs they hold."""

from django.db.models import F, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rowad.enterprises.definitions import ALIVE_NOW_Q, SURVIVAL_YEARS, alive_at_q
from rowad.enterprises.models import Enterprise
from rowad.market.models import Contract

from ..indicators import Column, Indicator, Unit, define
from .common import age_band_at, first_disbursement, lead_holder, link

ENTERPRISE_DIMENSIONS = {
    "campaign": "met_campaign",
    "phase": "dossier__met_at_stop__phase",
    "stop": "dossier__met_at_stop",
    "programme": "programme",
    "partner": "organization",
    "province": "province",
    "specialty": "specialty",
    "sex": "lead_sex",
    "age_band": "lead_age_band",
    "target_category": "dossier__holders__target_categories",
}

COLUMNS = (
    Column(_("Reference"), lambda e: e.reference),
    Column(_("Name"), lambda e: e.name_ar or e.name_latin),
    Column(_("Province"), lambda e: e.province),
    Column(_("Created on"), lambda e: e.created_on),
    Column(_("Status"), lambda e: e.get_status_display()),
)

TOTAL_JOBS = F("permanent_men") + F("permanent_women") + F("seasonal_men") + F("seasonal_women")


def _first_contract() -> Subquery:
    return Subquery(
        Contract.objects.filter(enterprise=OuterRef("pk"))
        .order_by()
        .values("enterprise")
        .annotate(first=Min("signed_on"))
        .values("first")
    )


def enterprises(date_expression=None, condition=None):
    """Enterprises annotated with `on` (the date placing them in a period: creation unless
    given), the lead holder's sex and age band at creation; `condition()` (a Q, computed
    when the figure is read: survival depends on today) narrows them."""

    def records():
        qs = Enterprise.objects.select_related("province", "programme").annotate(
            on=date_expression() if date_expression else F("created_on"),
            met_campaign=Coalesce("dossier__met_at_stop__campaign", "dossier__met_at_event__campaign"),
            lead_sex=lead_holder("dossier", "sex"),
            lead_birth=lead_holder("dossier", "birth_date"),
            jobs=TOTAL_JOBS,
        )
        qs = qs.annotate(lead_age_band=age_band_at("lead_birth", "created_on"))
        if condition is not None:
            qs = qs.filter(condition())
        return qs.filter(on__isnull=False)

    return records


def _enterprise(
    code: str,
    label,
    description,
    records,
    *,
    step=None,
    amount=None,
    unit=Unit.ENTERPRISES,
    base=None,
    since=None,
):
    define(
        Indicator(
            code=code,
            label=label,
            description=description,
            group="enterprises",
            unit=unit,
            records=records,
            date="on",
            province="province",
            country="country",
            dimensions=ENTERPRISE_DIMENSIONS,
            step=step,
            base=base,
            since=since,
            amount=amount,
            link=link("enterprises:detail"),
            columns=COLUMNS,
        )
    )


_enterprise(
    "enterprises_created",
    _("Enterprises created"),
    _("Enterprises created from a financed dossier, on their creation date."),
    enterprises(),
    step=8,
    since=("financed", lambda: first_disbursement("dossier")),
)
_enterprise(
    "contracted",
    _("Contracted by the sponsor"),
    _("Enterprises with at least one contract from a sponsor, on the day of the first one."),
    enterprises(_first_contract),
    step=9,
    since=("enterprises_created", lambda: F("created_on")),
)
ALIVE_LABELS = {1: _("Alive after 1 year"), 2: _("Alive after 2 years"), 3: _("Alive after 3 years")}
for years in SURVIVAL_YEARS:
    _enterprise(
        f"alive_{years}y",
        ALIVE_LABELS[years],
        _(
            "Enterprises not closed by the anniversary of their creation (a transfer is not a "
            "closure), among those created long enough ago."
        ),
        enterprises(condition=lambda years=years: alive_at_q(years, timezone.localdate())),
        step=9 + years,
        base="enterprises_created",
    )
_enterprise(
    "jobs",
    _("Jobs in operating enterprises"),
    _("Permanent and seasonal jobs, as last observed, in the enterprises operating today."),
    enterprises(condition=lambda: ALIVE_NOW_Q),
    amount="jobs",
    unit=Unit.JOBS,
)
