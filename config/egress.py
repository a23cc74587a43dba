"""The one way out: every HTTP request the system sends to an address a user gave (alarm webhooks)
or an operator configured (the SMS gateway) goes through ``post``, and forms check such an address
with ``check_url`` when it is saved.

The rule (README, "The alarm chain: delivery", "The egress guard"):

- https only (``EGRESS_ALLOW_HTTP`` allows http, for development and tests);
- no user name or password in the address, no IP address (in any spelling: dotted, integer, octal,
  hex, bracketed IPv6), no ``localhost``, no single-label or trailing-dot name; any port;
- the name is resolved once, and refused if any of its addresses is not a public one (loopback,
  private, link-local, shared, multicast, reserved, unspecified, documentation, …, and IPv4
  addresses embedded in IPv6: mapped, compatible, 6to4, NAT64, Teredo);
- ``allowed_hosts`` (``WEBHOOK_ALLOWED_HOSTS`` for webhooks): when given, only those names
  (``*.example.com`` matches any name below example.com);
- at send time the connection goes to the address just checked (no second resolution: a name that
  changes its answer between the check and the connection reaches nothing), with TLS verified
  against the name, no redirect followed (a 3xx is returned as it is), one deadline for the whole
  exchange (``EGRESS_TIMEOUT_SECONDS``) and at most ``EGRESS_MAX_RESPONSE_BYTES`` of the answer read.

``EGRESS_ALLOW_INTERNAL_HOSTS`` lists names or addresses exempt from the address check: a receiver
on the developer's machine, the reliability tests' local sink. It is for development and tests
only. What a user may see of a failure is ``FAILED_MESSAGE``; the details (status, exception,
address) go to this module's log. This module names no app of the project.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import logging
import re
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import urllib3
import urllib3.connection
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECONDS = 10.0
DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024
MAX_ADDRESSES_TRIED = 3  # a name with several addresses: the next is tried only when connecting fails

#: What a user is told, whatever went wrong on the way to a receiver (the log says what).
FAILED_MESSAGE = _("The receiver did not answer.")

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_NUMERIC_LABEL = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$")
_UNSAFE_CHARACTERS = re.compile(r"[\x00-\x20\x7f\\]")
_INTERNAL_SUFFIXES = (".localhost", ".local", ".localdomain", ".internal", ".home.arpa", ".arpa")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # the well-known prefix: a public IPv4 address behind it
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
# Refused although ``ipaddress`` may call parts of them global: IETF protocol assignments (anycast
# services such as PCP and TURN), local-use NAT64 (it may translate to anything inside).
_ALSO_REFUSED = (ipaddress.ip_network("192.0.0.0/24"), ipaddress.ip_network("64:ff9b:1::/48"))
# What a connection, TLS or a garbled answer can raise (ssl.CertificateError is a ValueError).
_NETWORK_ERRORS = (OSError, ssl.SSLError, ValueError, http.client.HTTPException, urllib3.exceptions.HTTPError)


class EgressRefused(ValidationError):
    """The guard refuses the address: trying again will not help. ``message`` is for the user (a
    form shows it as it is), ``detail`` only for the log."""

    def __init__(self, message, *, code: str, detail: str = ""):
        super().__init__(message, code=code)
        self.detail = detail or code


class EgressFailed(Exception):
    """The request could not be completed (no answer, a refused connection, a timeout, a TLS or
    protocol error, a name that could not be resolved at send time): worth another try. The text is
    for the log only."""


@dataclass
class CheckedURL:
    """A URL that passed the guard, and the addresses it may be sent to (resolved once)."""

    scheme: str
    host: str  # lower case, IDNA-encoded; an IP address only for an exempt host
    port: int
    path: str  # path and query, as sent in the request line
    addresses: list[str] = field(default_factory=list)
    is_ip: bool = False

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"

    @property
    def masked(self) -> str:
        return mask_url(f"{self.scheme}://{self.host_header}{self.path}")


# --- Settings -----------------------------------------------------------------------------------


def _setting_list(name: str) -> list[str]:
    value = getattr(settings, name, ()) or ()
    if isinstance(value, str):
        value = value.split(",")
    return [v.strip().lower().rstrip(".") for v in value if v and v.strip()]


def _allow_http() -> bool:
    return bool(getattr(settings, "EGRESS_ALLOW_HTTP", False))


def _exempt(host: str, addresses=()) -> bool:
    """Development and tests only: the host (by name or address) is exempt from the address check."""
    exempt = {e.strip("[]") for e in _setting_list("EGRESS_ALLOW_INTERNAL_HOSTS")}
    return bool(exempt) and (host in exempt or any(a in exempt for a in addresses))


def _host_allowed(host: str, allowed_hosts) -> bool:
    for entry in allowed_hosts:
        entry = entry.strip().lower().rstrip(".")
        if entry.startswith("*.") and host.endswith(entry[1:]) and len(host) > len(entry) - 1:
            return True
        if host == entry:
            return True
    return False


# --- Addresses ----------------------------------------------------------------------------------


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address carries: mapped, compatible, 6to4, NAT64, Teredo."""
    found = []
    if ip.ipv4_mapped is not None:
        found.append(ip.ipv4_mapped)
    if ip in _IPV4_COMPATIBLE:
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    if ip.sixtofour is not None:
        found.append(ip.sixtofour)
    if ip.teredo is not None:
        found.extend(ip.teredo)
    if ip in _NAT64:
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return found


def is_public_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether a request may be sent to ``ip``: a global unicast address, and so is every IPv4
    address it carries."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id:
            return False
        if ip in _NAT64:  # reserved as a block, and as public as the IPv4 address it carries
            return is_public_address(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    if any(ip in network for network in _ALSO_REFUSED):
        return False
    if (
        not ip.is_global
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or (isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local)
    ):
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        return all(is_public_address(v4) for v4 in _embedded_ipv4(ip))
    return True


def _literal_address(host: str):
    """The address a host written as an IP address means, in any spelling a resolver accepts
    (``127.0.0.1``, ``2130706433``, ``0x7f.1``, ``0177.0.0.1``, ``::ffff:127.0.0.1``); None for a
    name. A host whose last label is a number is never a name (no top-level domain is numeric)."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    labels = host.rstrip(".").split(".")
    if labels and _NUMERIC_LABEL.match(labels[-1]):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host.rstrip(".")))
        except (OSError, ValueError):
            return ipaddress.IPv4Address(0)  # a number that is no valid address: refused as one
    return None


# --- The check ----------------------------------------------------------------------------------


def _invalid(detail: str) -> EgressRefused:
    return EgressRefused(_("Enter a valid https URL."), code="invalid", detail=detail)


def _internal(detail: str) -> EgressRefused:
    return EgressRefused(
        _("The address leads to an internal or private network. Alarms are only sent to public receivers."),
        code="internal",
        detail=detail,
    )


def _parse(url: str) -> CheckedURL:
    if not isinstance(url, str) or not url or len(url) > 2000:
        raise _invalid("empty or too long")
    if _UNSAFE_CHARACTERS.search(url):
        raise _invalid("whitespace, control character or backslash")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise _invalid(f"unparsable: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.netloc:
        raise _invalid(f"scheme {scheme!r}")
    if scheme == "http" and not _allow_http():
        raise EgressRefused(_("Use an address that starts with https://."), code="scheme", detail="http")
    if "@" in parts.netloc:
        raise EgressRefused(
            _("The address must not contain a user name or password."), code="credentials", detail="userinfo"
        )
    host = (parts.hostname or "").lower()
    if not host or "%" in host or port == 0:
        raise _invalid("no host, a zone index or port 0")
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise _invalid("host is no valid international name") from exc
    if not parts.path.isascii() or not parts.query.isascii():
        raise _invalid("non-ASCII path or query")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    port = port or (443 if scheme == "https" else 80)
    return CheckedURL(scheme=scheme, host=host, port=port, path=path)


def check_url(url: str, *, allowed_hosts=(), resolve: bool = True) -> CheckedURL:
    """Check ``url`` against the guard; raise ``EgressRefused`` (a ``ValidationError`` whose
    message a form shows) if it may not be used. Returns the URL with the addresses it resolved to
    (the only ones ``post`` connects to). ``resolve=False`` checks everything but the addresses."""
    target = _parse(url)
    host = target.host
    literal = _literal_address(host)
    if literal is not None:
        if _exempt(host, [str(literal)]):
            target.is_ip, target.addresses = True, [str(literal)]
            return target
        if not is_public_address(literal):
            raise _internal(f"literal address {literal}")
        raise EgressRefused(
            _("Use the receiver's host name, not an IP address."),
            code="ip_literal",
            detail=f"literal {literal}",
        )
    if host.endswith("."):
        raise EgressRefused(
            _("Write the host name without a dot at the end."), code="trailing_dot", detail=host
        )
    if (host == "localhost" or host.endswith(_INTERNAL_SUFFIXES)) and not _exempt(host):
        raise _internal(f"internal name {host}")
    labels = host.split(".")
    if len(host) > 253 or not all(_LABEL.match(label) for label in labels):
        raise _invalid(f"host {host!r}")
    if len(labels) < 2 and not _exempt(host):
        raise EgressRefused(
            _("Give the receiver's full host name, e.g. hooks.slack.com."), code="single_label", detail=host
        )
    if allowed_hosts and not _host_allowed(host, allowed_hosts):
        raise EgressRefused(
            _("Alarms may only be sent to these hosts: %(hosts)s.") % {"hosts": ", ".join(allowed_hosts)},
            code="not_allowed",
            detail=f"{host} is not in the allow-list",
        )
    if resolve:
        target.addresses = _resolve(host, target.port)
        if not _exempt(host, target.addresses):
            bad = [a for a in target.addresses if not is_public_address(ipaddress.ip_address(a))]
            if bad:
                raise _internal(f"{host} resolves to {', '.join(bad)}")
    return target


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as exc:
        raise EgressRefused(
            _("The host name %(host)s could not be found. Check the address.") % {"host": host},
            code="unresolvable",
            detail=f"{host}: {exc!r}",
        ) from exc
    addresses = []
    for family, _type, _proto, _name, sockaddr in infos:
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        address = str(sockaddr[0]).split("%")[0]
        if len(sockaddr) > 3 and sockaddr[3]:  # an IPv6 scope: a link-local answer
            address = f"{address}%{sockaddr[3]}"
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise EgressRefused(
            _("The host name %(host)s could not be found. Check the address.") % {"host": host},
            code="unresolvable",
            detail=f"{host}: no addresses",
        )
    return addresses


# --- Showing an address -------------------------------------------------------------------------


def mask_url(url: str) -> str:
    """What may be shown of a URL that works like a password: its scheme and host, never the
    path, query or user name (``https://hooks.slack.com/…/••••``)."""
    try:
        parts = urlsplit(url or "")
        host, port = parts.hostname, parts.port
    except ValueError:
        return "••••"
    if not host or parts.scheme.lower() not in ("http", "https"):
        return "••••"
    host = f"[{host}]" if ":" in host else host
    shown = f"{parts.scheme.lower()}://{host}" + (f":{port}" if port else "")
    return f"{shown}/…/••••" if (parts.path not in ("", "/") or parts.query or parts.fragment) else shown


# --- Sending ------------------------------------------------------------------------------------


def post(url: str, body: bytes, headers: dict, *, allowed_hosts=(), timeout=None, max_bytes=None) -> int:
    """POST ``body`` to ``url`` through the guard; return the answer's status (a 3xx is returned,
    never followed). Raises ``EgressRefused`` (permanent) or ``EgressFailed`` (worth another try)."""
    status, _data = _exchange(
        url, body, headers, allowed_hosts=allowed_hosts, timeout=timeout, max_bytes=max_bytes
    )
    return status


def _exchange(url, body, headers, *, allowed_hosts=(), timeout=None, max_bytes=None) -> tuple[int, bytes]:
    timeout = float(timeout or getattr(settings, "EGRESS_TIMEOUT_SECONDS", DEFAULT_TIMEOUT_SECONDS))
    max_bytes = int(max_bytes or getattr(settings, "EGRESS_MAX_RESPONSE_BYTES", DEFAULT_MAX_RESPONSE_BYTES))
    deadline = time.monotonic() + timeout
    try:
        target = check_url(url, allowed_hosts=allowed_hosts)
    except EgressRefused as exc:
        if exc.code == "unresolvable":  # the resolver may be back by the next try
            logger.warning("egress: %s not resolved: %s", mask_url(url), exc.detail)
            raise EgressFailed(f"not resolved: {exc.detail}") from exc
        logger.warning("egress: refused %s (%s): %s", mask_url(url), exc.code, exc.detail)
        raise
    errors = []
    for address in target.addresses[:MAX_ADDRESSES_TRIED]:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        connection = _connection(target, address, remaining)
        try:
            connection.connect()
        except _NETWORK_ERRORS as exc:
            # Nothing was sent: the next address may be tried.
            errors.append(f"{address}: {exc!r}")
            connection.close()
            continue
        try:
            status, data = _send(connection, target, body, headers, deadline, max_bytes)
        except EgressFailed as exc:
            logger.warning("egress: POST %s (%s) failed: %s", target.masked, address, exc)
            raise
        finally:
            connection.close()
        level = logging.INFO if 200 <= status < 300 else logging.WARNING
        logger.log(
            level, "egress: POST %s (%s) answered HTTP %s %r", target.masked, address, status, data[:200]
        )
        return status, data
    detail = "; ".join(errors) or "timed out before connecting"
    logger.warning("egress: POST %s could not connect: %s", target.masked, detail)
    raise EgressFailed(f"could not connect: {detail}")


def _connection(target: CheckedURL, address: str, timeout: float):
    """A connection to ``address`` (already checked), speaking to it as ``target.host``."""
    if target.scheme == "http":
        return urllib3.connection.HTTPConnection(address, target.port, timeout=timeout)
    name = None if target.is_ip else target.host
    return urllib3.connection.HTTPSConnection(
        address,
        target.port,
        timeout=timeout,
        cert_reqs="CERT_REQUIRED",
        server_hostname=name,
        assert_hostname=name or target.host,
    )


def _send(connection, target: CheckedURL, body: bytes, headers: dict, deadline: float, max_bytes: int):
    """One request on a connected ``connection``; the whole exchange ends at ``deadline``, however
    slowly the receiver trickles its answer (the socket is shut down then)."""
    cut = threading.Event()

    def cut_off():
        sock = getattr(connection, "sock", None)
        if sock is not None:
            cut.set()
            with contextlib.suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)

    watchdog = threading.Timer(max(deadline - time.monotonic(), 0), cut_off)
    watchdog.daemon = True
    watchdog.start()
    try:
        request_headers = {k: v for k, v in headers.items() if k.lower() != "host"}
        request_headers["Host"] = target.host_header
        connection.request(
            "POST",
            target.path,
            body=body,
            headers=request_headers,
            preload_content=False,
            decode_content=False,
        )
        response = connection.getresponse()
        status = response.status
        data = response.read(max_bytes, decode_content=False) if max_bytes > 0 else b""
        if cut.is_set():  # http.client takes headers cut off at the deadline for complete ones
            raise EgressFailed(f"{target.host}:{target.port} via {connection.host}: the deadline passed")
        return status, data[:max_bytes]
    except _NETWORK_ERRORS as exc:
        reason = "the deadline passed" if cut.is_set() else repr(exc)
        raise EgressFailed(f"{target.host}:{target.port} via {connection.host}: {reason}") from exc
    finally:
        watchdog.cancel()
