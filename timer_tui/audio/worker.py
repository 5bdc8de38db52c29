"""The audio process: ``python -m timer_tui.audio.worker``, fed JSON lines on stdin.

Sound plays here, not in the timer's process, so nothing the audio stack does
can stop or slow the timer: a native crash in an audio library ends only this
process, and ALSA's own complaints ("ALSA lib ... cannot find card '0'") go to
this process's stderr, which the parent points at /dev/null.

``--backend NAME`` (``auto``: the chain in ``outputs.py``) picks what plays;
``--survey`` tries every backend, reports each and quits (``timer-tui doctor``).

Requests (parent -> worker), one JSON object per line:

- ``{"op": "load", "key": K, "path": P}``: read the WAV into memory now, so
  playing it later costs only opening the device.
- ``{"op": "probe"}``: open the device with a few milliseconds of silence.
- ``{"op": "play", "key": K, "priority": N, "tone": bool}``: see ``queue.py``.
- ``{"op": "stop"}``: silence now, forget the queue. ``{"op": "quit"}``.

Reports (worker -> parent): ``ready`` (the backend, whose device has opened) or
``unavailable`` first, each with the backends ``passed`` over; then ``loaded``,
``probe``, ``started`` / ``finished`` / ``cut`` / ``dropped`` (with the
monotonic time, which is the same clock in both processes), and ``error`` when
the device fails during a session.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import sys
import time
from pathlib import Path
from typing import Any

from timer_tui.audio.clips import read_clip
from timer_tui.audio.outputs import CHAIN, Opened, Output, choose, describe_error, survey
from timer_tui.audio.queue import DRAIN_SECONDS, CueQueue, Report

POLL_SECONDS = 0.005
"""While a sound plays, how often to look whether it ended (to start the next)."""


class Worker:
    def __init__(self, output: Output, out: Any) -> None:
        self.output = output
        self.out = out
        self.queue = CueQueue(output, time.monotonic, self.on_report)

    def send(self, **message: object) -> None:
        self.out.write(json.dumps(message) + "\n")
        self.out.flush()

    def on_report(self, report: Report) -> None:
        self.send(event=report.what, key=report.key, at=report.at)

    def handle(self, message: dict[str, Any]) -> bool:
        """Act on one request; False means quit."""
        op = message.get("op")
        if op == "play":
            key = str(message["key"])
            if key not in self.output.clips:
                self.send(event="missing", key=key)
                return True
            try:
                self.queue.request(key, int(message["priority"]), is_tone=bool(message["tone"]))
            except Exception as exc:
                self.send(event="error", key=key, reason=describe_error(exc))
        elif op == "load":
            key = str(message["key"])
            self.load(key, Path(message["path"]))
        elif op == "probe":
            try:
                self.output.probe()
            except Exception as exc:
                self.send(event="probe", ok=False, reason=describe_error(exc))
            else:
                self.send(event="probe", ok=True)
        elif op == "stop":
            self.queue.stop()
        elif op == "quit":
            if message.get("drain"):
                self.drain(time.monotonic() + DRAIN_SECONDS)
            self.queue.stop()
            return False
        return True

    def load(self, key: str, path: Path) -> None:
        """One clip, refused on its own: whatever is wrong with one file (a rate of 0
        once divided by here) must not end the process and silence every other cue."""
        try:
            clip = read_clip(path, trim=key.startswith("speech:"))
            seconds = clip.seconds
            self.output.load(key, clip)
        except Exception as exc:
            self.send(event="loaded", key=key, ok=False, reason=describe_error(exc))
        else:
            self.send(event="loaded", key=key, ok=True, seconds=seconds)

    def drain(self, until: float) -> None:
        """Let the current and queued sounds play out (the session's last words)."""
        while self.queue.busy and time.monotonic() < until:
            self.poll()
            time.sleep(POLL_SECONDS)

    def poll(self) -> None:
        try:
            self.queue.poll()
        except Exception as exc:
            self.send(event="error", key=self.queue.current or "", reason=describe_error(exc))

    def run(self, fd: int) -> None:
        buffer = b""
        while True:
            timeout = POLL_SECONDS if self.queue.busy else None
            readable, _, _ = select.select([fd], [], [], timeout)
            if readable:
                chunk = os.read(fd, 65536)
                if not chunk:  # the timer's process is gone
                    self.queue.stop()
                    return
                buffer += chunk
                while b"\n" in buffer:
                    line, buffer = buffer.split(b"\n", 1)
                    if line.strip() and not self.handle(json.loads(line)):
                        return
            self.poll()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m timer_tui.audio.worker")
    parser.add_argument("--backend", default="auto", choices=("auto", *CHAIN))
    parser.add_argument("--survey", action="store_true", help="try every backend, report, quit")
    args = parser.parse_args(argv)
    out = sys.stdout
    if args.survey:
        return _survey(out)
    choice = choose(args.backend)
    passed = [list(p) for p in choice.passed]
    if choice.opened is None:
        _say(out, event="unavailable", reason=choice.reason, passed=passed)
        return 0
    opened: Opened = choice.opened
    worker = Worker(opened.output, out)
    worker.send(
        event="ready",
        backend=opened.name,
        version=opened.version,
        python=sys.version.split()[0],
        passed=passed,
    )
    try:
        worker.run(sys.stdin.fileno())
    finally:
        opened.output.close()
    return 0


def _survey(out: Any) -> int:
    """Each backend of the chain: whether its device opens, and if not why (for ``doctor``)."""

    def each(name: str, opened: Opened | None, reason: str) -> None:
        version = opened.version if opened is not None else None
        _say(out, event="backend", name=name, ok=opened is not None, version=version, reason=reason)

    survey(each)
    _say(out, event="surveyed")
    return 0


def _say(out: Any, **message: object) -> None:
    out.write(json.dumps(message) + "\n")
    out.flush()


if __name__ == "__main__":
    sys.exit(main())
