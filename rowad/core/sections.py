"""Sections a higher app adds to a lower app's page.

A page of a lower app (the dossier page, the person page) may show what a higher app
knows about its object (training status, for instance) without importing that app: the
higher app hands a provider over in its `AppConfig.ready` with `provide_section`, and the
page asks `sections_for` when it renders. A provider takes the reader and the object and
returns the section (a dict with the `template` to include and its context) or None when
it has nothing for this reader; it does its own scoping with the reader given.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Provider = Callable[[Any, Any], dict[str, Any] | None]

# Page name (e.g. "dossiers.dossier_detail") → providers, in the order they were handed.
_providers: dict[str, list[Provider]] = {}


def provide_section(page: str, provider: Provider) -> None:
    """Register `provider` for `page` (once: AppConfig.ready may run twice in tests)."""
    providers = _providers.setdefault(page, [])
    if provider not in providers:
        providers.append(provider)


def sections_for(page: str, user: Any, obj: Any) -> list[dict[str, Any]]:
    """The sections of `page` about `obj` that `user` may read (each has a `template`)."""
    sections = []
    for provider in _providers.get(page, ()):
        section = provider(user, obj)
        if section:
            sections.append(section)
    return sections
