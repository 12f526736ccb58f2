"""REST endpoints of the messaging app (none: messages are read on the pages of what
they are about)."""

from rest_framework.routers import BaseRouter


def register(router: BaseRouter) -> None:
    """Add this app's viewsets to the project's API router."""
