"""Agreement documents use the shared private storage (rowad.core.storage). This class
keeps the import path the partners migrations recorded."""

from __future__ import annotations

from django.utils.deconstruct import deconstructible

from rowad.core.storage import PrivateStorage as CorePrivateStorage


@deconstructible(path="rowad.partners.storage.PrivateStorage")
class PrivateStorage(CorePrivateStorage):
    pass


private_storage = PrivateStorage()
