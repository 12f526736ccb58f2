"""The client's address, for throttles, lock-outs and the audit trail.

Behind the reverse proxy every request comes from the proxy's address. The proxy's
`X-Forwarded-For` header is believed only when the connecting address (`REMOTE_ADDR`)
is one of `ROWAD_TRUSTED_PROXIES` (addresses or CIDR networks; empty, the default, means
no proxy: `REMOTE_ADDR` is the client). The header is then read from the right: each
proxy appends the address that connected to it, so the right-most address that is not
itself a trusted proxy is the client; anything to its left was written by the client and
is ignored (a client cannot choose its address by sending the header itself)."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def trusted_networks() -> tuple[Network, ...]:
    return _networks(tuple(getattr(settings, "ROWAD_TRUSTED_PROXIES", ()) or ()))


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    return address.ipv4_mapped or address if isinstance(address, ipaddress.IPv6Address) else address


def _trusted(address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def client_address(request: HttpRequest) -> str | None:
    """The address of the client that sent `request` (None when unknown)."""
    remote = _parse(request.META.get("REMOTE_ADDR") or "")
    if remote is None:
        return None
    networks = trusted_networks()
    if not networks or not _trusted(remote, networks):
        return str(remote)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR") or ""
    client = remote
    for item in reversed(forwarded.split(",")):
        address = _parse(item)
        if address is None:
            break  # a malformed hop: stop at the last address a trusted proxy vouched for
        client = address
        if not _trusted(address, networks):
            break
    return str(client)


def axes_client_ip(request: HttpRequest) -> str:
    """AXES_CLIENT_IP_CALLABLE: axes keys its lock-outs on the same address."""
    return client_address(request) or ""
