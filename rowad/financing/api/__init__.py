"""The financing API: plans, funder decisions, disbursements, schedules and payments, so a
bank's or a funder's system can post its decisions and payments (OpenAPI at /api/schema/).

Read-only collections (scoped by rowad.financing.queries):
  /api/financing/plans/          plans with the lines the reader may see
  /api/financing/lines/          lines with their decisions
  /api/financing/schedules/      schedules with their instalments
  /api/financing/disbursements/  tranches
  /api/financing/payments/       payments with their allocations
Writes (agency officers; a funder's officer on their own organization's lines):
  POST /api/financing/lines/<id>/decisions/      a funder's decision
  POST /api/financing/lines/<id>/disbursements/  a tranche (JSON or multipart with `invoice`)
  POST /api/financing/schedules/<id>/payments/   a payment

Amounts are strings of decimals beside a `currency` field; see api/fields.py."""

from __future__ import annotations

from rest_framework.routers import BaseRouter

from .views import DisbursementViewSet, LineViewSet, PaymentViewSet, PlanViewSet, ScheduleViewSet


def register(router: BaseRouter) -> None:
    router.register("financing/plans", PlanViewSet, basename="financing-plan")
    router.register("financing/lines", LineViewSet, basename="financing-line")
    router.register("financing/schedules", ScheduleViewSet, basename="financing-schedule")
    router.register("financing/disbursements", DisbursementViewSet, basename="financing-disbursement")
    router.register("financing/payments", PaymentViewSet, basename="financing-payment")
