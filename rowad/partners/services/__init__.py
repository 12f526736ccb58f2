"""Every write to organizations, agreements and programmes: validate, check the writer's
scope, lock, refuse stale edits, save (django-simple-history records the change) and
write the audit entry in the same transaction. One module per record kind."""

from django.core.exceptions import ValidationError

from .agreements import check_parties, clean_agreement_data, create_agreement, update_agreement
from .common import (
    AGREEMENT_FIELDS,
    NAME_FIELDS,
    ORGANIZATION_FIELDS,
    PROGRAMME_FIELDS,
    PROGRAMME_RELATIONS,
    PartnerError,
    PartyData,
)
from .organizations import clean_organization_data, create_organization, update_organization
from .programmes import clean_programme_data, create_programme, update_programme

__all__ = [
    "AGREEMENT_FIELDS",
    "NAME_FIELDS",
    "ORGANIZATION_FIELDS",
    "PROGRAMME_FIELDS",
    "PROGRAMME_RELATIONS",
    "PartnerError",
    "PartyData",
    "ValidationError",
    "check_parties",
    "clean_agreement_data",
    "clean_organization_data",
    "clean_programme_data",
    "create_agreement",
    "create_organization",
    "create_programme",
    "update_agreement",
    "update_organization",
    "update_programme",
]
