"""The enterprises API (the API helper fills this in: enterprises, steps, obligations,
visits, sessions, declarations; OpenAPI at /api/schema/)."""

from __future__ import annotations

from rest_framework.routers import BaseRouter

from .declarations import DeclarationViewSet


def register(router: BaseRouter) -> None:
    router.register("enterprises/declarations", DeclarationViewSet, basename="enterprises-declaration")
