"""The enterprises API (the API helper fills this in: enterprises, steps, obligations,
visits, sessions, declarations; OpenAPI at /api/schema/)."""

from __future__ import annotations

from rest_framework.routers import BaseRouter

from .accompaniment import AssignmentViewSet, SessionViewSet, VisitViewSet


def register(router: BaseRouter) -> None:
    router.register("enterprises/assignments", AssignmentViewSet, basename="enterprises-assignment")
    router.register("enterprises/sessions", SessionViewSet, basename="enterprises-session")
    router.register("enterprises/visits", VisitViewSet, basename="enterprises-visit")
