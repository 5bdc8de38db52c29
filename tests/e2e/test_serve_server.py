"""`timer-tui serve`'s server, spoken to as the page speaks to it (aiohttp's client):
the WebSocket that draws the app, a second tab that takes it over, another site's
page refused, and an app that ends closing the tab's connection.
"""

from __future__ import annotations

import asyncio
import shutil
import socket
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import pytest

from tests.e2e.test_serve_browser import SESSION, serving
from timer_tui.cli.web_server import ENDED, TAKEN_OVER

pytestmark = pytest.mark.e2e


def browser_like() -> aiohttp.ClientSession:
    """A client that keeps the token's cookie, as a browser does (aiohttp keeps none
    for an IP address unless told)."""
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


def ws_url(url: str) -> str:
    parts = urlsplit(url)
    return f"ws://{parts.netloc}/ws?width=45&height=50"


async def first_frame(
    ws: aiohttp.ClientWebSocketResponse, timeout: float = 30, until: bytes = b""
) -> bytes:
    """Bytes of the app's screen as they come, until a screenful has come (and, given
    ``until``, those bytes too: a repaint may send the rest of the screen first)."""
    got = b""

    async def read() -> None:
        nonlocal got
        while len(got) < 2000 or until not in got:
            message = await ws.receive()
            if message.type is aiohttp.WSMsgType.BINARY:
                got += message.data
            elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                break

    await asyncio.wait_for(read(), timeout)
    return got


async def closed(ws: aiohttp.ClientWebSocketResponse, timeout: float) -> str:
    """Read until the server closes ``ws`` (a TimeoutError if it never does); the reason
    it gave, which the page shows."""

    async def read() -> str:
        reason = ""
        while not ws.closed:
            message = await ws.receive()
            if message.type is aiohttp.WSMsgType.CLOSE:
                reason = str(message.extra or "")
        return reason

    return await asyncio.wait_for(read(), timeout)


async def test_a_second_tab_takes_the_session_over(subprocess_env: dict[str, str]) -> None:
    with serving(SESSION / "intervals.toml", subprocess_env) as url:
        async with browser_like() as client:
            await client.get(url)  # the token, kept as the cookie
            first = await client.ws_connect(ws_url(url))
            assert b"Brisk walk" in await first_frame(first)
            second = await client.ws_connect(ws_url(url))
            # The same app, drawn again for it (in whatever order its regions come).
            drawn = await first_frame(second, until=b"Brisk walk")
            assert b"Brisk walk" in drawn
            assert await closed(first, 10) == TAKEN_OVER.decode()
            await second.close()


async def test_a_page_of_another_site_is_refused(subprocess_env: dict[str, str]) -> None:
    with serving(SESSION / "intervals.toml", subprocess_env) as url:
        async with browser_like() as client:
            await client.get(url)
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await client.ws_connect(ws_url(url), headers={"Origin": "http://evil.example"})
            assert refused.value.status == 403


async def test_an_app_that_cannot_start_closes_the_tab(
    subprocess_env: dict[str, str], tmp_path: Path
) -> None:
    session = tmp_path / "short.toml"
    shutil.copy(SESSION / "intervals.toml", session)
    with serving(session, subprocess_env) as url:
        session.write_text("name = 'broken'\n[[steps]]\nkind = 'run'\n")  # after the check
        async with browser_like() as client:
            await client.get(url)
            ws = await client.ws_connect(ws_url(url))
            assert await closed(ws, 30) == ENDED.decode()  # not the loading box forever


@pytest.mark.audio
async def test_the_sound_plays_on_the_computer_that_serves(
    subprocess_env: dict[str, str], tmp_path: Path
) -> None:
    """The browser only shows the app: the session's tones come out of this computer's
    sound card (ALSA's file plugin, as tests/audio captures it). Three-second steps: a
    loaded machine may start the audio process after the first step's tone."""
    from tests.audio.conftest import SoundCard, card_missing

    reason = card_missing()
    if reason:
        pytest.skip(reason)
    session = tmp_path / "beeps.toml"
    session.write_text(
        'name = "Beeps"\n[[steps]]\nrepeat = 6\nsteps = [\n'
        '  { kind = "run", name = "Quick", duration = 3 },\n'
        '  { kind = "walk", duration = 3 },\n]\n',
        encoding="utf-8",
    )
    card = SoundCard(tmp_path / "card")
    try:
        with serving(session, card.env(subprocess_env), mute=False) as url:
            async with browser_like() as client:
                await client.get(url)
                ws = await client.ws_connect(ws_url(url))
                assert b"Quick" in await first_frame(ws)
                for _ in range(60):  # the audio process starts, then the first cue
                    if card.sounds():
                        break
                    await asyncio.sleep(0.5)
                await ws.close()
        assert card.sounds(), "no sound reached the card"
    finally:
        card.close()


def apps_running(path: Path) -> int:
    """How many app processes run ``path`` (``... run PATH``: not the server, ``serve
    PATH``, nor the shell around the app, whose command is one word)."""
    count = 0
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            words = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if b"run" in words and str(path).encode() in words:
            count += 1
    return count


async def test_two_tabs_opened_at_once_share_one_app(
    subprocess_env: dict[str, str], tmp_path: Path
) -> None:
    session = tmp_path / "together.toml"
    shutil.copy(SESSION / "intervals.toml", session)
    with serving(session, subprocess_env) as url:
        async with browser_like() as client:
            await client.get(url)
            tabs = await asyncio.gather(*(client.ws_connect(ws_url(url)) for _ in range(2)))
            await asyncio.sleep(3)  # both would have started by now
            assert apps_running(session) == 1
            for tab in tabs:
                await tab.close()


async def test_the_token_in_the_websocket_address_works_too(
    subprocess_env: dict[str, str],
) -> None:
    """A client that is no browser (no cookie) may give the token in the query."""
    with serving(SESSION / "intervals.toml", subprocess_env) as url:
        token = url.split("token=", 1)[1]
        async with aiohttp.ClientSession() as client:
            ws = await client.ws_connect(ws_url(url) + f"&token={token}")
            assert b"Brisk walk" in await first_frame(ws)
            await ws.close()


def raw_status(url: str, request: bytes) -> int:
    """The status the server answers ``request`` with, sent byte for byte: what no
    HTTP client would send, as anyone who can connect may."""
    parts = urlsplit(url)
    with socket.create_connection((str(parts.hostname), int(parts.port or 0)), timeout=10) as conn:
        conn.sendall(request)
        answer = b""
        while b"\r\n" not in answer:
            chunk = conn.recv(4096)
            if not chunk:
                break
            answer += chunk
    return int(answer.split(b" ", 2)[1])


async def test_requests_without_the_token_cannot_reach_the_terminal(
    subprocess_env: dict[str, str],
) -> None:
    """Anyone on the network may send anything: a cookie that is no UTF-8, a line too
    long, a header with ESC in it. Each is answered (403, 400); nothing of it reaches
    the terminal serve runs in, where the address and its QR code are shown."""
    errors: list[str] = []
    with serving(SESSION / "intervals.toml", subprocess_env, stderr=errors) as url:
        port = int(urlsplit(url).port or 0)
        host = b"Host: 127.0.0.1\r\n"
        cookie = b"Cookie: timer-tui-%d=\xed\xa0\x80\r\n" % port
        assert raw_status(url, b"GET / HTTP/1.1\r\n" + host + cookie + b"\r\n") == 403
        assert raw_status(url, b"GET /?token=%ED%A0%80 HTTP/1.1\r\n" + host + b"\r\n") == 403
        long_token = b"GET /?token=" + b"a" * 9000 + b" HTTP/1.1\r\n"
        assert raw_status(url, long_token + host + b"\r\n") == 400
        escape = b"X-Title: \x1b]0;owned\x07\r\n"
        assert raw_status(url, b"GET / HTTP/1.1\r\n" + host + escape + b"\r\n") == 400
        for _ in range(2):  # aiohttp is quiet about the first bad method only
            assert raw_status(url, b"GE\x1bT / HTTP/1.1\r\n" + host + b"\r\n") == 400
    printed = errors[0]
    assert "Traceback" not in printed and "Error handling request" not in printed, printed
    assert "\x1b" not in printed
