"""The enterprises API (OpenAPI at /api/schema/), scoped by rowad.enterprises.queries:

/api/enterprises/obligations/   the legal follow-up calendar (POST <id>/complete/)
/api/enterprises/life-events/   suspended, resumed, closed, transferred (POST records one)
/api/enterprises/assignments/   mentor assignments (POST assigns)
/api/enterprises/sessions/      accompaniment sessions (POST, idempotent on client_uuid)
/api/enterprises/visits/        follow-up visits (POST, idempotent on client_uuid)
/api/enterprises/figures/       survival and jobs figures, each number with its list filters
/api/enterprises/declarations/  the holders' declarations of jobs (POST by a holder, idempotent
                                on client_uuid; POST <id>/confirm/ by an officer or the mentor)
"""

from __future__ import annotations

from rest_framework.routers import BaseRouter


def register(router: BaseRouter) -> None:
    from .accompaniment import AssignmentViewSet, SessionViewSet, VisitViewSet
    from .calendar import LifeEventViewSet, ObligationViewSet
    from .declarations import DeclarationViewSet
    from .enterprises import EnterpriseViewSet
    from .figures import FiguresViewSet
    from .steps import StepViewSet

    router.register("enterprises/enterprises", EnterpriseViewSet, basename="enterprises-enterprise")
    router.register("enterprises/steps", StepViewSet, basename="enterprises-step")
    router.register("enterprises/obligations", ObligationViewSet, basename="enterprise-obligation")
    router.register("enterprises/life-events", LifeEventViewSet, basename="enterprise-life-event")
    router.register("enterprises/assignments", AssignmentViewSet, basename="enterprises-assignment")
    router.register("enterprises/sessions", SessionViewSet, basename="enterprises-session")
    router.register("enterprises/visits", VisitViewSet, basename="enterprises-visit")
    router.register("enterprises/figures", FiguresViewSet, basename="enterprises-figures")
    router.register("enterprises/declarations", DeclarationViewSet, basename="enterprises-declaration")
