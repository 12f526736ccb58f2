from django.db import models
from django.utils.translation import gettext_lazy as _


class BatchStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    VALIDATING = "validating", _("Validating")
    VALIDATED = "validated", _("Checked")
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")
    UNDONE = "undone", _("Undone")


ACTIVE_STATUSES = (BatchStatus.VALIDATING, BatchStatus.QUEUED, BatchStatus.RUNNING)


class ImportMode(models.TextChoices):
    ALL_OR_NOTHING = "all-or-nothing", _("All or nothing: any bad row and nothing is written")
    VALID_ROWS = "valid-rows", _("Valid rows only: write the good rows, report the others")


class FileFormat(models.TextChoices):
    CSV = "csv", _("CSV")
    XLSX = "xlsx", _("Excel (XLSX)")
    KOBO = "kobo", _("KoboToolbox / ODK export (CSV)")


class ProblemKind(models.TextChoices):
    ERROR = "error", _("Rejected")
    REVIEW = "review", _("To review")
    WARNING = "warning", _("Kept, field left empty")


class OptionalErrors(models.TextChoices):
    """What a problem in an optional field (a phone, an email, an address…) does to its row."""

    WARN = "warn", _("Keep the person, leave that field empty and warn")
    REJECT = "reject", _("Reject the row")


def default_optional_errors(mode: str) -> str:
    """Keep and warn in valid-rows mode; reject in all-or-nothing mode, where every row must be whole."""
    return OptionalErrors.WARN if mode == ImportMode.VALID_ROWS else OptionalErrors.REJECT
