"""Holder portal: verified contacts, one-time codes and erasure requests."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import Channel, ClaimState, CodePurpose, ErasureStatus


class HolderAccount(models.Model):
    """A project holder's portal login: the phone and/or email they proved they own."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="holder_account"
    )
    country = models.CharField(_("country"), max_length=2)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone_verified_at = models.DateTimeField(null=True, blank=True)
    email_verified_at = models.DateTimeField(null=True, blank=True)
    claim_state = models.CharField(max_length=10, choices=ClaimState.choices, default=ClaimState.NONE)
    claim_attempts = models.PositiveSmallIntegerField(default=0)
    # Consent purposes ticked at sign-up, recorded on the person once their profile exists.
    consents = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("holder account")
        verbose_name_plural = _("holder accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["phone"], condition=~models.Q(phone=""), name="holder_account_phone"
            ),
            models.UniqueConstraint(
                fields=["email"], condition=~models.Q(email=""), name="holder_account_email"
            ),
        ]

    def __str__(self) -> str:
        return self.phone or self.email or f"#{self.pk}"


class OneTimeCode(models.Model):
    """A code sent to a phone or an email. Only a keyed hash of the code is stored."""

    channel = models.CharField(max_length=5, choices=Channel.choices)
    destination = models.CharField(max_length=254, db_index=True)
    purpose = models.CharField(max_length=10, choices=CodePurpose.choices)
    salt = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64)
    requested_ip = models.GenericIPAddressField(null=True, blank=True)
    # The browser session that asked for the code (a random key kept in that session):
    # wrong guesses lock the requester, never the phone (portal.otp).
    requester = models.CharField(max_length=32, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    superseded = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        indexes = [
            models.Index(fields=["requested_ip", "created_at"], name="otp_ip_created_idx"),
            models.Index(fields=["requester", "created_at"], name="otp_requester_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.purpose} #{self.pk}"


class ErasureRequest(models.Model):
    """A holder asks for their personal data to be erased; an officer executes it."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="erasure_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ErasureStatus.choices, default=ErasureStatus.PENDING
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(status="pending"), name="erasure_request_one_pending"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.get_status_display()}"
