"""A per-client-address counter for public pages (verification pages): at most `limit`
hits per `window` seconds, counted in the cache. The address is `core.net.client_address`
(the forwarded one behind a trusted proxy)."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest

from .net import client_address


def over_limit(request: HttpRequest, bucket: str, *, limit: int, window: int = 60) -> bool:
    """Count this request in `bucket` for its client address; True past the limit."""
    key = f"{bucket}:{client_address(request) or ''}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit
