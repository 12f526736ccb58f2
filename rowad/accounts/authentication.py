"""API authentication by token (django-rest-knox, model `accounts.ApiToken`).

`Authorization: Token <secret>`. A missing, malformed, revoked or expired token, or the
token of a deactivated account, answers 401 with `WWW-Authenticate: Token` (this class is
first in DEFAULT_AUTHENTICATION_CLASSES, so DRF names it in the challenge)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication
from rest_framework import exceptions

from .models import ApiToken

# The last use is written at most once a minute per token (one UPDATE, not one a request).
LAST_USED_PRECISION = timedelta(minutes=1)


class ApiTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, token: bytes):
        try:
            token.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from exc
        user, auth_token = super().authenticate_credentials(token)
        now = timezone.now()
        if auth_token.last_used_at is None or now - auth_token.last_used_at >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=auth_token.pk).update(last_used_at=now)
            auth_token.last_used_at = now
        return user, auth_token


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The token scheme in the OpenAPI document (drf-spectacular)."""

    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'Token from POST /api/auth/token/, sent as "Token <secret>". It expires '
            "(ROWAD_API_TOKEN_HOURS); revoke it with POST /api/auth/logout/.",
        }
