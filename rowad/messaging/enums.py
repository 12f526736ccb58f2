from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    NO_CONSENT = "no_consent", _("Not sent: no consent")
    NO_RECIPIENT = "no_recipient", _("Not sent: no address")


# A message in one of these states is never attempted again.
FINAL_STATUSES = (MessageStatus.SENT, MessageStatus.NO_CONSENT, MessageStatus.NO_RECIPIENT)
