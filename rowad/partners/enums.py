from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    AGENCY = "agency", _("Employment agency")
    SPONSOR = "sponsor", _("Sponsor company")
    FUNDER = "funder", _("Funder")
    TRAINING_BODY = "training_body", _("Training body")
    COOPERATIVE_OFFICE = "cooperative_office", _("Cooperative office")
    ASSOCIATION = "association", _("Association")
    ADMINISTRATION = "administration", _("Administration")


class PartyRole(models.TextChoices):
    OPERATOR = "operator", _("Operator")
    SPONSOR = "sponsor", _("Sponsor")
    FUNDER = "funder", _("Funder")
    TRAINER = "trainer", _("Trainer")
    ACCOMPANIMENT = "accompaniment", _("Accompaniment")
    OUTREACH = "outreach", _("Outreach")


class Benefit(models.TextChoices):
    INTEREST_FREE_LOAN = "interest_free_loan", _("Interest-free loan")
    BANK_LOAN = "bank_loan", _("Bank loan")
    GRANT = "grant", _("Grant")
    TAX_RELIEF = "tax_relief", _("Tax relief")
    TRAINING = "training", _("Training")
    CONTRACTING = "contracting", _("Contracting")
    ACCOMPANIMENT = "accompaniment", _("Accompaniment")


class ErrorCode(StrEnum):
    """Every error code this app raises: stable, API clients and views read them."""

    DOCUMENT_CONTENT = "document_content"
    DOCUMENT_EMPTY = "document_empty"
    DOCUMENT_SIZE = "document_size"
    DOCUMENT_TYPE = "document_type"
    OUT_OF_SCOPE = "out_of_scope"
