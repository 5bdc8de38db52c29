"""Where cues go: the audio process (a library or a system player), the terminal bell, or nowhere.

Every backend's ``play`` returns at once and never raises: the timer calls it
from its own loop and must not wait on, or be broken by, anything audio does.
A backend that stops working says so through ``failure``; the player reads it
on its next call and falls back, in the timer's thread, so the UI is told from
the thread that owns it.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import timer_tui
from timer_tui.audio.queue import DRAIN_SECONDS as DRAIN_SECONDS
from timer_tui.core.cues import Cue, CueKind, Priority

START_TIMEOUT = 10.0
"""Seconds to wait for the worker to start, load every clip and open the device."""


class Backend(Protocol):
    name: str

    @property
    def failure(self) -> str | None:
        """Why this backend stopped working, or None while it works."""
        ...

    def play(self, cue: Cue, key: str) -> None: ...

    def stop(self) -> None: ...

    def close(self) -> None: ...


class NullBackend:
    """Plays nothing: audio turned off on purpose, or after every fallback failed."""

    name = "none"
    failure: str | None = None

    def play(self, cue: Cue, key: str) -> None:
        pass

    def stop(self) -> None:
        pass

    def close(self) -> None:
        pass


def terminal_bell() -> None:
    """Ring the terminal's bell; the app passes its own ``App.bell`` instead.

    Only into a terminal: a BEL in piped output (``--plain --json`` read by a
    script) would corrupt the line it lands in and reach no ear.
    """
    for stream in (sys.__stdout__, sys.__stderr__):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            if stream is not None and stream.isatty():
                stream.write("\a")
                stream.flush()
                return


class BellBackend:
    """The fallback: the terminal bell (and the UI's flash) for tones, nothing for words.

    Only boundaries and countdowns ring; a bell for every cue would blur them.
    """

    name = "terminal bell"
    failure: str | None = None

    def __init__(
        self, bell: Callable[[], None] = terminal_bell, flash: Callable[[], None] | None = None
    ) -> None:
        self._bell = bell
        self._flash = flash

    def play(self, cue: Cue, key: str) -> None:
        if cue.kind is CueKind.SPEECH or cue.priority < Priority.BOUNDARY:
            return
        self._bell()
        if self._flash is not None:
            self._flash()

    def stop(self) -> None:
        pass

    def close(self) -> None:
        pass


@dataclass(slots=True)
class StartResult:
    """What the worker said while starting: its version, the device, clips it refused."""

    failure: str | None = None
    backend: str | None = None
    """The backend the worker chose (``outputs.CHAIN``), once its device opened."""
    version: str | None = None
    python: str | None = None
    device_opened: bool = False
    passed: list[tuple[str, str]] = field(default_factory=list)
    """Each backend tried before it (or every one, on failure) and why it was passed over."""
    refused: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def worker_command(python: str | None = None, choice: str = "auto") -> list[str]:
    return [python or sys.executable, "-m", "timer_tui.audio.worker", "--backend", choice]


def package_root() -> str:
    """The folder holding the timer_tui in use (site-packages, or a source tree)."""
    return str(Path(timer_tui.__file__).resolve().parent.parent)


def worker_env() -> dict[str, str]:
    """The worker imports this same timer_tui, even when it runs from a source tree."""
    env = dict(os.environ)
    root = package_root()
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return env


def _reap(proc: subprocess.Popen[bytes], limit: float) -> None:
    try:
        proc.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=1.0)


class WorkerBackend:
    """A library or a system player, playing in ``python -m timer_tui.audio.worker``.

    ``choice`` is the config's ``[audio] backend``: ``auto`` lets the worker take
    the first of its chain whose device opens (``outputs.py``); ``name`` is then
    the one it took.

    ``play`` is one non-blocking write of a short line to a pipe (microseconds).
    A reader thread follows what the worker reports; if the worker dies or the
    device fails, ``failure`` says why and the player falls back.
    """

    def __init__(
        self,
        *,
        choice: str = "auto",
        python: str | None = None,
        env: Mapping[str, str] | None = None,
        on_report: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self.name = "audio process"
        self._command = worker_command(python, choice)
        self._env = dict(env) if env is not None else worker_env()
        self._on_report = on_report
        self._proc: subprocess.Popen[bytes] | None = None
        self._fd = -1
        self._lock = threading.Lock()
        self._replies: queue.Queue[dict[str, Any]] = queue.Queue()
        self._failure: str | None = None
        self._closing = False

    @property
    def failure(self) -> str | None:
        return self._failure

    @property
    def exit_code(self) -> int | None:
        """The worker's exit status once it has ended (negative: killed by that signal)."""
        return self._proc.poll() if self._proc is not None else None

    def start(self, clips: Mapping[str, Path], timeout: float = START_TIMEOUT) -> StartResult:
        """Start the worker (it picks a backend and opens its device), then load every clip.

        Blocks up to ``timeout``.
        """
        result = StartResult()
        deadline = time.monotonic() + timeout
        try:
            self._proc = subprocess.Popen(
                self._command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,  # ALSA's own messages must never reach the screen
                env=self._env,
                # "-m" puts the working folder first on the import path: start from the
                # package's own folder, so another timer_tui in the user's folder is never run.
                cwd=package_root(),
                close_fds=True,
            )
        except OSError as exc:
            result.failure = self._fail(f"the audio process could not start ({exc})")
            return result
        assert self._proc.stdin is not None
        self._fd = self._proc.stdin.fileno()
        threading.Thread(target=self._read, name="timer-tui-audio-reader", daemon=True).start()

        hello = self._reply(deadline, {"ready", "unavailable"})
        if hello is not None:
            result.passed = [(str(n), str(r)) for n, r in hello.get("passed", [])]
        if hello is None or hello["event"] == "unavailable":
            reason = (
                hello.get("reason", "")
                if hello
                else self._failure or "the audio process did not answer"
            )
            result.failure = self._fail(str(reason))
            self.close()
            return result
        result.backend = self.name = str(hello.get("backend", "?"))
        result.version = hello.get("version")
        result.python = hello.get("python")
        result.device_opened = True  # the worker picks a backend only once its device opens
        os.set_blocking(self._fd, False)
        loaded = self.load(clips, max(0.0, deadline - time.monotonic()))
        result.refused, result.seconds = loaded.refused, loaded.seconds
        return result

    def load(self, clips: Mapping[str, Path], timeout: float = START_TIMEOUT) -> StartResult:
        """Load more clips into the started worker; ``refused`` and ``seconds`` say how it went."""
        result = StartResult()
        deadline = time.monotonic() + timeout
        for key, path in clips.items():
            self._send({"op": "load", "key": key, "path": str(path)})
        pending = set(clips)
        while pending:
            reply = self._reply(deadline, {"loaded"})
            if reply is None:
                for key in pending:
                    result.refused[key] = (
                        self._failure or "the audio process did not answer in time"
                    )
                break
            key = reply["key"]
            pending.discard(key)
            if reply.get("ok"):
                result.seconds[key] = float(reply.get("seconds", 0.0))
            else:
                result.refused[key] = str(reply.get("reason", "unreadable"))
        return result

    def play(self, cue: Cue, key: str) -> None:
        self._send(
            {
                "op": "play",
                "key": key,
                "priority": int(cue.priority),
                "tone": cue.kind is CueKind.TONE,
            }
        )

    def stop(self) -> None:
        self._send({"op": "stop"})

    def close(self, *, drain: bool = False, wait: bool = True) -> None:
        """Stop the worker; with ``drain``, let what plays and waits end first (a few seconds at most).

        ``wait=False`` returns at once (a UI thread must not stall while the last
        words play): the worker finishes on its own and a thread reaps it.
        """
        proc = self._proc
        if proc is None or self._closing:
            return
        self._send({"op": "quit", "drain": drain})
        self._closing = True
        with contextlib.suppress(OSError):
            if proc.stdin is not None:
                proc.stdin.close()
        limit = DRAIN_SECONDS + 1.0 if drain else 1.0
        if wait:
            _reap(proc, limit)
        else:
            threading.Thread(target=_reap, args=(proc, limit), daemon=True).start()

    # -- internals ---------------------------------------------------------------
    def _send(self, message: dict[str, Any]) -> None:
        if self._failure is not None or self._fd < 0:
            return
        data = (json.dumps(message) + "\n").encode()
        with self._lock:
            try:
                # Shorter than PIPE_BUF, so written whole or not at all.
                os.write(self._fd, data)
            except BlockingIOError:
                self._fail("the audio process stopped responding")
                self._kill()
            except (BrokenPipeError, OSError, ValueError):
                if not self._closing:
                    self._fail(self._exit_reason(wait=False))

    def _read(self) -> None:
        proc = self._proc
        assert proc is not None and proc.stdout is not None
        for line in proc.stdout:
            try:
                message = json.loads(line)
            except ValueError:
                continue
            event = message.get("event")
            if event == "error" and not self._closing:
                self._fail(str(message.get("reason", "the sound device failed")))
            if self._on_report is not None:
                self._on_report(message)
            if event in ("ready", "unavailable", "loaded", "probe"):
                self._replies.put(message)
        if not self._closing:
            self._fail(self._exit_reason())
        self._replies.put({"event": "eof"})

    def _reply(self, deadline: float, events: set[str]) -> dict[str, Any] | None:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                message = self._replies.get(timeout=left)
            except queue.Empty:
                return None
            if message["event"] == "eof":
                return None
            if message["event"] in events:
                return message

    def _exit_reason(self, *, wait: bool = True) -> str:
        """Why the worker is gone; only the reader thread may wait for its exit code."""
        proc = self._proc
        code = None
        if proc is not None:
            if wait:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    code = proc.wait(timeout=0.5)
            else:
                code = proc.poll()
        if code is not None and code < 0:
            return f"the audio process crashed (signal {-code})"
        return "the audio process stopped" + (f" (exit {code})" if code else "")

    def _fail(self, reason: str) -> str:
        if self._failure is None:
            self._failure = reason
        return self._failure

    def _kill(self) -> None:
        if self._proc is not None:
            with contextlib.suppress(OSError):
                self._proc.kill()
