"""Import batches, their problems, saved column mappings and the source keys of imported rows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rowad.core.errors import translate_stored

from .enums import BatchStatus, FileFormat, ImportMode, OptionalErrors, ProblemKind


class ImportSource(models.Model):
    """Where rows come from (a caravan's Kobo form, a partner's spreadsheet). The column
    mapping is remembered per source, and source keys are unique per source."""

    name = models.CharField(_("source"), max_length=120)
    organization = models.ForeignKey(
        "partners.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("import source")
        verbose_name_plural = _("import sources")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="import_source_unique")]

    def __str__(self) -> str:
        return self.name


class ImportBatch(models.Model):
    source = models.ForeignKey(ImportSource, on_delete=models.PROTECT, related_name="batches")
    organization = models.ForeignKey(
        "partners.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    province = models.ForeignKey(
        "core.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("default province"),
    )
    country = models.CharField(_("country"), max_length=2)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    language = models.CharField(max_length=5, default="ar")
    file_name = models.CharField(_("file"), max_length=255)
    stored_path = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(default=0)
    file_format = models.CharField(_("format"), max_length=10, choices=FileFormat.choices)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    delimiter = models.CharField(max_length=2, blank=True)
    headers = models.JSONField(default=list, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    mode = models.CharField(
        _("mode"), max_length=20, choices=ImportMode.choices, default=ImportMode.VALID_ROWS
    )
    on_optional_error = models.CharField(
        _("problems in optional fields"),
        max_length=10,
        choices=OptionalErrors.choices,
        default=OptionalErrors.WARN,
        help_text=_("A phone, an email, an address, a diploma or where the person was met."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=BatchStatus.choices, default=BatchStatus.UPLOADED
    )
    cancel_requested = models.BooleanField(default=False)
    # Asked through the API with `start`: the import starts once the file is read.
    start_when_read = models.BooleanField(default=False)
    rows_total = models.PositiveIntegerField(default=0)
    rows_read = models.PositiveIntegerField(default=0)
    rows_validated = models.PositiveIntegerField(default=0)
    rows_valid = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    rows_review = models.PositiveIntegerField(default=0)
    rows_already = models.PositiveIntegerField(default=0)
    # Rows kept with an optional field left empty (counted among the valid rows).
    rows_warned = models.PositiveIntegerField(default=0)
    rows_written = models.PositiveIntegerField(default=0)
    failure = models.TextField(blank=True)  # untranslated, with failure_params: see failure_text
    failure_params = models.JSONField(default=dict, blank=True)
    # What the reader should know about the file (only one sheet of a workbook read…):
    # [untranslated message, params] pairs.
    notes = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name}"

    @property
    def is_active(self) -> bool:
        from .enums import ACTIVE_STATUSES

        return self.status in ACTIVE_STATUSES

    @property
    def failure_text(self) -> str:
        return translate_stored(self.failure, self.failure_params)

    @property
    def note_texts(self) -> list[str]:
        return [translate_stored(message, params) for message, params in self.notes]

    @property
    def waiting_to_start(self) -> bool:
        """Queued, or asked to check and no row read yet: a percentage would say work is
        under way when the worker has not picked the batch up."""
        if self.status in (BatchStatus.QUEUED, BatchStatus.READING):
            return True
        return self.status == BatchStatus.VALIDATING and not self.rows_validated

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 0
        if self.status in (BatchStatus.VALIDATING, BatchStatus.UPLOADED):
            return min(100, 100 * self.rows_validated // self.rows_total)
        if self.status in (BatchStatus.QUEUED, BatchStatus.RUNNING):
            done = (
                self.rows_validated
                + self.rows_written
                + self.rows_rejected
                + self.rows_review
                + self.rows_already
            )
            return min(100, 100 * done // (2 * self.rows_total))
        return 100


class ImportProblem(models.Model):
    """A rejected row, a row set aside for review, or a warning on a row kept with an
    optional field left empty (kind). The message is kept untranslated with its
    parameters, and `reason` translates it for whoever reads it."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="problems")
    kind = models.CharField(max_length=10, choices=ProblemKind.choices, default=ProblemKind.ERROR)
    line = models.PositiveIntegerField(_("line"))
    column = models.CharField(_("column"), max_length=200, blank=True)
    code = models.CharField(max_length=40)
    message = models.CharField(_("reason"), max_length=500)
    params = models.JSONField(default=dict, blank=True)
    value = models.CharField(_("value"), max_length=200, blank=True)
    # A row set aside for review: its cleaned values, to compare with the registered person.
    row = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["line", "id"]

    @property
    def reason(self) -> str:
        return translate_stored(self.message, self.params)


class ImportedRecord(models.Model):
    """One imported row: its source and source key, and the person it created."""

    # No index of its own: the unique (source, key) index starts with it.
    source = models.ForeignKey(ImportSource, on_delete=models.PROTECT, related_name="records", db_index=False)
    key = models.CharField(max_length=200)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="import_records")
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="records")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "key"], name="imported_record_unique_key")]
