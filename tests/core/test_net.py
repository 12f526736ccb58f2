"""client_address: X-Forwarded-For is believed only from a configured trusted proxy."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, override_settings

from rowad.core import ratelimit
from rowad.core.net import axes_client_ip, client_address

pytestmark = pytest.mark.unit


def request(remote="203.0.113.9", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@override_settings(ROWAD_TRUSTED_PROXIES=[])
def test_without_trusted_proxies_the_header_is_ignored():
    assert client_address(request(forwarded="198.51.100.1")) == "203.0.113.9"


@override_settings(ROWAD_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_spoofed_header_from_an_untrusted_peer_is_ignored():
    assert client_address(request(remote="203.0.113.9", forwarded="198.51.100.1")) == "203.0.113.9"


@override_settings(ROWAD_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_a_trusted_proxy_the_forwarded_client_is_used():
    assert client_address(request(remote="10.0.0.2", forwarded="198.51.100.1")) == "198.51.100.1"


@override_settings(ROWAD_TRUSTED_PROXIES=["10.0.0.0/8", "192.168.1.1"])
def test_the_right_most_untrusted_hop_is_the_client_whatever_the_client_prepended():
    # The client sent "X-Forwarded-For: 1.2.3.4"; the proxies appended the real hops.
    forwarded = "1.2.3.4, 198.51.100.1, 192.168.1.1"
    assert client_address(request(remote="10.0.0.2", forwarded=forwarded)) == "198.51.100.1"


@override_settings(ROWAD_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_garbage_in_the_header_stops_at_the_last_vouched_address():
    assert client_address(request(remote="10.0.0.2", forwarded="<script>, 10.0.0.3")) == "10.0.0.3"
    assert client_address(request(remote="10.0.0.2", forwarded="")) == "10.0.0.2"


@override_settings(ROWAD_TRUSTED_PROXIES=["::1", "10.0.0.0/8"])
def test_ports_and_ipv6_forms_are_understood():
    assert client_address(request(remote="::1", forwarded="[2001:db8::7]:4711")) == "2001:db8::7"
    assert client_address(request(remote="10.0.0.1", forwarded="198.51.100.1:5555")) == "198.51.100.1"
    assert client_address(request(remote="::ffff:203.0.113.5")) == "203.0.113.5"


def test_an_unparsable_remote_address_is_unknown():
    assert client_address(request(remote="")) is None
    assert axes_client_ip(request(remote="")) == ""


@override_settings(ROWAD_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_ratelimit_counts_per_forwarded_client_not_per_proxy(db):
    from django.core.cache import cache

    cache.clear()
    for _ in range(3):
        assert not ratelimit.over_limit(request("10.0.0.2", "198.51.100.1"), "t", limit=3)
    assert ratelimit.over_limit(request("10.0.0.2", "198.51.100.1"), "t", limit=3)
    assert not ratelimit.over_limit(request("10.0.0.2", "198.51.100.2"), "t", limit=3)


@override_settings(ROWAD_TRUSTED_PROXIES=[])
def test_ratelimit_ignores_a_spoofed_header(db):
    from django.core.cache import cache

    cache.clear()
    for n in range(3):
        ratelimit.over_limit(request("203.0.113.9", f"198.51.100.{n}"), "s", limit=3)
    assert ratelimit.over_limit(request("203.0.113.9", "198.51.100.99"), "s", limit=3)


def test_axes_uses_the_same_address(settings):
    from axes.helpers import get_client_ip_address

    settings.ROWAD_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert get_client_ip_address(request("10.0.0.2", "198.51.100.1")) == "198.51.100.1"
    assert get_client_ip_address(request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"
