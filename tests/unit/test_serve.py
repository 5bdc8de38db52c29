"""`timer-tui serve`'s pure parts: where the buttons show, the address it prints, and
the clear errors for a port in use and a host that is not this computer's."""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys

import pytest

from tests.conftest import run_timer_tui
from timer_tui.cli.commands.serve import (
    is_loopback,
    open_socket,
    page_url,
    port_number,
    print_qr,
    qr_rows,
)
from timer_tui.core.errors import UserError
from timer_tui.ui.layout import controls_fit, countdown_layout, is_portrait


@pytest.mark.parametrize(
    ("width", "height", "portrait"),
    [(45, 50, True), (43, 43, True), (100, 30, False), (80, 24, False), (60, 20, False)],
)
def test_a_window_held_upright(width: int, height: int, portrait: bool) -> None:
    assert is_portrait(width, height) is portrait


def test_served_the_buttons_show_but_in_the_one_line_clock() -> None:
    assert controls_fit(100, 30, "1:30", served=True)
    assert controls_fit(60, 20, "1:30", served=True)
    assert not controls_fit(30, 20, "1:30", served=True)  # the one-line countdown
    assert not controls_fit(100, 8, "1:30", served=True)


def test_in_a_terminal_the_buttons_never_cost_the_digits() -> None:
    assert "-controls" in countdown_layout(45, 50, "1:30")
    assert "-controls" not in countdown_layout(100, 30, "1:30")  # a keyboard, a footer to click
    assert "-controls" not in countdown_layout(100, 40, "1:30")
    assert "-controls" in countdown_layout(60, 45, "1:30")
    # Upright, columns scarce: the digits' size is set by the width, the buttons take
    # spare rows. Where rows are short the digits keep them (the same rule as -wide).
    assert controls_fit(45, 50, "15", served=False)


def test_the_printed_address_carries_the_token() -> None:
    assert page_url("127.0.0.1", 8000, "abc") == "http://127.0.0.1:8000/?token=abc"
    assert page_url("::1", 8000, "abc") == "http://[::1]:8000/?token=abc"
    anywhere = page_url("0.0.0.0", 8123, "abc")
    assert anywhere.endswith(":8123/?token=abc") and "0.0.0.0" not in anywhere


def test_only_loopback_goes_without_a_warning() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20")


@pytest.mark.parametrize("text", ["-1", "65536", "http", ""])
def test_a_port_is_a_number_up_to_65535(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="not a port number"):
        port_number(text)


def test_localhost_is_one_address() -> None:
    with open_socket("localhost", 0) as sock:
        assert sock.getsockname()[0] == "127.0.0.1"


def test_a_port_in_use_is_said_so() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        with pytest.raises(UserError, match=f"port {port} on 127.0.0.1 is in use"):
            open_socket("127.0.0.1", port)


@pytest.mark.parametrize(
    ("host", "said"),
    [
        ("192.0.2.77", "not an address of this computer"),
        ("no-such-host.invalid", "no such address"),
    ],
)
def test_a_bad_host_is_said_so(host: str, said: str) -> None:
    with pytest.raises(UserError, match=said):
        open_socket(host, 0)


def test_the_command_says_it_in_one_line(subprocess_env: dict[str, str]) -> None:
    done = run_timer_tui("serve", "--host", "192.0.2.77", env=subprocess_env, timeout=30)
    assert done.returncode == 2, done
    assert "not an address of this computer" in done.stderr
    assert "Traceback" not in done.stderr
    done = run_timer_tui("serve", "no-such-session", env=subprocess_env, timeout=30)
    assert done.returncode == 2 and "no-such-session" in done.stderr, done
    assert isinstance(done, subprocess.CompletedProcess)


def test_the_qr_code_is_square_with_a_quiet_zone() -> None:
    rows = qr_rows("http://192.168.1.20:8000/?token=abc")
    width = len(rows[0])
    assert {len(r) for r in rows} == {width} and len(rows) == (width + 1) // 2
    assert rows[0].strip() == "" and all(r[:2] == "  " and r[-2:] == "  " for r in rows)


def test_no_qr_code_into_a_pipe(capsys: pytest.CaptureFixture[str]) -> None:
    print_qr("http://192.168.1.20:8000/?token=abc")  # pytest's stdout is no terminal
    assert capsys.readouterr().out == ""


def test_a_token_that_is_no_text_is_simply_wrong() -> None:
    from timer_tui.cli.web_server import token_matches

    assert token_matches("abc", "abc")
    assert not token_matches("abd", "abc") and not token_matches("", "abc")
    assert not token_matches("\udced\udca0\udc80", "abc")  # a cookie's bytes, not UTF-8


def test_a_request_that_is_not_http_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    import logging

    from aiohttp.http_exceptions import LineTooLong

    from timer_tui.cli.web_server import RequestErrors

    def record(error: BaseException) -> logging.LogRecord:
        try:
            raise error
        except BaseException:
            exc_info = sys.exc_info()
        return logging.LogRecord(
            "aiohttp.server",
            logging.ERROR,
            "",
            0,
            "Error handling request from %s",
            ("127.0.0.1",),
            exc_info,
        )

    RequestErrors().emit(record(LineTooLong(b"GET /?token=aaa", "8190")))
    assert capsys.readouterr().err == ""
    RequestErrors().emit(record(ValueError("a fault of ours \x1b]0;title\x07")))
    printed = capsys.readouterr().err
    assert printed == (
        "timer-tui: serve: Error handling request from 127.0.0.1: "
        "ValueError: a fault of ours \\x1b]0;title\\x07\n"
    )
