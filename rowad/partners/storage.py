"""Private file storage: files under PRIVATE_MEDIA_ROOT (var/private by default), outside
the web root and never given a public URL. Views serve them after a permission check."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="rowad.partners.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """Reads PRIVATE_MEDIA_ROOT at use time (tests point it at a temporary folder)."""

    def __init__(self) -> None:
        super().__init__(base_url=None)

    @property
    def base_location(self) -> str:  # type: ignore[override]
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:  # type: ignore[override]
        return os.path.abspath(self.base_location)

    def url(self, name):  # pragma: no cover - guarded
        raise ValueError("Private files have no public URL; serve them through a view.")


private_storage = PrivateStorage()
