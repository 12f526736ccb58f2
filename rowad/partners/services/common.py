"""Shared pieces of the partners services: field lists, the domain error, version and
scope helpers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _

from rowad.core.concurrency import acting_user, check_version
from rowad.core.errors import DomainError

from ..enums import ErrorCode
from ..models import Organization

ORGANIZATION_FIELDS = (
    "kind",
    "country",
    "acronym",
    "name_ar",
    "name_fr",
    "name_en",
    "parent",
    "address",
    "phone",
    "email",
    "website",
    "is_active",
)
AGREEMENT_FIELDS = ("title", "reference", "signed_on", "starts_on", "ends_on", "summary")
PROGRAMME_FIELDS = (
    "code",
    "name_ar",
    "name_fr",
    "name_en",
    "operator",
    "description",
    "starts_on",
    "ends_on",
    "min_age",
    "max_age",
    "min_education",
    "requires_unemployed",
    "excludes_prior_aid",
    "requires_sponsor_signoff",
    "benefits",
    "min_members",
    "max_members",
    "is_active",
)
PROGRAMME_RELATIONS = (
    "agreements",
    "sponsors",
    "provinces",
    "target_categories",
    "specialties",
    "required_documents",
)
NAME_FIELDS = ("name_ar", "name_fr", "name_en")
MIN_AGE, MAX_AGE = 14, 99


class PartnerError(DomainError):
    pass


@dataclass(frozen=True)
class PartyData:
    organization: Organization
    role: str
    commitments: str = ""


_history_user = acting_user


def _set_quietly(instance: Model, name: str, values: Iterable[Any]) -> None:
    """Set an m2m without django-simple-history's per-signal rows; the caller's save()
    then records one history row holding every change of the edit."""
    instance.skip_history_when_saving = True
    try:
        getattr(instance, name).set(values)
    finally:
        del instance.skip_history_when_saving


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _check_version(locked: Model, version: int | str | None, message: str) -> None:
    check_version(locked.version, version, message)


def _dates_ordered(data: dict[str, Any], errors: dict[str, list[str]]) -> None:
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if starts and ends and ends < starts:
        _add(errors, "ends_on", _("The end date must be on or after the start date."))


def _merged(data: dict[str, Any], instance: Model | None, fields: Iterable[str]) -> dict[str, Any]:
    current = {f: getattr(instance, f) for f in fields} if instance else {}
    current.update(data)
    return current


def _out_of_scope(message: str) -> PartnerError:
    return PartnerError(message, code=ErrorCode.OUT_OF_SCOPE, status_code=403)
