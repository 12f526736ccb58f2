"""The figures API (DRF + OpenAPI): the same engine as the pages, for partners' systems.
Aggregates only: the records behind a number are reached through the pages
(`records_url`), never through the API."""

from rest_framework.routers import BaseRouter


def register(router: BaseRouter) -> None:
    from .views import FunnelViewSet, IndicatorsViewSet, ValuesViewSet

    router.register("figures/indicators", IndicatorsViewSet, basename="figures-indicators")
    router.register("figures/values", ValuesViewSet, basename="figures-values")
    router.register("figures/funnel", FunnelViewSet, basename="figures-funnel")
