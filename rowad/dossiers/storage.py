"""Private file storage: dossier documents live under PRIVATE_MEDIA_ROOT (var/private),
outside MEDIA_ROOT and the web root, and are only served by permission-checked views."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Reads the setting on every access, so tests (and deployments) can move it."""

    def __init__(self) -> None:
        super().__init__(base_url=None)

    @property
    def base_location(self):  # type: ignore[override]
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):  # type: ignore[override]
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):  # type: ignore[override]
        return None

    def url(self, name):  # never a public URL
        raise ValueError("Private files have no public URL; use the dossier document view.")


private_storage = PrivateStorage()
