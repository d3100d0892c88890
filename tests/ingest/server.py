"""A local HTTP server for ingestion tests: routes with scripted replies, hit counts.

Each route holds a list of replies served in order, the last one repeating, so
"500 then 200" or "slow the first time" is one line in a test.
"""
from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Iterable
from urllib.parse import urlsplit


@dataclass
class Reply:
    body: bytes | str = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    etag: str = ""  # answered with 304 when the request's If-None-Match matches
    stream: Callable[[], Iterable[bytes]] | None = None  # a body without Content-Length, written chunk by chunk


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def do_GET(self):  # noqa: N802 (http.server's naming)
        news: NewsServer = self.server.news
        path = urlsplit(self.path).path  # the query is ignored, as by most news sites
        news.headers[path] = dict(self.headers.items())
        reply = news.reply_for(path)
        if reply.delay:
            time.sleep(reply.delay)
        if reply.etag and self.headers.get("If-None-Match") == reply.etag:
            self.send_response(304)
            self.send_header("ETag", reply.etag)
            self.end_headers()
            return
        body = reply.body.encode("utf-8") if isinstance(reply.body, str) else reply.body
        self.send_response(reply.status)
        if reply.content_type:
            self.send_header("Content-Type", reply.content_type)
        if reply.etag:
            self.send_header("ETag", reply.etag)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.stream is None:
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.end_headers()  # HTTP/1.0: the body ends when the connection closes
        try:
            for chunk in reply.stream():
                self.wfile.write(chunk)
                news.streamed[path] += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    news: "NewsServer"

    def handle_error(self, request, client_address):
        pass  # clients that hang up on purpose (size cap, killed workers) are expected here


class NewsServer:
    def __init__(self):
        self.routes: dict[str, list[Reply]] = {}
        self.hits: Counter = Counter()
        self.streamed: Counter = Counter()
        self.headers: dict[str, dict] = {}  # the last request's headers, by path
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.news = self
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def add(self, path: str, *replies: Reply) -> str:
        with self._lock:
            self.routes[path] = list(replies)
        return self.url(path)

    def reply_for(self, path: str) -> Reply:
        with self._lock:
            self.hits[path] += 1
            replies = self.routes.get(path)
            if not replies:
                return Reply(body="not found", status=404, content_type="text/plain")
            return replies.pop(0) if len(replies) > 1 else replies[0]
