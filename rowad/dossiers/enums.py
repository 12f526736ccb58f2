"""States and kinds of the dossiers app (no bare status strings in code)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DossierState(models.TextChoices):
    IDEA = "idea", _("Idea")
    SUBMITTED = "submitted", _("Submitted")
    ELIGIBILITY_CHECKED = "eligibility_checked", _("Eligibility checked")
    UNDER_STUDY = "under_study", _("Under study")
    TO_REVISE = "to_revise", _("To revise")
    READY_FOR_COMMITTEE = "ready_for_committee", _("Ready for committee")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    DEFERRED = "deferred", _("Deferred")
    TO_FINANCING = "to_financing", _("To financing")
    COMPANY_CREATED = "company_created", _("Company created")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DecisionBody(models.TextChoices):
    """Who took a decision that moved a dossier out of the committee's list."""

    COMMITTEE = "committee", _("Committee session")
    DELEGATION = "delegation", _("Delegated decision")


class LegalForm(models.TextChoices):
    SOLE_PROPRIETORSHIP = "sole_proprietorship", _("Sole proprietorship")
    AUTO_ENTREPRENEUR = "auto_entrepreneur", _("Auto-entrepreneur")
    COOPERATIVE = "cooperative", _("Cooperative")
    COMPANY = "company", _("Company")


class FinancingKind(models.TextChoices):
    PERSONAL_CONTRIBUTION = "personal_contribution", _("Personal contribution")
    AGENCY_LOAN = "agency_loan", _("Interest-free agency loan")
    BANK_LOAN = "bank_loan", _("Bank loan")
    GRANT = "grant", _("Grant")
    HONOUR_LOAN = "honour_loan", _("Honour loan")


class RuleOutcome(models.TextChoices):
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")
    UNKNOWN = "unknown", _("Unknown")


class SpecificationKind(models.TextChoices):
    DIPLOMA = "diploma", _("Diploma level")
    EQUIPMENT = "equipment", _("Equipment")
    # A context: the menu's "Staff" (the staff accounts) is another word in Arabic.
    STAFF = "staff", pgettext_lazy("specification requirement", "Staff")
    CERTIFICATION = "certification", _("Certification")
    EXPERIENCE = "experience", _("Experience")
    OTHER = "other", _("Other")


class CheckStatus(models.TextChoices):
    PENDING = "pending", _("Not checked yet")
    MET = "met", _("Met")
    PARTLY_MET = "partly_met", _("Partly met")
    NOT_MET = "not_met", _("Not met")


class StudyResult(models.TextChoices):
    PENDING = "pending", _("In progress")
    FAVOURABLE = "favourable", _("Favourable")
    RESERVED = "reserved", _("Favourable with reservations")
    UNFAVOURABLE = "unfavourable", _("Unfavourable")


class SignoffStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the sponsor's sign-off")
    SIGNED = "signed", _("Signed off by the sponsor")
    REFUSED = "refused", _("Refused by the sponsor")
