"""What every figures page does first: check the reader may read figures, read the
filters through the engine (a bad filter is a translated message, never a 500)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from rowad.accounts.scope import Scope

from .. import engine
from ..engine import Filters
from ..errors import FigureError
from ..queries import figures_scope


@dataclass(frozen=True)
class Reading:
    scope: Scope
    filters: Filters
    error: FigureError | None = None


def reading(request: HttpRequest) -> Reading:
    """The reader's scope and filters. A filter the engine refuses leaves the page on the
    reader's default filters with the reason; a province outside the reader's scope is
    refused outright (403), never shown as an empty page."""
    if not request.user.has_perm("figures.read"):
        raise PermissionDenied
    scope = figures_scope(request.user)
    try:
        return Reading(scope, engine.parse_filters(request.GET, scope))
    except FigureError as error:
        if error.status_code == 403:
            raise PermissionDenied(error.message) from error
        return Reading(scope, engine.parse_filters({}, scope), error)
