"""Which endpoints a webhook may reach: public addresses over https only (no SSRF).

An endpoint URL is checked when it is subscribed and again at every send: the host is resolved
and every address it resolves to must be public; the send then connects to the address that
was checked (sending.py), so a name that resolves differently a moment later (DNS rebinding)
cannot point the request inside the platform's network. Tests and local development allow
http to a loopback address (setting WEBHOOKS_ALLOW_LOOPBACK), nothing else.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext_lazy as _

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class RefusedEndpoint(ValueError):
    """The URL may not be called; the message is translated and names no address."""


@dataclass(frozen=True)
class Endpoint:
    """A checked URL: where to connect (`address`, `port`) and what to name (`host`, `path`)."""

    scheme: str
    host: str
    port: int
    path: str
    address: str

    @property
    def host_header(self) -> str:
        default = 443 if self.scheme == "https" else 80
        name = f"[{self.host}]" if ":" in self.host else self.host
        return name if self.port == default else f"{name}:{self.port}"


def refusal(address: IPAddress, *, allow_loopback: bool) -> str | None:
    """Why `address` may not be reached, or None for a public one."""
    if isinstance(address, ipaddress.IPv6Address) and (
        address.ipv4_mapped is not None or address.sixtofour is not None or address.teredo is not None
    ):
        return "mapped"
    if address.is_loopback:
        return None if allow_loopback else "loopback"
    for kind in ("unspecified", "link_local", "multicast", "private", "reserved", "site_local"):
        if getattr(address, f"is_{kind}", False):
            return kind
    if not address.is_global:
        return "not_global"
    return None


def resolve(host: str, port: int) -> list[IPAddress]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise RefusedEndpoint(_("The endpoint's host name could not be resolved.")) from error
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def check_endpoint(url: str) -> Endpoint:
    """The endpoint of `url`, resolved and checked; raises RefusedEndpoint."""
    allow_loopback = bool(getattr(settings, "WEBHOOKS_ALLOW_LOOPBACK", False))
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise RefusedEndpoint(_("This is not a valid URL.")) from error
    host = parts.hostname or ""
    if parts.scheme not in ("https", "http") or not host:
        raise RefusedEndpoint(_("The endpoint must be an https URL."))
    if parts.username or parts.password or parts.fragment:
        raise RefusedEndpoint(_("The endpoint URL may not contain credentials or a fragment."))
    port = port or (443 if parts.scheme == "https" else 80)
    addresses = resolve(host, port)
    if not addresses:
        raise RefusedEndpoint(_("The endpoint's host name could not be resolved."))
    for address in addresses:
        if refusal(address, allow_loopback=allow_loopback) is not None:
            raise RefusedEndpoint(_("The endpoint must be reachable at a public address."))
    if parts.scheme == "http" and not (allow_loopback and all(address.is_loopback for address in addresses)):
        raise RefusedEndpoint(_("The endpoint must be an https URL."))
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Endpoint(scheme=parts.scheme, host=host, port=port, path=path, address=str(addresses[0]))
