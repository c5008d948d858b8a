"""An argospm-style package index served on 127.0.0.1: the online path, tested without internet."""

from __future__ import annotations

import hashlib
import json
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body, mode = self.server.routes.get(self.path, (None, ""))
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if mode == "drop":  # half the promised bytes, then hang up
            self.wfile.write(body[: len(body) // 2])
            return
        self.wfile.write(body)

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
        self.entries.append(entry)
        self.server.routes["/index.json"] = (json.dumps(self.entries).encode(), "")
        return entry
