"""What the log reads back: one record per session run, one per step that ended.

Also the few things every part of the log shares: the wall clock (injected so tests
fix the date), the notice callback, and the file hash that ties a record to the
exact session file it ran.

Core module: stdlib only (no ``textual``, no ``rich``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from timer_tui.core.engine import StepResult
    from timer_tui.core.timeline import Timeline

Now = Callable[[], dt.datetime]
Notify = Callable[[str], None]

DONE_ACTIVE_SHARE = 0.5
"""A finished session counts as done when at least this share of its planned timed time ran."""


def local_now() -> dt.datetime:
    """The wall clock, aware, in the local timezone."""
    return dt.datetime.now(dt.timezone.utc).astimezone()


def log_time(text: str) -> dt.datetime:
    """A time of a log row as every reader may use it; ``ValueError`` when it does not
    parse, or when its UTC or local form is past the years ``datetime`` holds.

    ``fromisoformat`` reads "0001-01-01T00:00:00+12:00", yet its UTC form falls in year
    0: the table's local date, the CSV's time, the history screen and the streak
    would each end in ``OverflowError``. Such a row (imported by an older timer-tui,
    edited by hand, synced) is unreadable like one whose time does not parse, and
    ``log import`` refuses it with the same rule. An offset is less than a day, so
    only a time in the first or the last year can fall past: the rest are not converted.
    """
    when = dt.datetime.fromisoformat(text)
    if dt.MINYEAR < when.year < dt.MAXYEAR:
        return when
    try:
        when.astimezone(dt.timezone.utc)
        when.astimezone()
    except (OverflowError, OSError):
        raise ValueError(f"{text}: its UTC or local time is past the years 1 to 9999") from None
    return when


def file_sha256(path: Path | None) -> str | None:
    """The session file's hash: a resumed run must be of the very file that was interrupted."""
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    from timer_tui.core.digest import sha256_hex  # here: reading the log never needs it

    return sha256_hex(data)


STEP_COMPLETED, STEP_SHORTENED, STEP_SKIPPED = "completed", "shortened", "skipped"
"""The values of ``core.engine.StepOutcome`` the log counts by, as its steps hold them.
Spelled here so that reading the log does not import the engine (and the timeline,
model and wording it imports: a quarter of ``timer-tui log``'s start);
``tests/unit/test_log_summary.py`` holds them equal to the engine's."""
DONE_STEP_OUTCOMES = frozenset({STEP_COMPLETED, STEP_SHORTENED})
"""Step outcomes that count a step as done."""
MICROSECONDS = 1_000_000
"""Timed seconds are added up as whole microseconds (each step's active time cut to the
microsecond): integers add up exactly in any order, so the log's SQL tally (``store``)
gives the very same figure as this one on every SQLite (whose float ``sum`` changed
its rounding in 3.43)."""


class StepFact(NamedTuple):
    """One ended step as both the log's rows and the engine's results have it: what the
    tally needs, so the summary and the log count a run with the very same code.

    A named tuple: the log reads one per step row of every session it lists.
    """

    step_index: int
    outcome: str
    has_reps: bool
    timed: bool
    active: float


def facts_of_results(timeline: Timeline, results: Iterable[StepResult]) -> list[StepFact]:
    """The engine's results of a run (a resumed run's logged steps first) as step facts."""
    return [
        StepFact(
            r.index,
            r.outcome.value,
            has_reps=timeline[r.index].reps is not None,
            timed=r.planned is not None,
            active=r.active,
        )
        for r in results
    ]


@dataclass(frozen=True, slots=True)
class StepTally:
    completed: int = 0
    """Distinct steps that ended done (a step run twice counts once)."""
    skipped: int = 0
    """Distinct steps skipped and never done."""
    rep_steps: int = 0
    """Distinct rep steps that ended at all (done, skipped, restarted or quit in)."""
    rep_steps_completed: int = 0
    timed_active_seconds: float = 0.0
    """Active seconds spent in timed steps, every pass included (each cut to the microsecond)."""


def tally_steps(facts: Iterable[StepFact]) -> StepTally:
    """Count a run's ended steps: the one definition of "done" and "skipped"."""
    done: set[int] = set()
    skipped: set[int] = set()
    reps: set[int] = set()
    timed = 0
    skip = STEP_SKIPPED
    for index, outcome, has_reps, is_timed, active in facts:  # unpacked: the log's hot loop
        if outcome in DONE_STEP_OUTCOMES:
            done.add(index)
        elif outcome == skip:
            skipped.add(index)
        if has_reps:
            reps.add(index)
        if is_timed:
            timed += int(active * MICROSECONDS)
    return StepTally(
        completed=len(done),
        skipped=len(skipped - done),
        rep_steps=len(reps),
        rep_steps_completed=len(reps & done),
        timed_active_seconds=timed / MICROSECONDS,
    )


def not_counted_reason(*, finished: bool, planned_seconds: int, tally: StepTally) -> str | None:
    """Why a run does not count for its program and the streak; None when it counts.

    It must have been finished, and not skipped through: at least half of the planned
    timed time really ran (time in a step before skipping it counts), and a session
    with rep steps has at least one of them marked done.
    """
    if not finished:
        return "not finished"
    ran = tally.timed_active_seconds
    if planned_seconds > 0 and ran < DONE_ACTIVE_SHARE * planned_seconds:
        return "under half the planned time ran"
    if tally.rep_steps and not tally.rep_steps_completed:
        return "no rep step was marked done"
    return None


def loads_text_of(steps: Iterable[tuple[str, str | None]]) -> str:
    """Each exercise's distinct loads in order, from its steps' (name, load):
    "Goblet squat 8 kg/10 kg · Row 12 kg" (``SessionRecord.loads_text``)."""
    loads: dict[str, list[str]] = {}
    for name, load in steps:
        if load and load not in loads.setdefault(name, []):
            loads[name].append(load)
    return " · ".join(f"{name} {'/'.join(each)}" for name, each in loads.items() if each)


class Outcome(str, Enum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    QUIT = "quit"
    INTERRUPTED = "interrupted"


@dataclass(frozen=True, slots=True)
class StepRecord:
    index: int
    name: str
    kind: str
    planned_seconds: int | None
    actual_seconds: float
    paused_seconds: float
    adjusted_seconds: int
    outcome: str
    reps_planned: int | None
    reps_done: int | None
    load: str | None
    ended_at: dt.datetime
    speed_kmh: float | None = None
    """The planned treadmill speed (None: the step had none)."""
    incline_pct: float | None = None
    distance_m: float | None = None
    """Estimated: the planned speed times the step's active time."""

    @property
    def skipped(self) -> bool:
        return self.outcome == STEP_SKIPPED


@dataclass(frozen=True, slots=True)
class SessionRecord:
    row: int
    session_id: str
    name: str
    path: str | None
    sha256: str | None
    program_id: str | None
    program_week: int | None
    program_day: int | None
    program_order: int | None
    started_at: dt.datetime
    ended_at: dt.datetime | None
    last_seen_at: dt.datetime
    planned_seconds: int
    step_count: int
    active_seconds: float
    paused_seconds: float
    outcome: Outcome
    current_step: int | None
    stopped_step: int | None
    """For quit and interrupted sessions: the 0-based step it stopped in."""
    resumes: int
    steps: tuple[StepRecord, ...] = ()
    steps_completed: int = 0
    """Distinct steps that ended completed (a step run twice counts once)."""
    steps_skipped: int = 0
    """Distinct steps skipped and never completed."""
    rep_steps: int = 0
    """Distinct rep steps in the log for this session (done or skipped)."""
    rep_steps_completed: int = 0
    timed_active_seconds: float | None = None
    """Active seconds spent in timed steps (None: not known, use ``active_seconds``)."""
    distance_m: float | None = None
    """Estimated treadmill distance of the steps logged (None: no step had a speed)."""
    uid: str | None = None
    """The session's stable id on every machine (``log export``/``log import`` merge on it)."""
    loads: str | None = None
    """``loads_text`` read by the store without the steps (``History.sessions(with_loads=True)``)."""

    @property
    def steps_finished(self) -> int:
        """Steps in the log that ended by moving on (completed or skipped)."""
        return self.steps_completed + self.steps_skipped

    @property
    def tally(self) -> StepTally:
        ran = (
            self.active_seconds if self.timed_active_seconds is None else self.timed_active_seconds
        )
        return StepTally(
            self.steps_completed,
            self.steps_skipped,
            self.rep_steps,
            self.rep_steps_completed,
            ran,
        )

    @property
    def not_counted_reason(self) -> str | None:
        """Why this run does not count for its program (done marks, ``next``) and the
        streak (``records.not_counted_reason``, as the summary says it); None if it counts."""
        return not_counted_reason(
            finished=self.outcome is Outcome.COMPLETED,
            planned_seconds=self.planned_seconds,
            tally=self.tally,
        )

    @property
    def counts_as_done(self) -> bool:
        return self.not_counted_reason is None

    @property
    def loads_text(self) -> str:
        """The loads lifted, by exercise in order: "Goblet squat 8 kg/10 kg · Row 12 kg".

        Empty when no step has a load, or when neither the steps nor the loads were read.
        """
        if self.loads is not None:
            return self.loads
        return loads_text_of((step.name, step.load) for step in self.steps)

    @property
    def outcome_text(self) -> str:
        """ "completed", "completed, 3 skipped", "quit at step 4/12", "interrupted at step 4/12".

        A finished run that does not count as done says so: "completed, 18 skipped, not counted".
        """
        completed = self.outcome is Outcome.COMPLETED
        return outcome_text(
            self.outcome.value,
            self.stopped_step,
            self.step_count,
            self.steps_skipped,
            counted=completed and self.counts_as_done,
        )


_STOPPED = frozenset({Outcome.QUIT.value, Outcome.INTERRUPTED.value})


def outcome_text(
    outcome: str, stopped_step: int | None, step_count: int, skipped: int, *, counted: bool
) -> str:
    """``SessionRecord.outcome_text`` from the values it is made of (``log.listing``
    reads them without a record); ``counted``: the run counts as done."""
    if outcome in _STOPPED and stopped_step is not None:
        return f"{outcome} at step {stopped_step + 1}/{step_count}"
    text = outcome.replace("_", " ")
    if outcome == Outcome.COMPLETED.value:
        if skipped:
            text += f", {skipped} skipped"
        if not counted:
            text += ", not counted"
    return text
