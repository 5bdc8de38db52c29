"""Plain mode: run a session as one line per event, keys from stdin lines.

For scripts, pipes, screen readers and tests. The loop sleeps only until the
engine's next deadline (or a line arrives on stdin), so boundaries are on time.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import stat
import sys
import time
from collections.abc import Callable, Iterable
from types import FrameType
from typing import IO

from timer_tui.cli.loads import LoadMemory, parse_done
from timer_tui.cli.stop_signals import StopSignals
from timer_tui.core.durations import format_clock, format_elapsed
from timer_tui.core.engine import Clock, Engine, Event, EventKind, Status, StepOutcome, Subscriber
from timer_tui.core.format_spec import MAX_REPS
from timer_tui.core.model import Session
from timer_tui.core.safe_text import safe_text, shorten
from timer_tui.core.stops import stopped_notice
from timer_tui.core.timeline import Timeline, TimelineStep
from timer_tui.core.treadmill import distance_m, treadmill_record
from timer_tui.core.wording import plural

EXIT_BROKEN_PIPE = 128 + signal.SIGPIPE
"""The status of a process that SIGPIPE ended, which is what pipelines expect."""

KeyHook = Callable[[str], "bool | str | None"]
"""Sees each stdin line first: True or a line to print when it handled it."""

KEYS_HELP = (
    "keys (type, then Enter): Enter = done/next · space or 'pause' = pause/resume · "
    "n = next · p = previous · + / - = add/remove 10 s · d N = done with N reps · "
    "d N 20kg = with a load · m = mute/sound on · q = quit"
)


def _clock_ms(t: float) -> str:
    minutes, seconds = divmod(max(0.0, t), 60)
    return f"{int(minutes):2d}:{seconds:06.3f}"


class EventPrinter:
    """Turns engine events into lines, plain or JSON, flushed at once."""

    def __init__(
        self, timeline: Timeline, out: IO[str], *, as_json: bool, clock: Clock, origin: float
    ) -> None:
        self.timeline = timeline
        self.out = out
        self.as_json = as_json
        self.clock = clock
        self.origin = origin
        self.closed = False
        """The reader of ``out`` has gone (``| head``): the run stops, as a quit."""
        self.loads = LoadMemory()
        """Each exercise's last load, which a rep step's line offers again."""
        self.session_name: str | None = None
        """Named on ``session_started`` (and ``session_finished``) in JSON lines."""

    def __call__(self, event: Event) -> None:
        line = self.json_line(event) if self.as_json else self.text_line(event)
        if line is not None:
            self.write(line)

    def write(self, line: str) -> None:
        """Write one line; a closed pipe is noted once, never raised into the engine."""
        if self.closed:
            return
        if not self.as_json:  # a JSON line is escaped by json.dumps; a text line here
            line = safe_text(line)
        try:
            self.out.write(line + "\n")
            self.out.flush()
        except BrokenPipeError:
            self.closed = True

    def json_line(self, event: Event) -> str:
        record: dict[str, object] = {
            "event": event.kind.value,
            "t": round(event.t, 4),
            "index": event.index,
            "name": self._name(event),
            "kind": event.step.kind.value if event.step else None,
            "late_ms": round((self.clock() - self.origin - event.t) * 1000, 2),
        }
        step = event.step
        if event.kind is EventKind.STEP_STARTED and step is not None:
            record.update(seconds=step.seconds, reps=step.reps, label=step.label, note=step.note)
            record.update(treadmill_record(step))
            if not step.is_timed:
                record.update(score=step.score, last_load=self.loads.last.get(step.name))
        if event.count is not None:
            record["count"] = event.count
        if event.kind is EventKind.CHANGE_AHEAD and event.index + 1 < len(self.timeline):
            following = self.timeline[event.index + 1]  # the belt's next speed, in `count` s
            belt = treadmill_record(following)
            record["next"] = {"index": following.index, "name": following.name, **belt}
        if event.delta is not None:
            record["delta"] = event.delta
        if event.stopped is not None:
            record["stopped"] = round(event.stopped, 3)
        if event.result is not None:
            record.update(
                outcome=event.result.outcome.value,
                active=round(event.result.active, 3),
                paused=round(event.result.paused, 3),
                adjusted=event.result.adjusted,
                reps_done=event.result.reps_done,
            )
            if step is not None and step.speed_kmh is not None:
                record["distance_m"] = round(
                    distance_m(step.speed_kmh, event.result.active) or 0, 1
                )
        return json.dumps(record)

    def text_line(self, event: Event) -> str | None:
        at = _clock_ms(event.t)
        step = event.step
        kind = event.kind
        if kind is EventKind.SESSION_STARTED:
            total = format_clock(self.timeline.total_seconds)
            return f"{at}  start   {plural(len(self.timeline), 'step')}, {total} timed"
        if step is None:
            return None
        position = f"{event.index + 1}/{len(self.timeline)}"
        if kind is EventKind.STEP_STARTED:
            label = f"  ({step.label})" if step.label else ""
            note = f'  "{step.note}"' if step.note else ""
            wait = "" if step.is_timed else f"  [{self.waiting_for(step)}]"
            if step.treadmill_text:
                wait = f"  {step.treadmill_text}"
            return f"{at}  step {position}  {step.kind.label.upper()} {step.name} {step.amount}{label}{note}{wait}"
        if kind is EventKind.COUNTDOWN:
            return f"{at}  {event.count}"
        if kind is EventKind.HALFWAY:
            return f"{at}  halfway"
        if kind is EventKind.CHANGE_AHEAD and event.index + 1 < len(self.timeline):
            following = self.timeline[event.index + 1]
            belt = following.treadmill_text or "off the belt"
            return f"{at}  in {event.count} s: {following.name} {belt}"
        if kind is EventKind.STEP_ENDED and event.result is not None:
            r = event.result
            reps = f", {plural(r.reps_done, 'rep')}" if r.reps_done is not None else ""
            # "previous" leaves this step to restart it or the one before: say "back from".
            verb = "back from" if r.outcome is StepOutcome.RESTARTED else r.outcome.value
            return f"{at}  {verb} {step.name} ({format_elapsed(r.active)}{reps})"
        if kind is EventKind.ADJUSTED and event.delta is not None:
            return f"{at}  {event.delta:+d} s on {step.name}"
        if kind is EventKind.PAUSED and event.stopped is not None:
            return f"{at}  {stopped_notice(event.stopped)}"
        if kind in (EventKind.PAUSED, EventKind.RESUMED):
            return f"{at}  {kind.value}"
        if kind is EventKind.SESSION_FINISHED:
            return f"{at}  session complete"
        if kind is EventKind.SESSION_QUIT:
            return f"{at}  session quit at step {position}"
        return None  # pragma: no cover - every kind is handled above

    def _name(self, event: Event) -> str | None:
        """The session's name on the session's own events, else the step's."""
        if event.kind in (EventKind.SESSION_STARTED, EventKind.SESSION_FINISHED):
            return self.session_name or (event.step.name if event.step else None)
        return event.step.name if event.step else None

    def waiting_for(self, step: TimelineStep) -> str:
        """What a rep step waits for: Enter, or the count of a score step; and its load."""
        asked = "enter the count: d N" if step.score else "Enter when done"
        hint = self.loads.hint(step)
        return f"{asked}; {hint}" if hint else asked


def handle_command(engine: Engine, line: str, loads: LoadMemory | None = None) -> str | None:
    """Apply one stdin line to the engine; returns a message for the user, if any.

    ``loads`` remembers the load of each exercise, so that the next set's Enter
    takes it again (``d N LOAD`` sets it).
    """
    word = line.rstrip("\n")
    if word == " " or word.strip() in ("pause", "resume", "space"):
        engine.toggle_pause()
        return None
    loads = loads if loads is not None else LoadMemory()
    step = engine.step
    done_with = parse_done(word)
    word = word.strip().lower()
    if word in ("", "done", "d"):
        if step.is_timed:
            engine.next()
        elif step.score:
            # The planned number is only a placeholder: never log it unasked.
            return f"{step.name}: enter the count: d N"
        else:
            engine.done(load=loads.for_enter(step))
    elif done_with is not None:
        reps, load = done_with
        if reps > MAX_REPS:  # SQLite's integer ends at 19 digits; the format at 10,000
            return f"{step.name}: reps done: found {shorten(str(reps))}; from 0 to {MAX_REPS:,}"
        load = load or loads.for_enter(step)
        loads.used(step, load)
        engine.done(reps=reps, load=load)
    elif word in ("n", "next"):
        engine.next()
    elif word in ("p", "prev", "previous", "back", "b"):
        engine.previous()
    elif word in ("+", "-") or (word[:1] in "+-" and word[1:].isdigit()):
        amount = int(word[1:]) if word[1:] else 10
        engine.adjust(amount if word[0] == "+" else -amount)
    elif word in ("q", "quit", "exit"):
        engine.quit()
    elif word in ("?", "h", "help"):
        return KEYS_HELP
    else:
        return f'unknown key "{word}"; {KEYS_HELP}'
    return None


def run_plain(
    session: Session,
    timeline: Timeline,
    *,
    as_json: bool = False,
    out: IO[str] | None = None,
    inp: IO[str] | None = None,
    clock: Clock = time.monotonic,
    subscribers: Iterable[Subscriber] = (),
    on_key: KeyHook | None = None,
    start_index: int = 0,
    journal: Iterable[Subscriber] = (),
    resume_after_stop: bool = False,
    last_loads: dict[str, str] | None = None,
) -> int:
    """Run to the end (exit 0) or until quit (exit 1); returns the exit status.

    When the reader of ``out`` goes away (``| head``) the run is quit at once and
    the status is 141, as for a process that SIGPIPE ended: what pipelines expect.

    The cue ``subscribers`` hear each batch of events first (the engine hands a
    batch to one subscriber after another), so no sound waits on the disk; then
    ``journal`` (the log's recorder), then the printer: a step's row is committed
    before its ``step_ended`` line is out. A stop (Ctrl+Z,
    ``SIGSTOP``, a suspend) pauses the run, or only notes itself and goes on when
    ``resume_after_stop``.

    ``on_key`` sees each stdin line first and returns True (or a line to print, such
    as "muted") when it handled it
    (the audio subscriber uses it for ``m``, mute). ``last_loads`` is the log's last
    load of each exercise, offered again on its step line.
    """
    out = out or sys.stdout
    inp = inp or sys.stdin
    engine = Engine(timeline, clock=clock, cues=session.cues, start_index=start_index)
    printer = EventPrinter(timeline, out, as_json=as_json, clock=clock, origin=clock())
    printer.loads = LoadMemory(last_loads)
    printer.session_name = session.name
    ordered: list[Subscriber] = [*subscribers, *journal, printer]
    for subscriber in ordered:
        engine.subscribe(subscriber)

    signals = _SignalWatch()
    stops = StopSignals(engine, resume_after_stop=resume_after_stop)
    try:
        engine.start()
        printer.origin = engine.clock() - engine.state().t
        _loop(engine, inp, printer, on_key, signals, stops)
    except KeyboardInterrupt:
        engine.quit()  # Ctrl+C is the user's own choice to stop: a quit
    finally:
        stops.close()
        signals.close()
    if signals.received:
        # A closed terminal or a shutdown is not a choice: the session stays open in
        # the log (it shows as interrupted and can be resumed), and we stop at once.
        return 128 + signals.received
    if printer.closed:
        return EXIT_BROKEN_PIPE
    return 0 if engine.status is Status.FINISHED else 1


class _SignalWatch:
    """SIGTERM and SIGHUP only note themselves and wake the loop through a pipe.

    Raising from the handler would land wherever the program happens to be (inside
    a subscriber, which the engine isolates), so the loop checks ``received`` instead.
    """

    def __init__(self) -> None:
        self.received = 0
        self.read_fd, self._write_fd = os.pipe()
        os.set_blocking(self.read_fd, False)
        os.set_blocking(self._write_fd, False)
        self._old_wakeup = signal.set_wakeup_fd(self._write_fd)
        self._previous = {s: signal.signal(s, self._note) for s in (signal.SIGTERM, signal.SIGHUP)}

    def _note(self, signum: int, frame: FrameType | None) -> None:
        self.received = signum

    def drain(self) -> None:
        with contextlib.suppress(BlockingIOError):
            os.read(self.read_fd, 512)

    def close(self) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        signal.set_wakeup_fd(self._old_wakeup)
        os.close(self.read_fd)
        os.close(self._write_fd)


def _loop(
    engine: Engine,
    inp: IO[str],
    printer: EventPrinter,
    on_key: KeyHook | None,
    signals: _SignalWatch,
    stops: StopSignals,
) -> None:
    stdin_open = True
    buffer = bytearray()
    fd = _fileno(inp)
    out_pipe = _pipe_fd(printer.out)

    def stopping() -> bool:
        if printer.closed and not engine.status.is_over:
            engine.quit()  # nobody reads the lines any more: stop as a quit
        return engine.status.is_over or bool(signals.received)

    while not stopping():
        stops.check()
        engine.poll()
        if stopping():
            return
        deadline = engine.next_deadline()
        timeout = None if deadline is None else max(0.0, deadline - engine.clock())
        poller = select.poll()
        poller.register(signals.read_fd, select.POLLIN)
        if out_pipe is not None:
            poller.register(out_pipe, 0)  # POLLERR alone: the pipe's reader has gone
        if stdin_open and fd is not None:
            poller.register(fd, select.POLLIN)
        elif timeout is None:
            # Nothing will ever press Enter: stop rather than hang.
            printer.write("stdin is closed and the session is waiting for a key; quitting")
            engine.quit()
            return
        timeout = stops.sleep_for(timeout)
        ready = dict(poller.poll(None if timeout is None else timeout * 1000))
        if out_pipe is not None and ready.get(out_pipe, 0) & select.POLLERR:
            printer.closed = True
            continue
        if signals.read_fd in ready:
            signals.drain()
        if fd is None or fd not in ready:
            continue
        chunk = os.read(fd, 4096)
        if not chunk:
            stdin_open = False
            chunk = b"\n" if buffer else b""
        buffer.extend(chunk)
        while b"\n" in buffer and not engine.status.is_over:
            raw, _, rest = bytes(buffer).partition(b"\n")
            buffer[:] = rest
            line = raw.decode(errors="replace")
            answer = on_key(line.strip()) if on_key is not None else None
            if isinstance(answer, str):
                printer.write(answer)  # "muted" / "sound on": a key always answers
            if answer:
                continue
            message = handle_command(engine, line, printer.loads)
            if message:
                printer.write(message)


def _fileno(stream: IO[str]) -> int | None:
    try:
        return stream.fileno()
    except (AttributeError, OSError, ValueError):
        return None


def _pipe_fd(stream: IO[str]) -> int | None:
    """``stream``'s descriptor when it is a pipe, whose reader leaving poll reports."""
    fd = _fileno(stream)
    if fd is None:
        return None
    try:
        return fd if stat.S_ISFIFO(os.fstat(fd).st_mode) else None
    except OSError:
        return None
