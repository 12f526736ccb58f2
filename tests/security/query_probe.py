"""The query parameters a view reads, found by running it: request.GET is replaced by a
QueryDict that remembers every key asked for (by the view, its forms, django-filter or
DRF's query_params, which all read request.GET)."""

from __future__ import annotations

from contextlib import contextmanager

from django.core.handlers.wsgi import WSGIRequest
from django.http import QueryDict


class RecordingQueryDict(QueryDict):
    asked: set[str] | None = None

    def _note(self, key):
        if RecordingQueryDict.asked is not None and isinstance(key, str):
            RecordingQueryDict.asked.add(key)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def _getlist(self, key, default=None, force_list=False):
        self._note(key)
        return super()._getlist(key, default, force_list)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)


def _recording_get(self):
    if "_recording_get" not in self.__dict__:
        self.__dict__["_recording_get"] = RecordingQueryDict(self.environ.get("QUERY_STRING", ""))
    return self.__dict__["_recording_get"]


@contextmanager
def recording_query_keys(monkeypatch):
    """Within the block, `asked` collects the query keys every request reads."""
    asked: set[str] = set()
    with monkeypatch.context() as patch:
        patch.setattr(WSGIRequest, "GET", property(_recording_get))
        RecordingQueryDict.asked = asked
        try:
            yield asked
        finally:
            RecordingQueryDict.asked = None
