"""The safe fetcher against a local server: schemes, addresses at every hop,
timeouts, the size cap, content types and charsets."""
import gzip
import ipaddress

import pytest
from django.test import override_settings

from events.ingest.fetch import (
    AddressRefused, PermanentFetchError, TransientFetchError, address_refusal, body_decode, page_fetch,
)

from .server import Reply

pytestmark = pytest.mark.usefixtures("allow_local")

PAGE = "<html><head><title>T</title></head><body><p>Grüße aus Köln</p></body></html>"


def test_page_fetch_returns_the_page_and_names_itself(news, settings):
    url = news.add("/a", Reply(PAGE))
    page = page_fetch(url)
    assert page.status == 200 and page.url == url
    assert "Grüße aus Köln" in page.text()
    assert news.headers["/a"]["User-Agent"] == settings.FETCH_USER_AGENT
    assert settings.FETCH_USER_AGENT.startswith("RelationsTracker/")


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/a", "file:///etc/passwd", "javascript:alert(1)", "gopher://x/1"])
def test_page_fetch_refuses_a_non_http_scheme_before_any_network(news, url):
    with pytest.raises(PermanentFetchError, match="only http and https"):
        page_fetch(url)
    assert not news.hits


def test_page_fetch_refuses_loopback_when_not_allowlisted(news):
    url = news.add("/a", Reply(PAGE))
    with override_settings(FETCH_ALLOWED_NETWORKS=[]), pytest.raises(AddressRefused, match="127.0.0.1 is a loopback"):
        page_fetch(url)
    assert not news.hits


def test_page_fetch_checks_the_resolved_address_of_a_host_name(news):
    news.add("/a", Reply(PAGE))
    with override_settings(FETCH_ALLOWED_NETWORKS=[]), pytest.raises(AddressRefused, match="loopback"):
        page_fetch(f"http://localhost:{news.port}/a")


def test_page_fetch_refuses_a_redirect_to_another_loopback_address(news):
    url = news.add("/go", Reply(status=302, headers={"Location": f"http://127.0.0.2:{news.port}/a"}))
    with pytest.raises(AddressRefused, match="127.0.0.2 is a loopback address"):
        page_fetch(url)


def test_page_fetch_refuses_a_redirect_to_the_cloud_metadata_address(news):
    url = news.add("/go", Reply(status=301, headers={"Location": "http://169.254.169.254/latest/meta-data/"}))
    with pytest.raises(AddressRefused, match="169.254.169.254 is a link-local address"):
        page_fetch(url)


def test_page_fetch_refuses_a_redirect_to_a_non_http_scheme(news):
    url = news.add("/go", Reply(status=302, headers={"Location": "file:///etc/passwd"}))
    with pytest.raises(PermanentFetchError, match="not file .*redirected from"):
        page_fetch(url)


def test_page_fetch_follows_redirects_and_stops_after_too_many(news, settings):
    news.add("/a", Reply(PAGE))
    assert page_fetch(news.add("/r", Reply(status=307, headers={"Location": "/a"}))).url == news.url("/a")
    news.add("/loop", Reply(status=302, headers={"Location": "/loop"}))
    with pytest.raises(PermanentFetchError, match="too many redirects"):
        page_fetch(news.url("/loop"))
    assert news.hits["/loop"] == settings.FETCH_MAX_REDIRECTS + 1


def test_page_fetch_treats_404_as_permanent(news):
    with pytest.raises(PermanentFetchError, match="HTTP 404 Not Found"):
        page_fetch(news.url("/missing"))


@pytest.mark.parametrize("status", [429, 500, 503])
def test_page_fetch_treats_429_and_5xx_as_transient_with_retry_after(news, status):
    url = news.add("/busy", Reply("busy", status=status, headers={"Retry-After": "120"}))
    with pytest.raises(TransientFetchError, match=f"HTTP {status}") as caught:
        page_fetch(url)
    assert caught.value.retry_after == 120


def test_page_fetch_reads_retry_after_as_an_http_date(news):
    url = news.add("/busy", Reply("busy", status=503, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}))
    with pytest.raises(TransientFetchError) as caught:
        page_fetch(url)
    assert caught.value.retry_after == 0  # a date in the past: retry now


def test_page_fetch_times_out_on_a_silent_server(news):
    url = news.add("/slow", Reply(PAGE, delay=1.0))
    with override_settings(FETCH_READ_TIMEOUT=0.2), pytest.raises(TransientFetchError, match="timed out"):
        page_fetch(url)


def test_page_fetch_stops_reading_at_the_size_cap(news):
    fifty_mb = lambda: (b"<p>" + b"x" * 65533 for _ in range(800))  # noqa: E731
    url = news.add("/huge", Reply(stream=fifty_mb))
    with pytest.raises(PermanentFetchError, match="too large: stopped reading .* at the 5.0 MB cap"):
        page_fetch(url)
    assert news.streamed["/huge"] < 25 * 1024 * 1024  # the server was cut off, not read to the end


def test_page_fetch_refuses_a_declared_length_over_the_cap_without_reading(news):
    url = news.add("/big", Reply(b"x" * 2048))
    with override_settings(FETCH_MAX_BYTES=1024), pytest.raises(PermanentFetchError, match="is 2 KB, over the 1 KB cap"):
        page_fetch(url)


def test_page_fetch_counts_the_cap_after_decompression(news):
    bomb = gzip.compress(b"<p>" + b"a" * (3 * 1024 * 1024))
    url = news.add("/bomb", Reply(bomb, headers={"Content-Encoding": "gzip"}))
    with override_settings(FETCH_MAX_BYTES=1024 * 1024), pytest.raises(PermanentFetchError, match="too large"):
        page_fetch(url)


def test_page_fetch_refuses_a_pdf(news):
    url = news.add("/report.pdf", Reply(b"%PDF-1.7 ...", content_type="application/pdf"))
    with pytest.raises(PermanentFetchError, match="not an HTML page: .* is application/pdf"):
        page_fetch(url)


def test_page_fetch_decodes_windows_1252_without_a_charset(news):
    text = "<html><body><p>The minister\u2019s caf\u00e9 visit cost \u20ac5,000 \u2014 a \u201cscandal\u201d.</p></body></html>"
    url = news.add("/cp", Reply(text.encode("cp1252"), content_type="text/html"))
    assert page_fetch(url).text() == text


@pytest.mark.parametrize(("body", "header", "expected"), [
    ("Grüße".encode("utf-8"), "", "utf-8"),
    ("<p>Viele Grüße aus Köln, schrieb der Außenminister am Dienstag.</p>".encode("cp1252"), "", "cp1252"),
    ("Grüße".encode("iso-8859-1"), "iso-8859-1", "cp1252"),  # as browsers read Latin-1
    ('<meta charset="koi8-r"><p>Привет</p>'.encode("koi8-r"), "", "koi8-r"),
    ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><p>Привет</p>'.encode("cp1251"), "", "cp1251"),
    ("Grüße".encode("utf-8"), "utf-8", "utf-8"),
    (b"\xef\xbb\xbfhello", "", "utf-8-sig"),
])
def test_body_decode_uses_header_then_meta_then_utf8_then_windows_1252(body, header, expected):
    assert body_decode(body, header)[1] == expected


def test_body_decode_detects_a_non_western_page_with_no_declaration():
    body = ("<html><body><p>" + "Министр иностранных дел отозвал посла из столицы. " * 20 + "</p></body></html>").encode("cp1251")
    text, codec = body_decode(body)
    assert "Министр иностранных дел" in text and codec != "cp1252"


@pytest.mark.parametrize(("ip", "refused"), [
    ("93.184.216.34", ""), ("2606:2800:220:1:248:1893:25c8:1946", ""),
    ("127.0.0.1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.1", "private"), ("172.16.5.4", "private"),
    ("169.254.169.254", "link-local"), ("224.0.0.1", "multicast"), ("0.0.0.0", "unspecified"),
    ("240.0.0.1", "reserved"), ("100.64.0.1", "not a public address"), ("::1", "loopback"), ("fe80::1", "link-local"),
    ("fc00::1", "private"), ("::ffff:127.0.0.1", "loopback"),
])
def test_address_refusal_names_every_kind_of_non_public_address(ip, refused):
    with override_settings(FETCH_ALLOWED_NETWORKS=[]):
        reason = address_refusal(ipaddress.ip_address(ip))
    assert (refused in reason) if refused else reason == ""


def test_address_refusal_lets_through_an_allowlisted_network():
    with override_settings(FETCH_ALLOWED_NETWORKS=["10.0.0.0/8"]):
        assert address_refusal(ipaddress.ip_address("10.9.8.7")) == ""
        assert "loopback" in address_refusal(ipaddress.ip_address("127.0.0.1"))
