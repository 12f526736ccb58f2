"""The enterprises API (the API helper fills this in: enterprises, steps, obligations,
visits, sessions, declarations; OpenAPI at /api/schema/)."""

from __future__ import annotations

from rest_framework.routers import BaseRouter

from .figures import FiguresViewSet


def register(router: BaseRouter) -> None:
    from .calendar import LifeEventViewSet, ObligationViewSet

    router.register("enterprises/obligations", ObligationViewSet, basename="enterprise-obligation")
    router.register("enterprises/life-events", LifeEventViewSet, basename="enterprise-life-event")
    router.register("enterprises/figures", FiguresViewSet, basename="enterprises-figures")
