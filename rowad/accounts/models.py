"""Users and memberships: a user holds a role in an organization, for some provinces."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken

from .enums import Role


class User(AbstractUser):
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=[("ar", "العربية"), ("fr", "Français"), ("en", "English")],
        default="ar",
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # Changed to end every session of the user at once, whatever the session backend
    # (database, cache, Redis): it enters the session hash Django checks on each request.
    session_stamp = models.CharField(max_length=32, blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def _get_session_auth_hash(self, secret=None):
        """Django's hash of the password, with the session stamp when one was set: a new
        stamp (deactivation) invalidates every existing session on its next request."""
        if not self.session_stamp:
            return super()._get_session_auth_hash(secret=secret)
        return salted_hmac(
            "rowad.accounts.User.session_auth_hash",
            f"{self.password}:{self.session_stamp}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class Membership(models.Model):
    """User × organization × role × provinces. No province listed means every province
    the organization serves."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        "partners.Organization",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organization"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    provinces = models.ManyToManyField(
        "core.Province", blank=True, related_name="+", verbose_name=_("provinces")
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organization}"


class ApiToken(AbstractAuthToken):
    """An API token (django-rest-knox, `KNOX_TOKEN_MODEL`): only a SHA-512 digest of the
    secret is stored; it expires after `ROWAD_API_TOKEN_HOURS`; one per device, each
    revocable alone (by its id), all revoked at a password change and at deactivation.
    `token_key` is the secret's first characters, kept by knox to find the row: shown to
    the owner as the token's prefix, never the secret."""

    id = models.BigAutoField(primary_key=True)
    digest = models.CharField(max_length=128, unique=True)
    label = models.CharField(_("device"), max_length=100, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.token_key[:8]}… ({self.user_id})"
