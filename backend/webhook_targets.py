"""Where seller webhooks may go: public addresses only (no SSRF into the marketplace's network).

A seller's webhook URL naming loopback, link-local (cloud metadata at 169.254.169.254), private,
shared, multicast or reserved addresses is refused when the marketplace data is loaded (literal
addresses and names that resolve there) and again at delivery, where the connection's own DNS
resolver refuses them, so a name that later re-resolves inward (DNS rebinding) reaches nothing.
``CLAIMS_WEBHOOK_ALLOW_PRIVATE=1`` lifts this for development and tests only.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver
from aiohttp.resolver import DefaultResolver


def is_private_address(address: str) -> bool:
    """Whether ``address`` (an IP) lies anywhere but the public internet."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


# Names that always mean this machine or its network, whatever DNS says.
INWARD_NAMES = ("localhost", ".localhost", ".local", ".internal", ".lan", ".home.arpa")


def inward_host(url: str) -> bool:
    """Whether ``url`` names an inward host outright: an inward address or a local name. (Other
    names are resolved, and refused if inward, when a webhook is sent: loading the marketplace
    does not wait on DNS.)"""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    try:
        return is_private_address(host)
    except ValueError:
        return host == INWARD_NAMES[0] or host.endswith(INWARD_NAMES[1:])


class PublicOnlyResolver(AbstractResolver):
    """aiohttp's resolver, refusing every host that resolves to an inward address."""

    def __init__(self) -> None:
        self._resolver = DefaultResolver()

    async def resolve(self, host: str, port: int = 0, family: int = socket.AF_INET) -> Any:
        resolved = await self._resolver.resolve(host, port, family)
        for entry in resolved:
            if is_private_address(entry["host"]):
                raise OSError(f"{host} resolves to {entry['host']}, not a public address")
        return resolved

    async def close(self) -> None:
        await self._resolver.close()


def webhook_connector(allow_private: bool) -> aiohttp.TCPConnector:
    """The connector seller webhooks are sent through."""
    return aiohttp.TCPConnector(resolver=None if allow_private else PublicOnlyResolver())
