"""Kinds and states of the outreach app."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class StopStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CURRENT = "current", _("Current")
    VISITED = "visited", _("Visited")
    CANCELLED = "cancelled", _("Cancelled")


class EventKind(models.TextChoices):
    AWARENESS_MEETING = "awareness_meeting", _("Awareness meeting")
    OPEN_DAY = "open_day", _("Open day")
    INFORMATION_SESSION = "information_session", _("Information session")


class AgendaKind(models.TextChoices):
    PRESENTATION = "presentation", _("Presentation")
    TESTIMONY = "testimony", _("Testimony")
    DISCUSSION = "discussion", _("Discussion")
    PITCHES = "pitches", _("Pitched ideas")


class Channel(models.TextChoices):
    FIELD = "field", _("Field agent")
    SELF = "self", _("Self-registration")
    DEVICE = "device", _("Device (API)")


class LegalForm(models.TextChoices):
    SOLE_PROPRIETORSHIP = "sole_proprietorship", _("Sole proprietorship")
    COOPERATIVE = "cooperative", _("Cooperative")
    COMPANY = "company", _("Company")
    UNDECIDED = "undecided", _("Not decided yet")


class IdeaOutcome(models.TextChoices):
    PENDING = "pending", _("Not yet discussed")
    DEEPEN = "deepen", _("To deepen before presenting")
    READY = "ready", _("Ready for a dossier")
    REFERRED_COOPERATIVE = "referred_cooperative", _("Referred to the cooperative office")
    REFERRED_OTHER = "referred_other", _("Referred to another partner")
    NOT_RETAINED = "not_retained", _("Not retained")


# Age bands of the figures: (code, lowest age, highest age or None).
AGE_BANDS = (
    ("<18", 0, 17),
    ("18-24", 18, 24),
    ("25-29", 25, 29),
    ("30-34", 30, 34),
    ("35-39", 35, 39),
    ("40+", 40, None),
)


def age_band(age: int | None) -> str:
    if age is None:
        return ""
    for code, low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return code
    return ""


class ErrorCode(StrEnum):
    """Every error code this app raises: stable, API clients and views read them."""

    CAPTURED_IN_FUTURE = "captured_in_future"
    CODE_TAKEN = "code_taken"
    CONSENT_REQUIRED = "consent_required"
    COUNTRY_HAS_STOPS = "country_has_stops"
    DATES_REVERSED = "dates_reversed"
    DAY_OUTSIDE_PLACE = "day_outside_place"
    OUT_OF_SCOPE = "out_of_scope"
    PHASE_NUMBER_TAKEN = "phase_number_taken"
    PHASE_OUTSIDE_CAMPAIGN = "phase_outside_campaign"
    PLACE_CANCELLED = "place_cancelled"
    PROVINCE_HAS_STOP = "province_has_stop"
    PROVINCE_NOT_PLANNED = "province_not_planned"
    REGISTRATION_CLOSED = "registration_closed"
    STOP_HAS_RECORDS = "stop_has_records"
    STOP_OUTSIDE_PHASE = "stop_outside_phase"
    STOPS_OVERLAP = "stops_overlap"
    TALLY_NEEDS_CONFIRMATION = "tally_needs_confirmation"
    TALLY_NEGATIVE = "tally_negative"
    TALLY_ZERO = "tally_zero"
    UNKNOWN_OUTCOME = "unknown_outcome"
    UUID_REUSED = "uuid_reused"
