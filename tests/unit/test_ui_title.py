"""The terminal title: the user's title saved before the first change and given back
at the end; nothing written when off, headless, or before the app has a driver."""

from __future__ import annotations

from typing import Any

from timer_tui.ui.title import POP_TITLE, PUSH_TITLE, TerminalTitle


class Driver:
    def __init__(self) -> None:
        self.written: list[str] = []

    def write(self, data: str) -> None:
        self.written.append(data)


class FakeApp:
    def __init__(self, *, headless: bool = False) -> None:
        self._driver: Driver | None = Driver()
        self.is_headless = headless


def title_for(app: FakeApp, *, enabled: bool = True) -> TerminalTitle:
    fake: Any = app
    return TerminalTitle(fake, enabled=enabled)


def test_the_users_title_is_saved_once_and_given_back() -> None:
    app = FakeApp()
    title = title_for(app)
    title.set("1:24 Run")
    title.set("1:23 Run")
    title.restore()
    assert app._driver is not None
    assert app._driver.written == [
        PUSH_TITLE,
        "\x1b]2;1:24 Run\x07",
        "\x1b]2;1:23 Run\x07",
        POP_TITLE,
    ]


def test_control_characters_never_reach_the_terminal() -> None:
    app = FakeApp()
    title_for(app).set("Run\x1b]0;evil\x07 1:00")
    assert app._driver is not None
    # Shown escaped by the one sanitiser (core.safe_text), as everywhere else.
    assert app._driver.written[-1] == "\x1b]2;Run\\x1b]0;evil\\x07 1:00\x07"


def test_nothing_is_written_when_off_headless_or_without_a_driver() -> None:
    off, headless, early = FakeApp(), FakeApp(headless=True), FakeApp()
    early._driver = None
    for app, enabled in ((off, False), (headless, True), (early, True)):
        title = title_for(app, enabled=enabled)
        title.set("1:00 Walk")
        title.restore()
    assert off._driver is not None and off._driver.written == []
    assert headless._driver is not None and headless._driver.written == []


class FrameDriver(Driver):
    """A driver that can hold a write for its next frame (ui/lean_driver.py)."""

    def __init__(self) -> None:
        super().__init__()
        self.held: list[str] = []

    def write_with_next_frame(self, data: str) -> None:
        self.held.append(data)


def test_the_title_waits_for_the_frame_where_the_driver_can_hold_it() -> None:
    app = FakeApp()
    driver = app._driver = FrameDriver()
    title_for(app).set("1:24 Run")
    assert driver.held == [PUSH_TITLE, "\x1b]2;1:24 Run\x07"] and driver.written == []
