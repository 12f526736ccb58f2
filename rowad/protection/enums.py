"""Kinds and states of data protection: retention categories and people's requests."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RetentionCategory(models.TextChoices):
    """What a person's records ended as; each has its retention period
    (`ROWAD_RETENTION_<CATEGORY>_DAYS`, settings.ROWAD_RETENTION_DAYS)."""

    REGISTRATION = "registration", _("Registration never followed by a dossier")
    REJECTED_DOSSIER = "rejected_dossier", _("Dossier rejected, withdrawn or closed without an enterprise")
    CLOSED_ENTERPRISE = "closed_enterprise", _("Enterprise closed or transferred")
    INACTIVE = "inactive", _("Registry entry with no registration, dossier or course")


class RequestKind(models.TextChoices):
    """What a person asks of the agency (laws 18-07 and 09-08); each has its legal
    delay (`ROWAD_SUBJECT_REQUEST_<KIND>_DAYS`, settings.ROWAD_SUBJECT_REQUEST_DAYS)."""

    ACCESS = "access", _("Access to my data")
    RECTIFICATION = "rectification", _("Rectification")
    OBJECTION = "objection", _("Objection to a processing")
    ERASURE = "erasure", _("Erasure")


class RequestChannel(models.TextChoices):
    PORTAL = "portal", _("Portal")
    DESK = "desk", _("At the desk")
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")


class RequestStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("data request", "Open")
    ANSWERED = "answered", pgettext_lazy("data request", "Answered")
    CLOSED = "closed", pgettext_lazy("data request", "Closed")


class ProtectionErrorCode(models.TextChoices):
    STATE = "state", _("wrong state")
    EMPTY_ANSWER = "empty_answer", _("empty answer")
    ERASED = "erased", _("person erased")
