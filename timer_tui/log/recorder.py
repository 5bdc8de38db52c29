"""The recorder: an engine subscriber that writes a run into the log as it goes.

Why step by step: a closed terminal, ``kill -9`` or a power cut must cost at most
the step that was running. Each finished step is its own committed transaction
(WAL, ``synchronous=FULL``), so the log on disk always holds every step that ended.
A resumed run takes its interrupted row over instead of starting a new one.

Core module: stdlib only (no ``textual``, no ``rich``).
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import sqlite3
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from timer_tui.core.engine import Event, EventKind, StepResult
from timer_tui.core.model import Program
from timer_tui.core.timeline import Timeline
from timer_tui.core.treadmill import distance_m
from timer_tui.library.sessions import SessionEntry
from timer_tui.log.owner import process_token
from timer_tui.log.records import Notify, Now, Outcome, file_sha256, local_now
from timer_tui.log.store import History
from timer_tui.log.tallies import refresh_tallies
from timer_tui.log.writer import LogWriter, Op


@dataclass(slots=True)
class SessionInfo:
    """What the recorder stamps on the session row; built from a library entry."""

    session_id: str
    name: str
    path: Path | None
    sha256: str | None
    program: Program | None
    timeline: Timeline

    @classmethod
    def from_entry(cls, entry: SessionEntry, timeline: Timeline) -> SessionInfo:
        return cls(
            session_id=entry.id,
            name=entry.name,
            path=entry.path,
            sha256=file_sha256(entry.path),
            program=entry.program,
            timeline=timeline,
        )


@dataclass(slots=True)
class Recorder:
    """An engine subscriber that writes the session to the log as it happens.

    The writes go through a ``LogWriter``: straight away when the log is free, in
    the background while it is locked, so the timer never waits on the log. A
    read-only or damaged log stops recording with one message; the timer never notices.
    """

    history: History | None
    info: SessionInfo
    now: Now = local_now
    notify: Notify = lambda message: None
    resume_row: int | None = None
    """Continue this interrupted session row instead of starting a new one."""
    row: int | None = None
    loads: dict[int, str] = field(default_factory=dict)
    current: int | None = None
    """The step running now (from STEP_STARTED)."""
    writer: LogWriter | None = None

    def __post_init__(self) -> None:
        if self.history is not None and self.writer is None:
            self.writer = LogWriter(self.history, self.notify)

    @property
    def saving(self) -> bool:
        return self.history is not None and self.writer is not None and not self.writer.failed

    @property
    def pending(self) -> list[Op]:
        """Writes not yet in the log (the log is locked)."""
        return [] if self.writer is None else self.writer.pending

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every write so far is in the log (tests, and the end of a run)."""
        return True if self.writer is None else self.writer.wait(timeout)

    def __call__(self, event: Event) -> None:
        if not self.saving:
            return
        at = self.now()
        op: Op
        if event.kind is EventKind.SESSION_STARTED:
            op = lambda c: self._start(c, at, event.index)  # noqa: E731
        elif event.kind is EventKind.STEP_STARTED:
            self.current = event.index
            op = lambda c: self._current(c, at, event.index)  # noqa: E731
        elif event.kind is EventKind.STEP_ENDED and event.result is not None:
            result = event.result
            op = lambda c: self._step(c, at, result)  # noqa: E731
        elif event.kind is EventKind.SESSION_FINISHED:
            op = lambda c: self._close(c, at, Outcome.COMPLETED, None)  # noqa: E731
        elif event.kind is EventKind.SESSION_QUIT:
            op = lambda c: self._close(c, at, Outcome.QUIT, event.index)  # noqa: E731
        else:
            return
        final = event.kind in (EventKind.SESSION_FINISHED, EventKind.SESSION_QUIT)
        assert self.writer is not None
        self.writer.submit(op, close=final)
        if final:
            self.history = None  # the writer releases the log once everything is in

    def close(self) -> None:
        """Release the log (the run is over); later events are ignored."""
        if self.writer is not None and self.history is not None:
            self.writer.submit(close=True)
        self.history = None

    def set_load(self, index: int, load: str | None) -> None:
        """Attach a load ("20 kg") to a rep step: before it ends, or to its newest row after."""
        text = (load or "").strip() or None
        if text is None:
            self.loads.pop(index, None)
        else:
            self.loads[index] = text
        if not self.saving or index == self.current:
            return  # the running step: its row gets the load when it ends

        def update(c: sqlite3.Connection) -> None:
            if self.row is not None:
                c.execute(
                    "UPDATE steps SET load = ? WHERE id = (SELECT max(id) FROM steps"
                    " WHERE session = ? AND step_index = ?)",
                    (text, self.row, index),
                )
                refresh_tallies(c, [self.row])

        assert self.writer is not None
        self.writer.submit(update)

    # -- operations (run inside one write transaction each) -------------------------------
    def _start(self, c: sqlite3.Connection, at: dt.datetime, index: int) -> None:
        pid = os.getpid()
        owner = (socket.gethostname(), pid, process_token(pid))
        if self.resume_row is not None:
            # Take the interrupted row over, unless someone else resumed it first.
            taken = c.execute(
                "UPDATE sessions SET owner_host = ?, owner_pid = ?, owner_token = ?,"
                " resumes = resumes + 1, current_step = ?, last_seen_at = ?"
                " WHERE id = ? AND outcome = ?",
                (*owner, index, at.isoformat(), self.resume_row, Outcome.IN_PROGRESS.value),
            ).rowcount
            if taken:
                self.row = self.resume_row
                return
        info = self.info
        program = info.program
        cursor = c.execute(
            "INSERT INTO sessions (session_id, name, path, sha256, program_id, program_week,"
            " program_day, program_order, started_at, started_ts, last_seen_at,"
            " planned_seconds, step_count, outcome, current_step, owner_host, owner_pid,"
            " owner_token, uid) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                info.session_id,
                info.name,
                None if info.path is None else str(info.path),
                info.sha256,
                program.id if program else None,
                program.week if program else None,
                program.day if program else None,
                program.order if program else None,
                at.isoformat(),
                at.timestamp(),
                at.isoformat(),
                info.timeline.total_seconds,
                len(info.timeline),
                Outcome.IN_PROGRESS.value,
                index,
                *owner,
                # The session's id on every machine: `log import` merges on it (log.transfer).
                uuid.uuid4().hex,
            ),
        )
        self.row = cursor.lastrowid

    def _current(self, c: sqlite3.Connection, at: dt.datetime, index: int) -> None:
        if self.row is not None:
            c.execute(
                "UPDATE sessions SET current_step = ?, last_seen_at = ? WHERE id = ?",
                (index, at.isoformat(), self.row),
            )

    def _step(self, c: sqlite3.Connection, at: dt.datetime, result: StepResult) -> None:
        if self.row is None:
            return
        step = self.info.timeline[result.index]
        c.execute(
            "INSERT INTO steps (session, step_index, name, kind, planned_seconds,"
            " actual_seconds, paused_seconds, adjusted_seconds, outcome, reps_planned,"
            " reps_done, load, ended_at, speed_kmh, incline_pct, distance_m)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                self.row,
                result.index,
                step.name,
                step.kind.value,
                result.planned,
                round(result.active, 3),
                round(result.paused, 3),
                result.adjusted,
                result.outcome.value,
                step.reps,
                result.reps_done,
                self._load_of(result) if step.reps is not None else None,
                at.isoformat(),
                step.speed_kmh,
                step.incline_pct,
                _rounded(distance_m(step.speed_kmh, result.active)),
            ),
        )
        c.execute(
            "UPDATE sessions SET active_seconds = active_seconds + ?,"
            " paused_seconds = paused_seconds + ?, last_seen_at = ? WHERE id = ?",
            (round(result.active, 3), round(result.paused, 3), at.isoformat(), self.row),
        )
        refresh_tallies(c, [self.row])  # the session's step summary, in the same transaction

    def _load_of(self, result: StepResult) -> str | None:
        """The load the engine was told (``done(reps, load)``), else one given to ``set_load``."""
        return result.load or self.loads.get(result.index)

    def _close(
        self, c: sqlite3.Connection, at: dt.datetime, outcome: Outcome, stopped: int | None
    ) -> None:
        if self.row is not None:
            c.execute(
                "UPDATE sessions SET outcome = ?, stopped_step = ?, ended_at = ?,"
                " last_seen_at = ? WHERE id = ?",
                (outcome.value, stopped, at.isoformat(), at.isoformat(), self.row),
            )


def _rounded(metres: float | None) -> float | None:
    """A distance to the decimetre: an estimate from a planned speed is no more exact."""
    return None if metres is None else round(metres, 1)


def open_recorder(
    entry: SessionEntry,
    timeline: Timeline,
    *,
    path: Path | None = None,
    notify: Notify,
    now: Now = local_now,
    resume_row: int | None = None,
) -> Recorder:
    """A recorder for one run; when the log cannot be written, says so and records nothing."""
    opened = History.open(path)
    history = opened.history
    if opened.problem is not None:
        notify(f"{opened.message}; this session will not be saved")
        if history is not None:
            history.close()
        history = None
    return Recorder(
        history, SessionInfo.from_entry(entry, timeline), now=now, notify=notify,
        resume_row=resume_row,
    )  # fmt: skip
