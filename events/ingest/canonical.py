"""Identity of an article: its canonical URL and the hash of its text.

Both are unique in the database, so the same story reached twice (a tracking
parameter, another scheme, the same text pasted again) is one Article.
"""
import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Parameters that identify a campaign or a click, never the page itself.
TRACKING_PARAMS = re.compile(
    r"^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|ocid|cmpid|ito|smid|at_[a-z_]+|__twitter_impression)$",
    re.IGNORECASE,
)
DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """Normalise a URL: lower-case scheme and host, https for http, no default port,
    no fragment, no tracking parameters, remaining parameters sorted."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise ValueError(f"only http and https URLs can be fetched, not {scheme or 'a URL without scheme'}")
    host = (parts.hostname or "").lower().rstrip(".")
    if not host:
        raise ValueError("the URL has no host")
    port = parts.port
    if port in (None, DEFAULT_PORTS[scheme]):
        # http and https on default ports serve the same story: one identity
        scheme, netloc = "https", host
    else:
        netloc = f"{host}:{port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAMS.match(k))
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def content_hash(text: str) -> str:
    """SHA-256 of the text with Unicode and whitespace normalised, so re-pasting the same text matches."""
    normal = unicodedata.normalize("NFC", text)
    normal = re.sub(r"\s+", " ", normal).strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()
