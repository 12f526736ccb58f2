"""States and kinds of the committees app (no bare status strings in code)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ANNOUNCED = "announced", _("Decisions announced")


class Decision(models.TextChoices):
    """The committee's decisions; the values are the dossier states they lead to."""

    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    DEFERRED = "deferred", _("Deferred")
    TO_REVISE = "to_revise", _("Sent back to revise")


class VoteChoice(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    ABSTAIN = "abstain", _("Abstain")
