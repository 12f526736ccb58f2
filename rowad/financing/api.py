"""The financing API: plans, funder decisions, disbursements, schedules and payments, so a
bank's or a funder's system can post its decisions and payments (OpenAPI at /api/schema/)."""

from __future__ import annotations

from rest_framework.routers import BaseRouter


def register(router: BaseRouter) -> None:
    pass
