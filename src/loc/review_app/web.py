"""The review app over HTTP: Starlette routes on top of `session.Session`.

Safe by default, for a server on a laptop that any web page the reviewer visits could
try to reach:
- every request needs the random token, from the URL the server printed (then kept in
  a SameSite=Strict, HttpOnly cookie, and the token taken out of the address bar);
- the Host header must be an IP address, `localhost` or the --host name: a DNS
  rebinding page (evil.example resolving to 127.0.0.1) is refused;
- a change (POST) needs the page's CSRF token in a header and an Origin that is this
  server: a cross-site form or fetch is refused;
- the page runs only the app's own script (Content-Security-Policy), every text is
  escaped (Jinja2 autoescape, JSON, `textContent` in the script), and a request names a
  language and a document the session serves, never a path.
"""

from __future__ import annotations

import hmac
import json
from importlib import resources
from urllib.parse import urlencode, urlsplit

import jinja2
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from loc.errors import LocError
from loc.review_app import is_ip
from loc.review_app.session import Change, NotFound, Session

_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
_STATIC = {"review-app.js": "text/javascript", "review-app.css": "text/css"}


def create(session: Session, token: str, csrf: str, host_names: set[str], cookie: str) -> _Guard:
    """The ASGI app. `host_names` are the names besides IP addresses and `localhost`
    that the Host header may carry (the --host given); `cookie` names the token cookie."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("loc", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )

    def page(name: str, **values) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**values))

    def index(request: Request) -> Response:
        pages = session.pages()
        if len(pages) == 1:
            lang, domain, _ = pages[0]
            return RedirectResponse("/review?" + urlencode({"lang": lang, "doc": domain}), status_code=303)
        return page("review-app-index.html", pages=pages, project=session.project.config.root.name)

    def review(request: Request) -> Response:
        lang, domain = request.query_params.get("lang", ""), request.query_params.get("doc", "")
        document, po = session.names(lang, domain)
        return page("review-app.html", lang=lang, domain=domain, document=document, po=po, csrf=csrf)

    def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in _STATIC:
            return _error(404, "not found")
        text = resources.files("loc").joinpath("templates", name).read_text(encoding="utf-8")
        return Response(text, media_type=_STATIC[name])

    def entries(request: Request) -> Response:
        return JSONResponse(
            session.view(request.query_params.get("lang", ""), request.query_params.get("doc", ""))
        )

    async def check(request: Request) -> Response:
        body = await _json(request)
        problems = session.check(
            str(body.get("lang", "")),
            str(body.get("doc", "")),
            str(body.get("id", "")),
            str(body.get("text", "")),
        )
        return JSONResponse({"problems": problems})

    async def change(request: Request) -> Response:
        body = await _json(request)
        text, comment = body.get("text"), body.get("comment")
        outcome = session.apply(
            Change(
                lang=str(body.get("lang", "")),
                document=str(body.get("doc", "")),
                id=str(body.get("id", "")),
                base=str(body.get("base", "")),
                action=str(body.get("action", "")),
                text=None if text is None else str(text),
                comment=None if comment is None else str(comment),
                override=body.get("override") is True,
            )
        )
        status = {"saved": 200, "conflict": 409, "refused": 422, "gone": 410}[outcome.status]
        return JSONResponse(
            {"status": outcome.status, "entry": outcome.entry, "problems": outcome.problems},
            status_code=status,
        )

    app = Starlette(
        routes=[
            Route("/", index),
            Route("/review", review),
            Route("/static/{name}", static),
            Route("/favicon.ico", lambda request: Response(status_code=204)),
            Route("/api/entries", entries),
            Route("/api/check", check, methods=["POST"]),
            Route("/api/change", change, methods=["POST"]),
        ],
        exception_handlers={NotFound: _not_found, LocError: _refused},
    )
    return _Guard(app, token=token, csrf=csrf, host_names=host_names, cookie=cookie)


async def _json(request: Request) -> dict:
    try:
        body = json.loads(await request.body())
    except (ValueError, UnicodeDecodeError):
        raise LocError("the request is not JSON") from None
    if not isinstance(body, dict):
        raise LocError("the request is not a JSON object")
    return body


def _error(status: int, message: str) -> Response:
    return JSONResponse({"status": "error", "error": message}, status_code=status, headers=_HEADERS)


async def _not_found(request: Request, error: Exception) -> Response:
    return _error(404, str(error))


async def _refused(request: Request, error: Exception) -> Response:
    return _error(400, str(error))


class _Guard:
    """ASGI middleware: Host, token and, for changes, Origin and CSRF checked before
    any route runs; the security headers on every response."""

    def __init__(self, app, *, token: str, csrf: str, host_names: set[str], cookie: str):
        self.app, self.token, self.csrf, self.cookie = app, token, csrf, cookie
        self.host_names = {"localhost", *(name.lower() for name in host_names)}

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        refusal = self._refusal(request)
        if refusal is not None:
            await _error(*refusal)(scope, receive, send)
            return
        given = request.query_params.get("token")
        if given is not None:  # the printed URL: keep the token in a cookie, not the address bar
            rest = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "token"])
            response = RedirectResponse(request.url.path + (f"?{rest}" if rest else ""), status_code=303)
            response.set_cookie(self.cookie, self.token, httponly=True, samesite="strict", path="/")
            await response(scope, receive, send)
            return

        async def secured(message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.decode().lower() not in _LOWER]
                headers += [(k.lower().encode(), v.encode()) for k, v in _HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, secured)

    def _refusal(self, request: Request) -> tuple[int, str] | None:
        host = _host_name(request.headers.get("host", ""))
        if host is None or not (is_ip(host) or host in self.host_names):
            return 421, "wrong Host: open the address loc printed"
        given = request.query_params.get("token") or request.cookies.get(self.cookie) or ""
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            return 403, "missing or wrong token: open the address loc printed"
        if request.method not in ("GET", "HEAD"):
            origin = request.headers.get("origin", "")
            if urlsplit(origin).netloc.lower() != request.headers.get("host", "").lower() or not origin:
                return 403, "cross-site request refused"
            if not hmac.compare_digest(request.headers.get("x-csrf-token", "").encode(), self.csrf.encode()):
                return 403, "missing or wrong CSRF token: reload the page"
            if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
                return 415, "changes are JSON"
        return None


_LOWER = {name.lower() for name in _HEADERS}


def _host_name(header: str) -> str | None:
    """The name in a Host header (no port, IPv6 without brackets), or None if malformed."""
    header = header.strip().lower()
    if not header:
        return None
    if header.startswith("["):
        end = header.find("]")
        return header[1:end] if end > 0 else None
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header
