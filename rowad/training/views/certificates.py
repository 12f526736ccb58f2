"""Training pages: certificates."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def cohort_panel(request: HttpRequest, cohort: Any) -> dict[str, Any]:
    """Context for this area's panel on the cohort page (training/cohort/_panel_certificates.html)."""
    return {}
