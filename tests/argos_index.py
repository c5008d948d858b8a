"""An argospm-style package index served on 127.0.0.1: the online path, tested without internet.

Besides honest answers it serves the hostile ones loc must survive (`mode` of a route):
"drop" (half the promised bytes), "endless" (no length, bytes until the client hangs up),
"trickle" (the body one byte at a time) and "trickle-headers" (the headers one byte at a
time). Every loop is bounded, so a client that ignores them still ends.
"""

from __future__ import annotations

import hashlib
import json
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

TRICKLE_SECONDS = 0.05  # between two bytes of a trickle: well under any read timeout
TRICKLE_BYTES = 200  # at most, so a trickle ends within 10 s whatever the client does
ENDLESS_BYTES = 64 << 20  # an endless body stops here: far beyond every cap the tests set


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body, mode = self.server.routes.get(self.path, (None, ""))
        if body is None:
            self.send_error(404)
            return
        try:
            if mode == "trickle-headers":
                self._trickle(b"HTTP/1.0 200 OK\r\nX-Slow: " + b"a" * TRICKLE_BYTES)
                return
            self.send_response(200)
            if mode != "endless":
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if mode == "drop":  # half the promised bytes, then hang up
                self.wfile.write(body[: len(body) // 2])
            elif mode == "endless":
                chunk = (body or b"\0") * max(1, (1 << 16) // max(1, len(body)))
                for _ in range(ENDLESS_BYTES // len(chunk) + 1):
                    self.wfile.write(chunk)
            elif mode == "trickle":
                self._trickle(body[:TRICKLE_BYTES])
            else:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client hung up, as it should on a hostile answer

    def _trickle(self, data: bytes) -> None:
        for byte in data:
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(TRICKLE_SECONDS)

    def log_message(self, *args):
        pass


class Index:
    """An argospm-style index served on 127.0.0.1, with its packages."""

    def __init__(self, server: ThreadingHTTPServer):
        self.server = server
        self.base = f"http://127.0.0.1:{server.server_port}/"
        self.entries: list[dict] = []
        server.routes = {}

    def publish(self, package: Path, *, mode: str = "", sha256: str | None = None, links=None) -> dict:
        data = package.read_bytes()
        with zipfile.ZipFile(package) as archive:
            top = archive.namelist()[0].split("/")[0]
            entry = json.loads(archive.read(f"{top}/metadata.json"))
        self.server.routes[f"/{package.name}"] = (data, mode)
        entry["links"] = links or [self.base + package.name]
        entry["sha256"] = sha256 or hashlib.sha256(data).hexdigest()
        return self.add(entry)

    def add(self, entry: dict) -> dict:
        """List an entry as it is, however wrong: the index's JSON is rewritten with it."""
        self.entries.append(entry)
        self.server.routes["/index.json"] = (json.dumps(self.entries).encode(), "")
        return entry

    def serve(self, name: str, body: bytes, mode: str = "") -> str:
        """Answer GET /name with `body` in `mode` (see the module docstring); returns its URL."""
        self.server.routes[f"/{name}"] = (body, mode)
        return self.base + name
