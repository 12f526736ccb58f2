from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class BatchStatus(models.TextChoices):
    READING = "reading", _("Reading the file")
    UPLOADED = "uploaded", _("Uploaded")
    VALIDATING = "validating", _("Validating")
    VALIDATED = "validated", _("Checked")
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")
    UNDONE = "undone", _("Undone")


ACTIVE_STATUSES = (BatchStatus.READING, BatchStatus.VALIDATING, BatchStatus.QUEUED, BatchStatus.RUNNING)


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


class ErrorCode(StrEnum):
    """Every error code this app raises: stable, API clients and views read them."""

    ALREADY_STARTED = "already_started"
    BAD_ENCODING = "bad_encoding"
    BAD_XLSX = "bad_xlsx"
    BINARY = "binary"
    EMPTY = "empty"
    IN_USE = "in_use"
    NO_HEADER = "no_header"
    NO_MAPPING = "no_mapping"
    NOT_CSV = "not_csv"
    NOT_DONE = "not_done"
    NOT_REVIEW = "not_review"
    NOT_RUNNING = "not_running"
    NOTHING_CHOSEN = "nothing_chosen"
    PROVINCE_SCOPE = "province_scope"
    SAME_FILE_RUNNING = "same_file_running"
    TOO_LARGE = "too_large"
    TOO_MANY_COLUMNS = "too_many_columns"
    TOO_MANY_ROWS = "too_many_rows"
    UNKNOWN_COLUMN = "unknown_column"
    UNREADABLE = "unreadable"
