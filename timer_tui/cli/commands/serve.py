"""`timer-tui serve`: the app in a browser, for a phone on the treadmill's console.

The app runs here, so sound and voice play on this computer; the browser only
shows it and sends taps and keys. The server (``cli/web_server.py``) and
textual-serve are imported in the handler: building the parser stays light.
"""

from __future__ import annotations

import argparse
import errno
import ipaddress
import secrets
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from timer_tui.cli.help import examples
from timer_tui.cli.launch import add_sound_options
from timer_tui.core.errors import UserError

if TYPE_CHECKING:
    from timer_tui.cli.commands import Subparsers

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def add_serve(sub: Subparsers) -> None:
    p = sub.add_parser(
        "serve",
        help="show the app in a browser (a phone at the treadmill)",
        description=(
            "Serve the app to a web browser: the countdown with buttons a finger can press. "
            "It runs on this computer, which plays the sound; the browser shows it. "
            "It listens on this computer only (127.0.0.1) unless --host says otherwise; "
            "the address it prints carries a random token, and a request without it is "
            "refused. Closing the tab pauses a running session; opening the address "
            "again goes on from there."
        ),
        epilog=examples(
            ("timer-tui serve c25k/week-1-run-1", "open the printed address on this computer"),
            ("timer-tui serve --host 0.0.0.0", "the picker, for a phone on the same network"),
        ),
    )
    p.add_argument(
        "session",
        nargs="?",
        metavar="SESSION",
        help="a path or a session id (default: the picker)",
    )
    p.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help="address to listen on: 0.0.0.0 for every network (default: %(default)s)",
    )
    p.add_argument(
        "--port", type=port_number, default=DEFAULT_PORT, help="port (default: %(default)s)"
    )
    add_sound_options(p)
    p.set_defaults(func=cmd_serve)


def port_number(text: str) -> int:
    """argparse's check of ``--port``: 0 (any free port) to 65535."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0-65535)") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (0-65535)")
    return port


def app_command(args: argparse.Namespace) -> list[str]:
    """The app process's command line: this Python, this package, the checked session."""
    command = [sys.executable, "-m", "timer_tui"]
    if args.session is not None:
        from timer_tui.library.sessions import find_entry

        find_entry(args.session)  # a session that does not load is said here, not in a browser
        given = Path(args.session).expanduser()
        ref = str(given.resolve()) if given.is_file() else args.session
        command += ["run", ref]
    if args.mute:
        command.append("--mute")
    if args.no_voice:
        command.append("--no-voice")
    return command


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def open_socket(host: str, port: int) -> socket.socket:
    """The listening socket; a port in use or an address that is not this computer's is
    a clear error."""
    from timer_tui.cli.web_server import listen

    try:
        # "localhost" may resolve to ::1 first, and a browser then try 127.0.0.1: one address.
        return listen("127.0.0.1" if host == "localhost" else host, port)
    except socket.gaierror:
        raise UserError(
            f"--host {host}: no such address (an IP address of this computer, a host name, "
            "or 0.0.0.0 for every network)"
        ) from None
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise UserError(
                f"port {port} on {host} is in use by another program; choose another with "
                "--port (or --port 0 for any free one)"
            ) from None
        if exc.errno == errno.EADDRNOTAVAIL:
            raise UserError(
                f"--host {host}: not an address of this computer (0.0.0.0 listens on every network)"
            ) from None
        if exc.errno == errno.EACCES:
            raise UserError(
                f"port {port}: not allowed for this user (ports below 1024 need root)"
            ) from None
        raise UserError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def page_url(host: str, port: int, token: str) -> str:
    """The address to open; for 0.0.0.0, this computer's address on the network."""
    shown = host
    if host in ("0.0.0.0", "::", ""):
        shown = network_address() or socket.gethostname()
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/?token={token}"


def qr_rows(text: str) -> list[str]:
    """``text`` as a QR code in half blocks, two modules a row, with a quiet zone of two:
    the phone's camera reads the address, token included, off the terminal. ``▀`` is
    a dark module above a light one; printed dark on light (``print_qr``)."""
    import segno

    code = segno.make(text, error="l", boost_error=False)
    border = 2
    size = len(code.matrix) + 2 * border

    def dark(row: int, column: int) -> bool:
        r, c = row - border, column - border
        return 0 <= r < len(code.matrix) and 0 <= c < len(code.matrix) and bool(code.matrix[r][c])

    blocks = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}
    return [
        "".join(blocks[dark(row, column), dark(row + 1, column)] for column in range(size))
        for row in range(0, size, 2)
    ]


def print_qr(url: str) -> None:
    """The QR code of ``url`` on a terminal (never into a pipe: a script reads the URL
    line), black on white whatever the terminal's colours."""
    if not sys.stdout.isatty():
        return
    for row in qr_rows(url):
        print(f"\x1b[30;47m{row}\x1b[0m")
    sys.stdout.flush()


def network_address() -> str | None:
    """This computer's address on its network (the one a route to the outside uses);
    no packet is sent."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: routed, never reached
            return str(probe.getsockname()[0])
        except OSError:
            return None


def cmd_serve(args: argparse.Namespace) -> int:
    from timer_tui.cli.web_server import SharedSession, run_server

    command = app_command(args)
    sock = open_socket(args.host, args.port)
    port = int(sock.getsockname()[1])
    token = secrets.token_urlsafe(16)
    url = page_url(args.host, port, token)
    title = "timer-tui" if args.session is None else f"timer-tui · {args.session}"

    def ready() -> None:
        print(f"timer-tui: serving on {url}", flush=True)
        if not is_loopback(args.host):
            print_qr(url)  # for the phone's camera
            print(
                "timer-tui: warning: listening on the network (plain HTTP). Anyone who has "
                "this address, token included, can drive the session: share it only with "
                "your own devices, on a network you trust.",
                file=sys.stderr,
                flush=True,
            )
        print("timer-tui: Ctrl+C stops serving", file=sys.stderr, flush=True)

    run_server(sock, SharedSession(command), token=token, title=title, ready=ready)
    return 0
