"""The web server of ``timer-tui serve``: one app process, shown in whichever browser visits.

Built on textual-serve: its ``AppService`` runs the app with Textual's web
driver and its page (xterm.js) draws it. What is different from textual-serve's
own ``Server``, and why:

- One app process for all visits, not one per visit. A runner's phone drops the
  connection when its screen locks or a tab is closed by mistake; a new process
  would start the session again. Here the run pauses (``ui.served``) and the next
  visit finds it where it was. A second tab takes the session over; the first is
  closed.
- Every request needs the token (in the link's query, then in a cookie), so no
  one else on the network can drive the session; a WebSocket from another site's
  page is refused by its Origin.
- The page is our own (``serve_page.html``): a viewport for phones, the bundled
  font instead of one fetched from the web, and URLs from the address the
  browser used (textual-serve builds them from the listening address, which is
  ``0.0.0.0`` for a phone).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import html
import logging
import shlex
import socket
import sys
from collections.abc import Awaitable, Callable
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import WSMsgType, web
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.typedefs import Middleware
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from timer_tui.core.safe_text import safe_text, shorten
from timer_tui.ui.served import SERVED_DRIVER

STOP_TIMEOUT = 5.0
"""Seconds the app gets to end its run when the server stops, before it is killed."""
HEARTBEAT = 10.0
"""WebSocket pings: a phone that vanished without closing is noticed within ~2x this."""
PAGE = "serve_page.html"
TAKEN_OVER = b"Opened in another tab or window."
ENDED = b"The session has ended."
STOPPED = b"timer-tui serve has stopped."
"""Why the server closes a tab's connection: the page says it (``serve_page.html``)."""


def cookie_name(port: int) -> str:
    """Cookies are per host, not per port: two servers on one machine keep their own."""
    return f"timer-tui-{port}"


def statics_path() -> Path:
    """textual-serve's browser side: textual.js (xterm.js), its CSS and fonts."""
    import textual_serve

    return Path(textual_serve.__file__).resolve().parent / "static"


class ServedApp(AppService):
    """textual-serve's app process, with timer-tui's driver (``attached``, ``detached``)."""

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment["TEXTUAL_DRIVER"] = SERVED_DRIVER
        return environment

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()


class SharedSession:
    """The one app process and the one browser socket showing it now (if any)."""

    def __init__(self, command: list[str]) -> None:
        self.command = shlex.join(command)
        self.app: ServedApp | None = None
        self.socket: web.WebSocketResponse | None = None
        self.downloads = DownloadManager()
        self._attaching = asyncio.Lock()
        """Two tabs opened at once must not start two apps."""

    async def attach(self, websocket: web.WebSocketResponse, width: int, height: int) -> ServedApp:
        """Show the app in ``websocket``: a new process, or the running one taken over."""
        async with self._attaching:
            return await self._attach(websocket, width, height)

    async def _attach(self, websocket: web.WebSocketResponse, width: int, height: int) -> ServedApp:
        previous, self.socket = self.socket, websocket
        if previous is not None and not previous.closed:
            await previous.close(message=TAKEN_OVER)
        if self.app is not None and self.app.running:
            await self.app.send_meta({"type": "attached", "width": width, "height": height})
            return self.app
        self.app = ServedApp(
            self.command,
            write_bytes=self._write_bytes,
            write_str=self._write_str,
            close=self._app_ended,
            download_manager=self.downloads,
        )
        app = self.app
        await app.start(width, height)
        if app._task is not None:  # an app that fails before its first frame sends no "exit"
            app._task.add_done_callback(lambda _: asyncio.ensure_future(self._ended(app)))
        return app

    async def _ended(self, app: ServedApp) -> None:
        if app is self.app:  # not a later app's tab
            await self._app_ended()

    async def detach(self, websocket: web.WebSocketResponse) -> None:
        """``websocket`` closed: unless another tab took over, nobody sees the app now."""
        if self.socket is not websocket:
            return
        self.socket = None
        if self.app is not None and self.app.running:
            await self.app.send_meta({"type": "detached"})

    async def stop(self) -> None:
        """The server stops: the app is asked to quit (the log keeps the run to resume)."""
        app, self.app = self.app, None
        if self.socket is not None:
            await self.socket.close(message=STOPPED)
        if app is None or app._process is None:
            return
        process = app._process
        with contextlib.suppress(Exception):
            await app.send_meta({"type": "quit"})
        try:
            await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
        except asyncio.TimeoutError:
            process.kill()
            await process.wait()

    async def _write_bytes(self, data: bytes) -> None:
        if self.socket is not None and not self.socket.closed:
            with contextlib.suppress(ConnectionError):
                await self.socket.send_bytes(data)

    async def _write_str(self, data: str) -> None:
        if self.socket is not None and not self.socket.closed:
            with contextlib.suppress(ConnectionError):
                await self.socket.send_str(data)

    async def _app_ended(self) -> None:
        """The app exited (the run is over): its tab says so (``ENDED``)."""
        if self.socket is not None:
            await self.socket.close(message=ENDED)


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def token_guard(token: str, port: int) -> Middleware:
    """Refuse every request without the token (``?token=`` once, then the cookie it sets),
    and any WebSocket opened by another site's page."""

    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        given = request.query.get("token") or request.cookies.get(cookie_name(port)) or ""
        if not token_matches(given, token):
            raise web.HTTPForbidden(
                text="timer-tui: this page needs the link `timer-tui serve` printed "
                "(with its token)\n"
            )
        origin = request.headers.get("Origin")
        if origin and urlsplit(origin).netloc != request.host:
            raise web.HTTPForbidden(text="timer-tui: requests from other sites are refused\n")
        response = await handler(request)
        if "token" in request.query and not response.prepared:  # a WebSocket's is sent
            response.set_cookie(cookie_name(port), token, httponly=True, samesite="Strict")
        return response

    return guard


def token_matches(given: str, token: str) -> bool:
    """A cookie or query that is no valid text (aiohttp keeps a bad byte as a lone
    surrogate, which cannot be encoded) is a wrong token like any other, not an error."""
    try:
        given_bytes = given.encode()
    except UnicodeEncodeError:
        return False
    return hmac.compare_digest(given_bytes, token.encode())


def page_html(title: str, websocket_url: str) -> str:
    template = resources.files("timer_tui.cli").joinpath(PAGE).read_text(encoding="utf-8")
    return template.replace("{{title}}", html.escape(title)).replace(
        "{{websocket_url}}", html.escape(websocket_url)
    )


def make_web_app(session: SharedSession, *, token: str, port: int, title: str) -> web.Application:
    """The routes: the page, its WebSocket, textual-serve's static files."""

    async def index(request: web.Request) -> web.Response:
        scheme = "wss" if request.secure else "ws"
        page = page_html(title, f"{scheme}://{request.host}/ws")
        response = web.Response(text=page, content_type="text/html")
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"  # the token never leaves in a Referer
        return response

    async def websocket(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(heartbeat=HEARTBEAT)
        await ws.prepare(request)
        width = _int(request.query.get("width"), 80)
        height = _int(request.query.get("height"), 24)
        app = await session.attach(ws, width, height)
        try:
            await relay(ws, app)
        finally:
            await session.detach(ws)
        return ws

    app = web.Application(middlewares=[token_guard(token, port)])
    app.add_routes(
        [
            web.get("/", index),
            web.get("/ws", websocket),
            web.static("/static", statics_path()),
        ]
    )

    async def on_shutdown(_: web.Application) -> None:
        await session.stop()

    app.on_shutdown.append(on_shutdown)
    return app


async def relay(websocket: web.WebSocketResponse, app: ServedApp) -> None:
    """The browser's keys, clicks and size to the app, as textual-serve's server relays them."""
    async for message in websocket:
        if message.type != WSMsgType.TEXT:
            continue
        try:
            envelope = message.json()
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
        except (ValueError, TypeError, IndexError, KeyError):
            continue
        if kind == "stdin" and isinstance(data, str):
            await app.send_bytes(data.encode("utf-8"))
        elif kind == "resize" and isinstance(data, dict):
            await app.set_terminal_size(_int(data.get("width"), 80), _int(data.get("height"), 24))
        elif kind == "ping":
            await websocket.send_json(["pong", data])
        elif kind == "focus":
            await app.focus()
        elif kind == "blur":
            await app.blur()


def _int(value: object, default: int) -> int:
    try:
        number = int(str(value))
    except ValueError:
        return default
    return number if 1 <= number <= 1000 else default


class RequestErrors(logging.Handler):
    """aiohttp's word on a request that went wrong, as serve's terminal should show it.

    A request that is not HTTP (a line too long, a control byte in a header, a bad
    method line) is the sender's mistake, answered 400 by aiohttp: nothing is printed,
    or anyone who can connect could fill the terminal that shows the address and its
    QR code. Anything else is a fault of ours, answered 500: one escaped line that
    names it, without the traceback aiohttp would print.
    """

    def emit(self, record: logging.LogRecord) -> None:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, HttpProcessingError):
            return
        said = record.getMessage()
        if error is not None:
            said += f": {type(error).__name__}: {shorten(str(error))}"
        print(f"timer-tui: serve: {safe_text(said)}", file=sys.stderr, flush=True)


def quiet_request_errors() -> None:
    """Route aiohttp's request errors through ``RequestErrors`` (and only there)."""
    server_log = logging.getLogger("aiohttp.server")
    server_log.handlers[:] = [RequestErrors()]
    server_log.propagate = False
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)


def listen(host: str, port: int) -> socket.socket:
    """The listening socket, or a ``OSError`` that says what is wrong with host or port."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(16)
    except OSError:
        sock.close()
        raise
    sock.setblocking(False)
    return sock


def run_server(
    sock: socket.socket,
    session: SharedSession,
    *,
    token: str,
    title: str,
    ready: Callable[[], None] = lambda: None,
) -> None:
    """Serve until Ctrl+C or SIGTERM; then the app quits and the log keeps its run."""
    port = int(sock.getsockname()[1])
    app = make_web_app(session, token=token, port=port, title=title)

    async def started(_: web.Application) -> None:
        ready()

    app.on_startup.append(started)
    quiet_request_errors()
    web.run_app(app, sock=sock, print=None, handle_signals=True, shutdown_timeout=STOP_TIMEOUT)
