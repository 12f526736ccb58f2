"""The figures API (DRF + OpenAPI): the same engine as the pages, for partners' systems."""

from rest_framework.routers import DefaultRouter


def register(router: DefaultRouter) -> None:
    return None
