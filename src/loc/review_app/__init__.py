"""`loc review --serve`: review in the browser, each sentence in its document.

`session.py` is the library side (views of a catalog, a reviewer's change saved through
`Catalog.save()`), `preview.py` the document as it will be published, `web.py` the
Starlette routes and their guard. Starlette and uvicorn are imported only here and
in `web.py`, which nothing imports until a server is made.
"""

from __future__ import annotations

import ipaddress
import secrets
import socket
import threading

from loc.errors import LocError
from loc.project import Project
from loc.review_app.session import Session

LOOPBACK = "127.0.0.1"


class ReviewServer:
    """The app bound to `host:port` (port 0: a free one), ready to run.

    The socket is bound here, so `url` (with the random token) is known before `run`."""

    def __init__(self, project: Project, langs: list[str], *, host: str = LOOPBACK, port: int = 0):
        try:
            import uvicorn

            from loc.review_app import web
        except ImportError:
            raise LocError(
                "loc review --serve needs Starlette and uvicorn: pip install 'loc[serve]'"
            ) from None

        self.session = Session(project, langs)
        self.session.pages()  # a project without documents fails here, in one line
        self.host = host
        self.token = secrets.token_urlsafe(24)
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.socket = socket.socket(family, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self.socket.bind((host, port))
        except OSError as error:
            self.socket.close()
            raise LocError(f"cannot listen on {host}:{port}: {error.strerror}") from None
        self.socket.listen(128)  # connections wait in the backlog until uvicorn accepts them
        self.port = self.socket.getsockname()[1]
        names = set() if is_ip(host) else {host}
        app = web.create(
            self.session, self.token, secrets.token_urlsafe(24), names, cookie=f"loc-review-{self.port}"
        )
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    @property
    def public(self) -> bool:
        """Reachable from other machines (not a loopback address)."""
        try:
            return not ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return self.host != "localhost"

    @property
    def url(self) -> str:
        shown = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        shown = f"[{shown}]" if ":" in shown else shown
        return f"http://{shown}:{self.port}/?token={self.token}"

    def run(self) -> None:
        """Serve until interrupted (Ctrl-C)."""
        self._server.run(sockets=[self.socket])

    def start(self) -> None:
        """Serve in a thread (for tests and embedding); `stop` ends it."""
        self._thread = threading.Thread(target=self.run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join()
        self.socket.close()


def is_ip(name: str) -> bool:
    """An IP address rather than a host name (the Host checks of web.py use it too)."""
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True
