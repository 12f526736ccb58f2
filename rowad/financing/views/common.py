"""What every financing page does the same way."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

VIEW, MANAGE, DECIDE = "financing.view_financing", "financing.manage_financing", "financing.decide_financing"


def require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied
