"""Every write of the enterprises app (views, the API, the portal and the demo call these)."""

from .enterprises import clean_members, create_enterprise, snapshot_manager

__all__ = ["clean_members", "create_enterprise", "snapshot_manager"]
