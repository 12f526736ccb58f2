"""Every write of the enterprises app (views, the API, the portal and the demo call these)."""

from .enterprises import clean_members, create_enterprise, snapshot_manager
from .observations import refresh_jobs

__all__ = ["clean_members", "create_enterprise", "refresh_jobs", "snapshot_manager"]
