"""What the figures app keeps: exports written in the background, and reports saved by
an organization (filters and indicators, never numbers: a report is computed when read)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rowad.core.storage import PrivateStorage

from .enums import ExportKind, ExportState, ReportSchedule


def _export_path(job: ExportJob, filename: str) -> str:
    return f"figures/exports/{job.requested_by_id}/{uuid.uuid4().hex}-{filename}"


class ExportJob(models.Model):
    """A large export (the records behind a number, a whole report) written by a task:
    the reader watches its progress and downloads the file when it is done."""

    kind = models.CharField(_("kind"), max_length=10, choices=ExportKind.choices)
    # The indicator whose records are exported ("" for a summary of every indicator).
    indicator = models.CharField(_("indicator"), max_length=60, blank=True)
    # The engine's filters, as their query string (Filters.query()).
    query = models.CharField(_("filters"), max_length=2000, blank=True)
    language = models.CharField(_("language"), max_length=5, default="ar")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="figure_exports"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ExportState.choices, default=ExportState.QUEUED
    )
    total = models.PositiveIntegerField(_("rows to write"), default=0)
    done = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(
        _("file"), upload_to=_export_path, storage=PrivateStorage(), max_length=300, blank=True
    )
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-id"]


class SavedReport(models.Model):
    """Filters and indicators an organization keeps to read again (and to receive each
    month): shared with every member of the organization who may read figures."""

    organization = models.ForeignKey(
        "partners.Organization",
        on_delete=models.CASCADE,
        related_name="saved_reports",
        verbose_name=_("organization"),
    )
    name = models.CharField(_("name"), max_length=200)
    # Indicator codes, in the order shown; a code no longer defined is skipped with a note.
    indicators = models.JSONField(_("indicators"), default=list)
    query = models.CharField(_("filters"), max_length=2000, blank=True)
    breakdown = models.CharField(_("breakdown"), max_length=30, blank=True)
    schedule = models.CharField(
        _("sent by email"),
        max_length=10,
        choices=ReportSchedule.choices,
        default=ReportSchedule.NONE,
        blank=True,
    )
    subscribers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="figure_report_subscriptions",
        verbose_name=_("sent to"),
    )
    last_sent_on = models.DateField(_("last sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("saved report")
        verbose_name_plural = _("saved reports")
        ordering = ["organization_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="saved_report_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


# -- Figures served from cells (cells.py) ---------------------------------------------------


class TableVersion(models.Model):
    """A change counter per table the indicators read: database triggers (figures
    migration 0002) add one on every INSERT, UPDATE, DELETE (and TRUNCATE on PostgreSQL),
    in the writer's own transaction."""

    table = models.CharField(primary_key=True, max_length=100)
    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.table}@{self.version}"


class FigureSnapshot(models.Model):
    """When an indicator's cells were computed: the counters of its tables at that moment
    (the cells are read only while they are unchanged) and the day (figures that depend
    on today — survival, arrears — are never read from an earlier day's cells)."""

    indicator = models.CharField(primary_key=True, max_length=60)
    versions = models.JSONField(default=dict)
    as_of = models.DateField()
    computed_at = models.DateTimeField()
    seconds = models.FloatField(default=0)

    def __str__(self) -> str:
        return f"{self.indicator} {self.as_of}"


class FigureCell(models.Model):
    """One indicator's records aggregated per day (of its date) and province (of its
    scope), computed from the engine's own querysets (cells.refresh)."""

    indicator = models.CharField(max_length=60)
    country = models.CharField(max_length=2)
    day = models.DateField(null=True)
    province = models.BigIntegerField(null=True)
    count = models.BigIntegerField()
    amount = models.DecimalField(max_digits=20, decimal_places=2, null=True)

    class Meta:
        indexes = [
            models.Index(fields=["indicator", "country", "province", "day"], name="figure_cell_idx"),
        ]


class FigureDelay(models.Model):
    """How many of an indicator's records took `days` from the step before (`since`),
    per day and province: the median of the funnel, read from these counts."""

    indicator = models.CharField(max_length=60)
    country = models.CharField(max_length=2)
    day = models.DateField(null=True)
    province = models.BigIntegerField(null=True)
    days = models.IntegerField()
    count = models.BigIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["indicator", "country", "province", "day"], name="figure_delay_idx"),
        ]
