"""Every message sent to a person (dossier notices, idea feedback, reminders), one row
per channel, with its attempts. Login one-time codes are not here (rowad.portal.otp)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import Channel, MessageStatus


class Message(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="messages")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=80)
    # What the message is about, as "app.model:pk" (e.g. "dossiers.dossier:42"), so the
    # page of that object can list its messages without this app knowing the model.
    topic = models.CharField(_("about"), max_length=80, blank=True, db_index=True)
    recipient = models.CharField(_("recipient"), max_length=254)
    language = models.CharField(_("language"), max_length=5)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("message"))
    status = models.CharField(
        _("status"), max_length=20, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    attempts_count = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # One message per key and channel: queueing the same thing twice is a no-op.
    idempotency_key = models.CharField(max_length=160, unique=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "attempts_count"], name="message_status_idx")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.person_id} ({self.channel}, {self.status})"


class MessageAttempt(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attempts")
    at = models.DateTimeField(auto_now_add=True)
    success = models.BooleanField(default=False)
    error = models.TextField(blank=True)
    provider_id = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
