"""Kinds and states of the enterprises app (no bare status strings in code)."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LegalForm(models.TextChoices):
    """The legal forms the agencies accompany (the dossier's coarser legal form maps onto
    these when the enterprise is recorded)."""

    MICRO_ENTERPRISE = "micro_enterprise", _("Individual micro-enterprise")
    AUTO_ENTREPRENEUR = "auto_entrepreneur", _("Auto-entrepreneur")
    EURL = "eurl", _("Single-member limited company (EURL/SARLAU)")
    SARL = "sarl", _("Limited liability company (SARL)")
    COOPERATIVE = "cooperative", _("Cooperative")


# Forms with several owners holding shares (associates or cooperative members).
SHARED_FORMS = frozenset({LegalForm.SARL, LegalForm.COOPERATIVE})


class MemberRole(models.TextChoices):
    MANAGER = "manager", _("Manager")
    ASSOCIATE = "associate", _("Associate")
    COOPERATIVE_MEMBER = "cooperative_member", _("Cooperative member")


class EnterpriseStatus(models.TextChoices):
    """Derived from the life events (services.record_life_event keeps it in step)."""

    OPERATING = "operating", pgettext_lazy("enterprise", "Operating")
    SUSPENDED = "suspended", pgettext_lazy("enterprise", "Suspended")
    CLOSED = "closed", pgettext_lazy("enterprise", "Closed")
    TRANSFERRED = "transferred", pgettext_lazy("enterprise", "Transferred")


# An enterprise in these states still exists (survival counts it alive).
ALIVE_STATUSES = frozenset({EnterpriseStatus.OPERATING, EnterpriseStatus.SUSPENDED})


class AgeBand(models.TextChoices):
    """The manager's age when the enterprise was created (programmes target the young)."""

    UNDER_25 = "under_25", _("Under 25")
    FROM_25 = "25_29", _("25 to 29")
    FROM_30 = "30_34", _("30 to 34")
    FROM_35 = "35_39", _("35 to 39")
    FROM_40 = "40_plus", _("40 and over")
    UNKNOWN = "unknown", _("Age unknown")


def age_band(age: int | None) -> str:
    if age is None:
        return AgeBand.UNKNOWN
    for limit, band in (
        (25, AgeBand.UNDER_25),
        (30, AgeBand.FROM_25),
        (35, AgeBand.FROM_30),
        (40, AgeBand.FROM_35),
    ):
        if age < limit:
            return band
    return AgeBand.FROM_40


class LifeEventKind(models.TextChoices):
    SUSPENDED = "suspended", _("Activity suspended")
    RESUMED = "resumed", _("Activity resumed")
    CLOSED = "closed", _("Closed")
    TRANSFERRED = "transferred", _("Transferred to a new owner")


class ClosureReason(models.TextChoices):
    NO_MARKET = "no_market", _("Not enough customers or orders")
    FINANCIAL = "financial", _("Financial difficulties")
    DEBT = "debt", _("Unable to repay its loans")
    PERSONAL = "personal", _("Personal or family reasons")
    EMPLOYMENT = "employment", _("The holder took a salaried job")
    ADMINISTRATIVE = "administrative", _("Administrative or legal problems")
    OTHER = "other", _("Other reason")


class StepState(StrEnum):
    """Computed, not stored: a creation step or an obligation is done, late or to do."""

    DONE = "done"
    LATE = "late"
    DUE = "due"


class ObligationKind(models.TextChoices):
    ANNUAL_TAX_DECLARATION = "annual_tax_declaration", _("Annual tax declaration")
    SOCIAL_SECURITY = "social_security", _("Social security registration")
    SOCIAL_DECLARATION = "social_declaration", _("Annual social security declaration")
    ADVANTAGE_EXPIRY = "advantage_expiry", _("End of the agency's tax advantages")
    GENERAL_ASSEMBLY = "general_assembly", _("Ordinary general assembly")
    ACCOUNTS_FILING = "accounts_filing", _("Filing of the annual accounts")
    OTHER = "other", _("Other obligation")


class SessionPhase(models.TextChoices):
    PRE_CREATION = "pre_creation", _("Before creation")
    POST_CREATION = "post_creation", _("After creation")


class TurnoverBand(models.TextChoices):
    """Yearly turnover, in bands a holder can answer without their books (local currency)."""

    NONE = "none", _("No turnover yet")
    UNDER_500K = "under_500k", _("Under 500,000")
    UNDER_2M = "under_2m", _("500,000 to 2 million")
    UNDER_5M = "under_5m", _("2 to 5 million")
    UNDER_10M = "under_10m", _("5 to 10 million")
    OVER_10M = "over_10m", _("Over 10 million")


class Difficulty(models.TextChoices):
    ORDERS = "orders", _("Not enough orders or customers")
    CASH = "cash", _("Cash-flow shortage")
    REPAYMENT = "repayment", _("Trouble repaying the loans")
    SUPPLIES = "supplies", _("Supplies or raw materials")
    EQUIPMENT = "equipment", _("Equipment broken or missing")
    PREMISES = "premises", _("Premises")
    STAFF = "staff", _("Hiring or keeping staff")
    ADMINISTRATION = "administration", _("Administrative procedures")
    PARTNERS = "partners", _("Disagreement between partners")
    OTHER = "other", _("Other difficulty")


class Need(models.TextChoices):
    TRAINING = "training", _("Training")
    FINANCING = "financing", _("Further financing")
    MARKET = "market", _("Access to markets or orders")
    ADVICE = "advice", _("Management or accounting advice")
    ADMINISTRATION = "administration", _("Help with procedures")
    OTHER = "other", _("Other need")


class AlertKind(StrEnum):
    NO_VISIT = "no_visit"
    DIFFICULTIES = "difficulties"
    STEP_OVERDUE = "step_overdue"
    OBLIGATION_LATE = "obligation_late"


class ErrorCode(StrEnum):
    """Codes of the app's DomainErrors (API clients and tests read them)."""

    NOT_ALLOWED = "not_allowed"
    DOSSIER_NOT_FINANCED = "dossier_not_financed"
    ENTERPRISE_EXISTS = "enterprise_exists"
    INVALID_IDENTIFIER = "invalid_identifier"
    MEMBERS = "members"
    SHARES = "shares"
    TOO_FEW_MEMBERS = "too_few_members"
    FUTURE_DATE = "future_date"
    BEFORE_CREATION = "before_creation"
    MENTOR_OUTSIDE = "mentor_outside"
    NOT_A_MENTOR = "not_a_mentor"
    ALREADY_ASSIGNED = "already_assigned"
    CLOSED = "closed"
    INVALID_EVENT = "invalid_event"
    STEP_DONE = "step_done"
    ALREADY_CONFIRMED = "already_confirmed"
    INVALID = "invalid"
    STALE_EDIT = "stale_edit"
    NO_ENTERPRISE = "enterprise_missing"
