from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ExportKind(models.TextChoices):
    XLSX = "xlsx", _("Spreadsheet (XLSX)")
    CSV = "csv", _("CSV")
    PDF = "pdf", _("PDF report")


class ExportState(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("export", "Waiting")
    RUNNING = "running", pgettext_lazy("export", "Being written")
    DONE = "done", pgettext_lazy("export", "Ready")
    FAILED = "failed", pgettext_lazy("export", "Failed")
    CANCELLED = "cancelled", pgettext_lazy("export", "Cancelled")


class ReportSchedule(models.TextChoices):
    NONE = "", _("Not sent")
    MONTHLY = "monthly", _("Every month")
