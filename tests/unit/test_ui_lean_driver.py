"""LeanDriver (ui/lean_driver.py): an input thread that sleeps between keys yet hears
every key, a lone Esc once its escape delay is over, its own end at once, and the end
of input without spinning; writes that reach the writer thread merged (the window
title with the next frame, a synchronized frame in one piece).

The thread runs for real on a pty or a pipe; only the app is left out (the heard
messages are recorded where the driver would post them to the app)."""

from __future__ import annotations

import asyncio
import os
import pty
import selectors
import signal
import threading
import time
import tty
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest
from textual import events
from textual.message import Message

from timer_tui.ui.lean_driver import HELD_AT_MOST, SYNC_END, SYNC_START, LeanDriver


class Recording(LeanDriver):
    """The driver without an app: what it would post is kept in ``heard``."""

    def __init__(self, fileno: int) -> None:
        app: Any = object()
        super().__init__(app, mouse=False)
        self.fileno = fileno
        self.heard: list[Message] = []

    def process_message(self, message: Message) -> None:
        self.heard.append(message)


class Writer:
    """Stands in for Textual's writer thread: one entry per hand-over."""

    def __init__(self) -> None:
        self.handed: list[str] = []

    def write(self, text: str) -> None:
        self.handed.append(text)


class CountingSelector(selectors.SelectSelector):
    calls = 0

    def select(self, timeout: float | None = None) -> list[Any]:
        CountingSelector.calls += 1
        return super().select(timeout)


@pytest.fixture
def signals_kept() -> Iterator[None]:
    """Textual's driver installs SIGTSTP and SIGCONT handlers when made."""
    kept = {s: signal.getsignal(s) for s in (signal.SIGTSTP, signal.SIGCONT, signal.SIGWINCH)}
    yield
    for number, handler in kept.items():
        signal.signal(number, handler)


def wait_for(condition: Callable[[], bool], timeout: float = 2.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


class Running:
    """A driver whose input thread reads ``fileno``; ``stop()`` as the app would."""

    def __init__(self, fileno: int) -> None:
        self.driver = Recording(fileno)
        self.driver.open_wake_pipe()
        self.thread = threading.Thread(target=self.driver.run_input_thread, daemon=True)
        self.driver._key_thread = self.thread  # as start_application_mode keeps it
        self.thread.start()

    def keys(self) -> list[str]:
        return [m.key for m in self.driver.heard if isinstance(m, events.Key)]

    def stop(self) -> float:
        started = time.monotonic()
        self.driver.disable_input()
        self.thread.join(2)
        return time.monotonic() - started


@pytest.fixture
async def on_a_pty(
    signals_kept: None, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[Running, int]]:
    """A driver made on the loop (Textual's drivers keep the running loop)."""
    monkeypatch.setattr(selectors, "SelectSelector", CountingSelector)
    CountingSelector.calls = 0
    master, slave = pty.openpty()
    tty.setraw(slave)  # as Textual sets the terminal: each key as it comes
    running = Running(slave)
    yield running, master
    running.stop()
    os.close(master)
    os.close(slave)


async def test_keys_arrive_and_the_thread_sleeps_between_them(
    on_a_pty: tuple[Running, int],
) -> None:
    running, master = on_a_pty
    os.write(master, b"ab")
    assert wait_for(lambda: running.keys() == ["a", "b"])
    calls = CountingSelector.calls
    time.sleep(0.6)  # Textual's own loop looks 6 times in this (a 0.1 s timeout)
    assert CountingSelector.calls - calls == 0
    os.write(master, b"q")
    assert wait_for(lambda: running.keys() == ["a", "b", "q"])


async def test_a_lone_escape_arrives_after_the_escape_delay(
    on_a_pty: tuple[Running, int],
) -> None:
    running, master = on_a_pty
    sent = time.monotonic()
    os.write(master, b"\x1b")  # nothing follows: not the start of a sequence
    assert wait_for(lambda: running.keys() == ["escape"], timeout=1.5)
    assert time.monotonic() - sent < 1.0
    os.write(master, b"\x1b[A")  # a whole sequence is one key, not Esc then [ A
    assert wait_for(lambda: running.keys() == ["escape", "up"])


async def test_the_thread_ends_at_once_when_input_is_disabled(
    on_a_pty: tuple[Running, int],
) -> None:
    running, _master = on_a_pty
    time.sleep(0.2)
    assert running.stop() < 0.5
    assert not running.thread.is_alive()
    assert running.driver._wake_pipe is None  # closed by the app's side, after the join


async def test_the_end_of_input_stops_the_reading_without_spinning(
    signals_kept: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "SelectSelector", CountingSelector)
    CountingSelector.calls = 0
    read_end, write_end = os.pipe()
    running = Running(read_end)
    os.write(write_end, b"x")
    os.close(write_end)  # the end of input: reads now return nothing at once
    assert wait_for(lambda: running.keys() == ["x"])
    time.sleep(0.3)
    assert CountingSelector.calls <= 4  # Textual's loop: thousands (it spins)
    assert running.stop() < 0.5
    os.close(read_end)


def writing_driver(signals_kept: None) -> tuple[Recording, Writer]:
    driver = Recording(0)
    writer = Writer()
    driver._writer_thread = writer  # type: ignore[assignment]
    return driver, writer


async def test_the_title_goes_out_with_the_next_frame(signals_kept: None) -> None:
    driver, writer = writing_driver(signals_kept)
    driver.write_with_next_frame("\x1b]2;1:24 Run\x07")
    assert writer.handed == []
    driver.write("<frame>")
    assert writer.handed == ["\x1b]2;1:24 Run\x07<frame>"]
    await asyncio.sleep(HELD_AT_MOST + 0.1)
    assert writer.handed == ["\x1b]2;1:24 Run\x07<frame>"]  # the fallback was cancelled


async def test_a_title_with_no_frame_goes_out_alone_soon(signals_kept: None) -> None:
    driver, writer = writing_driver(signals_kept)
    driver.write_with_next_frame("\x1b]2;paused\x07")
    await asyncio.sleep(HELD_AT_MOST + 0.1)
    assert writer.handed == ["\x1b]2;paused\x07"]


async def test_a_synchronized_frame_is_handed_over_in_one_piece(signals_kept: None) -> None:
    driver, writer = writing_driver(signals_kept)
    driver.write(SYNC_START)
    driver.write("<frame>")
    assert writer.handed == []
    driver.write(SYNC_END)
    driver.write("\x07")  # a bell outside a frame goes at once
    assert writer.handed == [f"{SYNC_START}<frame>{SYNC_END}", "\x07"]


def test_the_app_uses_it_unless_textual_driver_names_another(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from textual import constants
    from textual.drivers.web_driver import WebDriver

    from timer_tui.ui.app import TimerApp

    assert TimerApp.get_driver_class(TimerApp.__new__(TimerApp)) is LeanDriver
    monkeypatch.setattr(constants, "DRIVER", "textual.drivers.web_driver:WebDriver")
    assert TimerApp.get_driver_class(TimerApp.__new__(TimerApp)) is WebDriver


async def test_a_stop_inside_a_frame_hands_over_what_was_gathered_first(
    signals_kept: None,
) -> None:
    """SIGTSTP from outside can land between a frame's marks: the half frame goes out,
    then the terminal's modes are restored (leaving the alternate screen), not held."""
    master, slave = pty.openpty()
    try:
        driver, writer = writing_driver(signals_kept)
        driver.fileno = slave
        driver.write_with_next_frame("\x1b]2;0:17 Run\x07")
        driver.write(SYNC_START)
        driver.write("<half a frame>")
        driver.stop_application_mode()
        assert writer.handed[0] == f"\x1b]2;0:17 Run\x07{SYNC_START}<half a frame>"
        assert any("\x1b[?1049l" in text for text in writer.handed[1:])  # alt screen left
    finally:
        os.close(master)
        os.close(slave)


async def test_writes_from_the_input_thread_go_straight_out(signals_kept: None) -> None:
    """The input thread writes too (a terminal that confirms in-band resize gets its
    modes): those bypass the gathering, which belongs to the app's thread."""
    driver, writer = writing_driver(signals_kept)
    driver.write(SYNC_START)
    driver.write("<frame>")
    other = threading.Thread(target=driver.write, args=("\x1b[?2048h",))
    other.start()
    other.join()
    assert writer.handed == ["\x1b[?2048h"]
    driver.write(SYNC_END)
    assert writer.handed == ["\x1b[?2048h", f"{SYNC_START}<frame>{SYNC_END}"]
