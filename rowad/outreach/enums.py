"""Kinds and states of the outreach app."""

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
