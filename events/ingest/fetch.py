"""The safe fetcher: one function, `page_fetch`, that every download goes through.

What it guarantees, whatever the URL or the server does:
- only http and https, checked before any network and again at every redirect;
- the address it connects to is public (not private, loopback, link-local,
  multicast, reserved or unspecified) unless settings.FETCH_ALLOWED_NETWORKS
  lists it. The check runs on the resolved IP before connecting and on the
  socket's peer after, for every connection, so a redirect or a DNS answer
  cannot smuggle the fetcher onto the local network;
- connect and read timeouts, and a deadline for the whole download, so a
  server that drips bytes cannot hold a worker;
- at most settings.FETCH_MAX_BYTES, counted while streaming (after
  decompression), never read whole first;
- a content-type check, and decoding by header charset, <meta charset>, UTF-8,
  detection, then Windows-1252 (what browsers assume for English pages).

Failures are FetchError: `transient` ones (timeouts, refused connections,
HTTP 429 and 5xx, with the server's Retry-After) are worth retrying, the others
(404, not HTML, too large, refused address) are not.
"""
from __future__ import annotations

import codecs
import email.utils
import ipaddress
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

import urllib3
from charset_normalizer import from_bytes
from django.conf import settings
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import (
    ConnectTimeoutError, HTTPError, NameResolutionError, NewConnectionError, ReadTimeoutError, SSLError,
)

HTML_TYPES = ("text/html", "application/xhtml+xml")
REDIRECTS = (301, 302, 303, 307, 308)
CHUNK = 64 * 1024
# Single-byte Western encodings that detection confuses with each other on short
# English text; browsers read all of them as Windows-1252.
WESTERN = {"ascii", "latin_1", "iso8859_1", "iso8859_15", "cp1252", "cp1250", "cp1254", "cp1257", "mac_roman",
           "mac_latin2", "iso8859_2", "iso8859_4", "iso8859_9", "iso8859_13", "cp850", "cp437"}
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


class FetchError(Exception):
    """A download that did not give a usable page; `reason` is for an editor to read."""

    transient = False

    def __init__(self, reason: str, *, retry_after: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class PermanentFetchError(FetchError):
    """Retrying will not help: 404, not HTML, too large, a refused address or scheme."""


class TransientFetchError(FetchError):
    """Worth another try later: a timeout, a refused connection, HTTP 429 or 5xx."""

    transient = True


class AddressRefused(PermanentFetchError):
    """The URL points at an address the fetcher must not reach."""


@dataclass
class Page:
    url: str  # after redirects
    status: int
    headers: dict = field(default_factory=dict)
    body: bytes = b""
    not_modified: bool = False

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def header_charset(self) -> str:
        match = re.search(r"charset\s*=\s*[\"']?([^\"';\s]+)", self.headers.get("content-type", ""), re.IGNORECASE)
        return match.group(1) if match else ""

    def text(self) -> str:
        return body_decode(self.body, self.header_charset)[0]


# --- addresses -----------------------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _allowed_networks(listed: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(item, strict=False) for item in listed)


def address_refusal(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """Why the fetcher must not connect to `ip`, or "" when it may."""
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if any(ip in network for network in _allowed_networks(tuple(settings.FETCH_ALLOWED_NETWORKS))):
        return ""
    for kind in ("loopback", "link_local", "multicast", "unspecified", "reserved", "private"):
        if getattr(ip, f"is_{kind}"):
            return f"{ip} is a {kind.replace('_', '-')} address"
    if not ip.is_global:
        return f"{ip} is not a public address"
    return ""


def _connect(conn: HTTPConnection) -> socket.socket:
    """Resolve, refuse what must not be reached, connect to an allowed IP, and check the peer."""
    host, port = conn._dns_host, conn.port
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise NameResolutionError(conn.host, conn, error) from error
    refusals, last_error = [], None
    for family, kind, proto, _, sockaddr in infos:
        refusal = address_refusal(ipaddress.ip_address(sockaddr[0].split("%")[0]))
        if refusal:
            refusals.append(refusal)
            continue
        sock = socket.socket(family, kind, proto)
        try:
            for option in conn.socket_options or ():
                sock.setsockopt(*option)
            sock.settimeout(conn.timeout)
            sock.connect(sockaddr)
        except socket.timeout as error:
            sock.close()
            raise ConnectTimeoutError(conn, f"connecting to {conn.host} timed out") from error
        except OSError as error:
            sock.close()
            last_error = error
            continue
        # What we are connected to, not what we asked for, is what counts.
        peer = address_refusal(ipaddress.ip_address(sock.getpeername()[0].split("%")[0]))
        if peer:
            sock.close()
            raise AddressRefused(f"refused to fetch from {conn.host}: {peer}")
        return sock
    if last_error is None:
        raise AddressRefused(f"refused to fetch from {conn.host}: {refusals[0] if refusals else 'no address'}")
    raise NewConnectionError(conn, f"could not connect to {conn.host}: {last_error}")


class GuardedHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        return _connect(self)


class GuardedHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        return _connect(self)


class GuardedHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = GuardedHTTPConnection


class GuardedHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = GuardedHTTPSConnection


_local = threading.local()


def _pool_manager() -> urllib3.PoolManager:
    """One manager per thread (and so per worker process), so connections to a host are reused."""
    manager = getattr(_local, "manager", None)
    if manager is None:
        manager = urllib3.PoolManager(num_pools=50, maxsize=4, retries=False)
        manager.pool_classes_by_scheme = {"http": GuardedHTTPConnectionPool, "https": GuardedHTTPSConnectionPool}
        _local.manager = manager
    return manager


# --- fetching ------------------------------------------------------------------------------------------------


def scheme_check(url: str) -> None:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        kind = scheme or "a relative URL"
        raise PermanentFetchError(f"refused: only http and https URLs are fetched, not {kind} ({url[:200]})")


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds: either a number or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def page_fetch(url: str, *, html: bool = True, etag: str = "", last_modified: str = "") -> Page:
    """Download `url` under the rules in this module's docstring.

    `html=True` (articles) refuses anything but an HTML page; `html=False`
    (feeds) leaves the content to the caller. With `etag` or `last_modified`,
    a 304 answer gives a Page with `not_modified`.
    """
    scheme_check(url)
    headers = {
        "User-Agent": settings.FETCH_USER_AGENT,
        "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5" if html
        else "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5",
        "Accept-Encoding": "gzip, deflate",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    timeout = urllib3.Timeout(connect=settings.FETCH_CONNECT_TIMEOUT, read=settings.FETCH_READ_TIMEOUT)
    deadline = time.monotonic() + settings.FETCH_CONNECT_TIMEOUT + settings.FETCH_READ_TIMEOUT
    current = url
    for _hop in range(settings.FETCH_MAX_REDIRECTS + 1):
        response, complete = _request(current, headers, timeout), False
        try:
            if response.status in REDIRECTS and response.headers.get("location"):
                target = urljoin(current, response.headers["location"])
                try:
                    scheme_check(target)
                except PermanentFetchError as error:
                    raise PermanentFetchError(f"{error.reason}, redirected from {current}") from None
                current = target
                continue
            page = _page_read(current, response, html=html, deadline=deadline)
            complete = True
            return page
        finally:
            if not complete:  # bytes left unread: the connection cannot serve another request
                response.close()
            response.release_conn()
    raise PermanentFetchError(f"too many redirects (more than {settings.FETCH_MAX_REDIRECTS}) from {url}")


def _request(url: str, headers: dict, timeout: urllib3.Timeout) -> urllib3.BaseHTTPResponse:
    host = urlsplit(url).hostname or url
    try:
        return _pool_manager().request("GET", url, headers=headers, timeout=timeout, redirect=False,
                                       retries=False, preload_content=False)
    except AddressRefused as error:
        raise AddressRefused(f"{error.reason} ({url[:200]})") from None
    except ConnectTimeoutError as error:
        if isinstance(error, NewConnectionError):
            raise TransientFetchError(f"could not connect to {host}: {_cause(error)}") from None
        wait = settings.FETCH_CONNECT_TIMEOUT
        raise TransientFetchError(f"timed out connecting to {host} (after {wait:g}s)") from None
    except ReadTimeoutError:
        wait = settings.FETCH_READ_TIMEOUT
        raise TransientFetchError(f"timed out waiting for {host} to answer (after {wait:g}s)") from None
    except NameResolutionError:
        raise TransientFetchError(f"could not resolve the host name {host}") from None
    except SSLError as error:
        raise PermanentFetchError(f"TLS error with {host}: {_cause(error)}") from None
    except urllib3.exceptions.LocationValueError as error:
        raise PermanentFetchError(f"not a valid URL: {url[:200]} ({error})") from None
    except (HTTPError, OSError) as error:
        raise TransientFetchError(f"connection to {host} failed: {_cause(error)}") from None


def _cause(error: Exception) -> str:
    text = str(getattr(error, "reason", None) or error)
    return re.sub(r"^<[^>]+>: ", "", text)[:300]


def _page_read(url: str, response, *, html: bool, deadline: float) -> Page:
    headers = {k.lower(): v for k, v in response.headers.items()}
    status = response.status
    if status == 304:
        return Page(url=url, status=status, headers=headers, not_modified=True)
    if status == 429 or status >= 500 or status == 408:
        wait = retry_after_seconds(headers.get("retry-after"))
        raise TransientFetchError(f"HTTP {status} {response.reason or ''}".strip() + f" from {url}", retry_after=wait)
    if status >= 400:
        raise PermanentFetchError(f"HTTP {status} {response.reason or ''}".strip() + f" from {url}")
    if status != 200:
        raise PermanentFetchError(f"unexpected HTTP {status} from {url}")
    page = Page(url=url, status=status, headers=headers)
    if html and page.content_type and page.content_type not in HTML_TYPES:
        raise PermanentFetchError(f"not an HTML page: {url} is {page.content_type}")
    limit = settings.FETCH_MAX_BYTES
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit and "content-encoding" not in headers:
        raise PermanentFetchError(f"too large: {url} is {_megabytes(int(declared))}, over the {_megabytes(limit)} cap")
    page.body = _body_read(url, response, limit=limit, deadline=deadline)
    return page


def _body_read(url: str, response, *, limit: int, deadline: float) -> bytes:
    chunks, size = [], 0
    try:
        for chunk in response.stream(CHUNK, decode_content=True):
            size += len(chunk)
            if size > limit:
                raise PermanentFetchError(f"too large: stopped reading {url} at the {_megabytes(limit)} cap")
            if time.monotonic() > deadline:
                raise TransientFetchError(f"timed out reading {url}: the download took too long")
            chunks.append(chunk)
    except ReadTimeoutError:
        raise TransientFetchError(f"timed out reading {url} (no data for {settings.FETCH_READ_TIMEOUT:g}s)") from None
    except (HTTPError, OSError) as error:
        raise TransientFetchError(f"the connection broke while reading {url}: {_cause(error)}") from None
    return b"".join(chunks)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 100 * 1024 else f"{size / 1024:.0f} KB"


# --- decoding ------------------------------------------------------------------------------------------------


def _codec(label: str) -> str:
    """Python's codec for a charset label, with the WHATWG rule that Latin-1 means Windows-1252."""
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return ""
    return "cp1252" if name in {"latin-1", "iso8859-1", "ascii"} else name


def body_decode(body: bytes, header_charset: str = "") -> tuple[str, str]:
    """The page's text and the codec used: header charset, byte-order mark,
    <meta charset>, UTF-8 if valid, detection for non-Western scripts, else Windows-1252."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if body.startswith(bom):
            return body.decode(name, errors="replace"), name
    declared = _codec(header_charset) if header_charset else ""
    if not declared:
        match = META_CHARSET.search(body[:4096])
        declared = _codec(match.group(1).decode("ascii", "ignore")) if match else ""
    if declared:
        return body.decode(declared, errors="replace"), declared
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # A page in a Western language has a few non-ASCII bytes among its markup;
    # only a page mostly in another script is worth a detector's guess, which on
    # a few accented letters picks a Baltic or Turkish code page as readily as the right one.
    sample = body[:200_000]
    if len(sample.translate(None, bytes(range(128)))) > len(sample) // 10:
        best = from_bytes(sample).best()
        if best is not None and best.encoding and best.encoding not in WESTERN:
            return body.decode(best.encoding, errors="replace"), best.encoding
    return body.decode("cp1252", errors="replace"), "cp1252"
