"""States and kinds of the dossiers app (no bare status strings in code)."""

from enum import StrEnum

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
    FINANCED = "financed", _("Financed")
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


class ErrorCode(StrEnum):
    """Every error code this app raises: stable, API clients and views read them."""

    ALREADY_HOLDER = "already_holder"
    COMMITTEE_ONLY = "committee_only"
    DECISION_MISMATCH = "decision_mismatch"
    DUPLICATE_REQUEST = "duplicate_request"
    FINANCING_UNBALANCED = "financing_unbalanced"
    FUNDING_INCOMPLETE = "funding_incomplete"
    ENTERPRISE_MISSING = "enterprise_missing"
    HOLDERS_COUNT = "holders_count"
    INCOMPLETE_DOCUMENTS = "incomplete_documents"
    INVALID_KIND = "invalid_kind"
    INVALID_RESULT = "invalid_result"
    INVALID_TRANSITION = "invalid_transition"
    MANDATORY_NOT_MET = "mandatory_not_met"
    MISSING_DETAILS = "missing_details"
    NAME_REQUIRED = "name_required"
    NO_HOLDER = "no_holder"
    NO_ITEMS = "no_items"
    NOT_A_DECISION = "not_a_decision"
    NOT_A_SPONSOR = "not_a_sponsor"
    NOT_ALLOWED = "not_allowed"
    NOT_EDITABLE = "not_editable"
    NOT_ELIGIBLE = "not_eligible"
    NOT_SPONSOR = "not_sponsor"
    NOT_UNDER_STUDY = "not_under_study"
    NOTE_REQUIRED = "note_required"
    OPINION_REQUIRED = "opinion_required"
    OUT_OF_SCOPE = "out_of_scope"
    REASON_REQUIRED = "reason_required"
    SIGNOFF_REFUSED = "signoff_refused"
    SIGNOFF_REQUIRED = "signoff_required"
    SPECIALTY_NOT_IN_PROGRAMME = "specialty_not_in_programme"
    SPECIFICATION_EXISTS = "specification_exists"
    STALE_EDIT = "stale_edit"
    STUDY_CHECKS_PENDING = "study_checks_pending"
    STUDY_INCOMPLETE = "study_incomplete"
    STUDY_UNFAVOURABLE = "study_unfavourable"
    UNKNOWN_STATE = "unknown_state"
