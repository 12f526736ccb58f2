"""The training API (serializers and viewsets): each area adds its routes in register()."""

from __future__ import annotations

from rest_framework.routers import BaseRouter


def register(router: BaseRouter) -> None:
    # attendance sync (phones) — added by the attendance work
    pass
