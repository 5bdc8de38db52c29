"""`timer-tui serve` driven from a real browser: Debian's headless Chromium, through its
own chromedriver (Selenium is told where it is, so nothing is downloaded).

On a phone's screen (412x915 CSS pixels): the page shows the digits, a tap on
Pause pauses the session, a closed tab pauses it too and the next visit finds it
paused; the log says so (each step's paused seconds). A request without the
token is refused.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import logged_sessions, timer_tui_command
from timer_tui.core.kinds import Kind
from timer_tui.log.records import SessionRecord
from timer_tui.ui.widgets.palette import kind_style

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SESSION = Path(__file__).resolve().parent.parent / "app" / "sessions" / "test-program"
HILLS = Path(__file__).resolve().parent.parent / "app" / "treadmill" / "hills.toml"
"""A treadmill session: the phone shows its speed and incline too."""
PHONE = (412, 915)
SHOTS = Path(os.environ.get("TIMER_TUI_SHOTS", tempfile.gettempdir()))
"""Where the screenshots are kept, to be looked at."""

# Before the page's own script: the terminal's size (columns, rows) as the page sends
# it to the app, so a test can aim at a button's cells.
RECORD_SIZE = """
const Native = window.WebSocket;
window.__size = null;
window.WebSocket = function (url, protocols) {
  const ws = new Native(url, protocols);
  const m = /width=(\\d+)&height=(\\d+)/.exec(url);
  if (m) window.__size = [Number(m[1]), Number(m[2])];
  const send = ws.send.bind(ws);
  ws.send = (data) => {
    try {
      const msg = JSON.parse(data);
      if (msg[0] === "resize") window.__size = [msg[1].width, msg[1].height];
    } catch (e) {}
    send(data);
  };
  return ws;
};
window.WebSocket.prototype = Native.prototype;
"""


@pytest.fixture
def server(subprocess_env: dict[str, str]) -> Iterator[str]:
    """`timer-tui serve` on a free port; its printed URL (token included)."""
    with serving(HILLS, subprocess_env) as url:
        yield url


@contextlib.contextmanager
def serving(
    session: Path, env: dict[str, str], *, mute: bool = True, stderr: list[str] | None = None
) -> Iterator[str]:
    """`timer-tui serve SESSION` on a free port, stopped at the end; its printed URL.
    Given ``stderr``, what the server printed there is added to it once it has stopped."""
    process = subprocess.Popen(
        [*timer_tui_command(), "serve", str(session), "--port", "0", *(["--mute"] * mute)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"http://\S+", line)
        assert match, (line, process.poll())
        yield match.group(0)
    finally:
        process.terminate()
        try:
            _, errors = process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            _, errors = process.communicate()
        print(errors)  # the server's and the app's messages, shown when a test fails
        if stderr is not None:
            stderr.append(errors)


@pytest.fixture
def browser() -> Iterator[Any]:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        if os.environ.get("CI"):
            pytest.fail("chromium and chromium-driver are missing (.ci/run installs them)")
        pytest.skip("needs Debian's chromium and chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="timer-tui-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    width, height = PHONE
    options.add_experimental_option(
        "mobileEmulation", {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 1}}
    )
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_SIZE})
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait_until(check: Callable[[], Any], timeout: float = 10.0, what: str = "") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def open_page(driver: Any, url: str) -> tuple[int, int]:
    """Load the page; once the app has drawn, the terminal's (columns, rows)."""
    driver.get(url)
    wait_until(  # the app process starts on the first visit: Python, Textual, the session
        lambda: "-first-byte" in driver.execute_script("return document.body.className"),
        timeout=30,
        what="the app's first screen",
    )
    size = wait_until(lambda: driver.execute_script("return window.__size"), what="its size")
    time.sleep(0.5)  # the frame after the resize
    return int(size[0]), int(size[1])


def tap_cell(driver: Any, column: float, row: float, size: tuple[int, int]) -> None:
    """A click in the middle of the terminal cell (column, row), as a finger's tap."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    screen = driver.find_element(By.CSS_SELECTOR, ".xterm-screen")
    box = screen.rect
    x = (column + 0.5) * box["width"] / size[0] - box["width"] / 2
    y = (row + 0.5) * box["height"] / size[1] - box["height"] / 2
    ActionChains(driver).move_to_element_with_offset(screen, int(x), int(y)).click().perform()


def button_middle(size: tuple[int, int], which: str) -> tuple[float, float]:
    """A button's middle cell. Held upright, the buttons are five rows tall above a
    blank row and the footer; across the width (less one cell each side and one
    between them): Back, Pause (half as wide again), +10 s, Next, in 2:3:2:2."""
    columns, rows = size
    unit = (columns - 2 - 3) / 9
    left = {"back": 1, "pause": 2 + 2 * unit, "next": 4 + 7 * unit}[which]
    wide = 3 * unit if which == "pause" else 2 * unit
    return left + wide / 2, rows - 5


def accent_pixels(png: bytes, kind: Kind, rows: range) -> int:
    """How many pixels of ``rows`` are in the kind's colour (the big digits)."""
    from PIL import Image

    accent = kind_style(kind).accent.lstrip("#")
    want = tuple(int(accent[i : i + 2], 16) for i in (0, 2, 4))
    image = Image.open(io.BytesIO(png)).convert("RGB")
    count = 0
    for y in rows:
        for x in range(0, image.width, 2):
            pixel = image.getpixel((x, y))
            assert isinstance(pixel, tuple)
            if all(abs(int(a) - b) <= 24 for a, b in zip(pixel, want, strict=True)):
                count += 1
    return count


def logged_steps(count: int) -> SessionRecord:
    def read() -> SessionRecord | None:
        runs = logged_sessions(with_steps=True)
        return runs[0] if runs and len(runs[0].steps) >= count else None

    record: SessionRecord = wait_until(read, what=f"{count} steps in the log")
    return record


def test_no_token_no_session(server: str) -> None:
    base = server.split("?")[0]
    for url in (base, base + "?token=wrong", base + "ws", base + "static/js/textual.js"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url, timeout=5)
        assert refused.value.code == 403, url
    with urllib.request.urlopen(server, timeout=5) as page:
        assert page.status == 200
        cookie = page.headers["Set-Cookie"]
        assert re.match(r"timer-tui-\d+=", cookie), cookie
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie, cookie


def test_the_phone_taps_pause_and_a_closed_tab_pauses(server: str, browser: Any) -> None:
    size = open_page(browser, server)
    assert 40 <= size[0] <= 48 and 40 <= size[1] <= 52, size  # about 45x50 on a phone
    # The big digits: the warm-up's colour in the middle of the screen (the band is
    # above). The first bytes (the terminal's modes) come before the first frame, which
    # a loaded machine may draw seconds later.
    middle = range(PHONE[1] // 4, PHONE[1] * 3 // 4, 4)

    def digits_shown() -> bool:
        return accent_pixels(browser.get_screenshot_as_png(), Kind.WARMUP, middle) > 300

    wait_until(digits_shown, timeout=30, what="the big digits on the page")
    time.sleep(0.5)  # the footer's keys and the readout's size, a frame or two later
    (SHOTS / "timer-tui-serve-phone.png").write_bytes(browser.get_screenshot_as_png())

    tap_cell(browser, *button_middle(size, "pause"), size)  # pause during the warm-up...
    time.sleep(1.5)
    tap_cell(browser, *button_middle(size, "pause"), size)  # ...resume,
    time.sleep(0.3)
    tap_cell(browser, *button_middle(size, "next"), size)  # and on to the run
    record = logged_steps(1)
    assert record.steps[0].paused_seconds >= 1.0, record.steps[0]

    time.sleep(0.5)
    browser.get("about:blank")  # the tab goes: the run pauses
    time.sleep(2.0)
    size = open_page(browser, server)  # the next visit finds it paused
    (SHOTS / "timer-tui-serve-phone-back.png").write_bytes(browser.get_screenshot_as_png())
    tap_cell(browser, *button_middle(size, "next"), size)
    record = logged_steps(2)
    assert record.steps[1].paused_seconds >= 1.8, record.steps[1]  # no tap paused it
