"""Expressions the definitions share: the lead holder of a dossier, an age band at a date,
the place of an outreach record."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, CharField, DateField, IntegerField, Min, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear
from django.db.models.lookups import GreaterThan, IsNull, LessThanOrEqual
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rowad.outreach.enums import AGE_BANDS

from ..indicators import Column


def lead_holder(dossier_path: str, field: str) -> Subquery:
    """A field of the lead holder's person of the dossier at `dossier_path` ("pk" for
    the dossier itself). Sex and age are the lead holder's for every record that comes
    from a dossier: one definition, whichever stage is counted."""
    from rowad.dossiers.models import DossierHolder

    return Subquery(
        DossierHolder.objects.filter(dossier=OuterRef(dossier_path), is_lead=True)
        .order_by("pk")
        .values(f"person__{field}")[:1]
    )


def age_at(birth: Any, on: Any) -> Any:
    """Whole years between two date expressions, in SQL (the same on both databases): the
    difference of the years, less one when the birthday is still to come that year."""
    on_day = ExtractMonth(on) * 100 + ExtractDay(on)
    birth_day = ExtractMonth(birth) * 100 + ExtractDay(birth)
    return (
        ExtractYear(on)
        - ExtractYear(birth)
        - Case(
            When(GreaterThan(birth_day, on_day), then=Value(1)), default=Value(0), output_field=IntegerField()
        )
    )


def age_band_at(birth: Any, on: Any) -> Case:
    """The outreach age band (AGE_BANDS, the codes registrations store) of a person born
    on `birth` at the date `on`; None when the birth date is not known."""
    age = age_at(birth, on)
    whens = [
        When(LessThanOrEqual(age, Value(high)), then=Value(code))
        for code, _low, high in AGE_BANDS
        if high is not None
    ]
    last = AGE_BANDS[-1][0]
    return Case(
        When(IsNull(birth, True), then=Value(None)),
        *whens,
        default=Value(last),
        output_field=CharField(),
    )


def link(name: str, pk_attr: str = "pk") -> Any:
    def url(record: Any) -> str:
        pk = record
        for part in pk_attr.split("."):
            pk = getattr(pk, part)
        return reverse(name, args=[pk])

    return url


PLACE_PROVINCE = Coalesce("stop__province", "event__province")
PLACE_COUNTRY = Coalesce("stop__province__country", "event__province__country")

REFERENCE = Column(_("Reference"), lambda r: getattr(r, "reference", "") or r.pk)


def first_disbursement(dossier_path: str = "pk") -> Subquery:
    """The day of the first disbursement of the dossier at `dossier_path` ("financed")."""
    from rowad.financing.models import Disbursement

    return Subquery(
        Disbursement.objects.filter(line__plan__dossier=OuterRef(dossier_path))
        .order_by()
        .values("line__plan__dossier")
        .annotate(first=Min("paid_on"))
        .values("first"),
        output_field=DateField(),
    )
