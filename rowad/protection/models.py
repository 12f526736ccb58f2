"""A person's requests about their data (access, rectification, objection, erasure) with
their legal due date and answer, and the record of each retention run."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rowad.core.models import TimeStampedModel

from .enums import RequestChannel, RequestKind, RequestStatus


class DataSubjectRequest(TimeStampedModel):
    """One request of a person; `due_on` is `received_on` plus the kind's legal delay
    (services.open_request computes it from the settings)."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="data_requests", verbose_name=_("person")
    )
    kind = models.CharField(_("request"), max_length=20, choices=RequestKind.choices)
    channel = models.CharField(_("received by"), max_length=10, choices=RequestChannel.choices)
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("answer due on"))
    details = models.TextField(_("what is asked"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("data protection request")
        verbose_name_plural = _("data protection requests")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"], name="protection_request_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class RetentionRun(models.Model):
    """One run of the retention job (or its dry run): how many people of each category
    were (or would be) anonymised, and a few of their ids."""

    ran_at = models.DateTimeField(_("ran at"), auto_now_add=True)
    as_of = models.DateField(_("as of"))
    dry_run = models.BooleanField(_("dry run"), default=False)
    counts = models.JSONField(_("people per category"), default=dict)
    samples = models.JSONField(_("sample ids"), default=dict)
    anonymised = models.PositiveIntegerField(_("anonymised"), default=0)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-ran_at", "-id"]

    def __str__(self) -> str:
        return f"{self.as_of} ({self.anonymised})"
