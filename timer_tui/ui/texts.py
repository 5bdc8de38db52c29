"""Every string the countdown, picker and summary screens show, from engine state.

Pure functions, no Textual: the screens only decide where these go, so what a
runner reads is tested without drawing anything. Names and notes from session
files go through ``core.safe_text`` here: a control character shows as ``\\x1b``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from timer_tui.core.durations import format_clock, format_elapsed
from timer_tui.core.engine import EngineState, Status, StepOutcome, StepResult
from timer_tui.core.model import Kind
from timer_tui.core.safe_text import safe_text
from timer_tui.core.timeline import Timeline, TimelineStep
from timer_tui.core.treadmill import distance_m, distance_unit_of, format_distance
from timer_tui.core.wording import plural
from timer_tui.core.wording import reps_text as reps_text  # screens say texts.reps_text
from timer_tui.library.sessions import Totals

FINAL_SECONDS = 3
BROWSER_GONE = "Tab closed: paused"
"""The served app's notice when its tab closed or lost the connection (``ui/served.py``)."""
"""The last seconds of a step, when the digits flash in step with the beeps."""
FLASH_SECONDS = 0.4
"""How long each flash lasts, from the moment the beep is due."""


def phase_word(kind: Kind) -> str:
    """RUN, WALK, WARM-UP...: always written, so colour is never the only signal."""
    return kind.label.upper()


def step_amount(step: TimelineStep) -> str:
    """ "Walk 1:30" or "Calf raise 15 reps": what "next up" says about a step."""
    return f"{safe_text(step.name)} {step.amount}"


def clock_text(state: EngineState) -> str:
    """What the big digits show: the time left of a timed step, the reps of a rep step."""
    step = state.step
    if step is None:
        return ""
    if step.is_timed:
        return format_clock(state.step_remaining or 0.0)
    return str(step.reps)


def count_up_text(state: EngineState) -> str:
    """How long a rep step has been going (it has no deadline)."""
    return format_elapsed(state.step_elapsed)


def final_second(state: EngineState) -> int | None:
    """3, 2 or 1 in the last seconds of a running timed step (as the beeps), else None."""
    if state.status is not Status.RUNNING or state.step_remaining is None:
        return None
    shown = math.ceil(state.step_remaining - 1e-9)
    return shown if 0 < shown <= FINAL_SECONDS else None


def flash_on(state: EngineState) -> bool:
    """Whether the digits are inverted now: the first moments of each of the last seconds."""
    n = final_second(state)
    return (
        n is not None
        and state.step_remaining is not None
        and n - state.step_remaining < FLASH_SECONDS
    )


def next_change_in(state: EngineState) -> float | None:
    """Seconds until anything shown on the countdown screen changes; None when frozen.

    The screen sleeps this long instead of polling: one wake a second (two in
    the last seconds, for the flash), and none at all while paused.
    """
    if state.status is not Status.RUNNING or state.step is None:
        return None
    waits = [1.0 - (state.session_elapsed % 1.0)]
    if state.step_remaining is not None:
        r = state.step_remaining
        waits.append(r - math.floor(r - 1e-9) if r > 0 else 1.0)
        n = final_second(state)
        if n is not None and flash_on(state):
            waits.append(r - (n - FLASH_SECONDS))
    else:
        waits.append(1.0 - (state.step_elapsed % 1.0))
    return max(0.001, min(waits))


def step_detail(state: EngineState) -> str:
    """Beside the step's bar: "3:00 run · 1:24 to go", or "rep step · 0:42 so far"."""
    step = state.step
    if step is None:
        return ""
    if step.is_timed:
        length = format_clock(state.step_length or 0)
        return f"{length} {step.kind.label.lower()} · {clock_text(state)} to go"
    return f"rep step · {count_up_text(state)} so far"


def under_clock(state: EngineState) -> str:
    """Under the digits: the set/round counters; for a rep step, what the number means.

    A rep step's digits show the reps to do, so the line says "reps" and counts
    up: "15 reps · Set 2/3, left · 0:42".
    """
    step = state.step
    if step is None:
        return ""
    if step.is_timed:
        return step.label
    parts = [reps_text(step.reps or 0), step.label, count_up_text(state)]
    return " · ".join(p for p in parts if p)


def session_detail(state: EngineState) -> str:
    elapsed = format_elapsed(state.session_elapsed)
    total = format_clock(state.session_length)
    left = format_clock(state.session_remaining)
    return f"session {elapsed} of {total} · {left} left"


def position_text(state: EngineState, timeline: Timeline) -> str:
    """Top right: "step 9 of 16 · Round 2/2"."""
    if state.step is None:
        return ""
    label = state.step.label
    where = f"step {state.index + 1} of {len(timeline)}"
    return f"{where} · {label}" if label else where


def phase_text(state: EngineState) -> str:
    """The coloured band: " RUN  ·  Stride out   ⏸ PAUSED" (the name when it is not the kind's)."""
    step = state.step
    if step is None:
        return ""
    name = "" if step.name == step.kind.label else f"  ·  {safe_text(step.name)}"
    status = {Status.PAUSED: "   ⏸ PAUSED", Status.READY: "   starting…"}
    return f" {phase_word(step.kind)}{name}{status.get(state.status, '')}"


def note_text(step: TimelineStep) -> str:
    """The step's note, quoted; nothing without one."""
    return f"“{safe_text(step.note)}”" if step.note else ""


def next_text(timeline: Timeline, index: int) -> str:
    """ "Next  Walk 1:30   then  Run 5:00", or that this is the last step."""
    following = timeline.steps[index + 1 : index + 3]
    if not following:
        return "Last step"
    parts = [f"Next  {_with_label(following[0])}"]
    if len(following) > 1:
        parts.append(f"then  {_with_label(following[1])}")
    return "   ".join(parts)


def _with_label(step: TimelineStep) -> str:
    label = step.label.rsplit(" · ", 1)[-1] if step.label else ""
    text = step_amount(step)
    text = f"{text} ({label})" if label and label.startswith("Set") else text
    return f"{text} @ {step.speed_text}" if step.speed_text else text


def tiny_line(state: EngineState, timeline: Timeline) -> str:
    """All of it on one line, for a window too small for anything else."""
    step = state.step
    if step is None:
        return ""
    head = phase_word(step.kind)
    if step.is_timed:
        now = f"{head} {clock_text(state)}"
    else:
        now = f"{head} {safe_text(step.name)} {reps_text(step.reps or 0)} {count_up_text(state)}"
    if state.status is Status.PAUSED:
        now = f"PAUSED · {now}"
    if step.treadmill_text:
        now = f"{now} {step.treadmill_text}"
    following = timeline.steps[state.index + 1] if state.index + 1 < len(timeline) else None
    return f"{now} · next {step_amount(following)}" if following else f"{now} · last step"


def window_title(state: EngineState) -> str:
    """The terminal title, readable in a task bar: "1:24 Run · Week 4" style."""
    step = state.step
    if step is None:
        return "timer-tui"
    amount = clock_text(state) if step.is_timed else reps_text(step.reps or 0)
    paused = " (paused)" if state.status is Status.PAUSED else ""
    return f"{amount} {safe_text(step.name)}{paused}"


def bar(fraction: float, width: int, full: str = "▓", empty: str = "░") -> str:
    """A progress bar of ``width`` cells; ``fraction`` is clamped to 0..1."""
    width = max(0, width)
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return full * filled + empty * (width - filled)


def step_fraction(state: EngineState) -> float:
    if state.step_length:
        return state.step_elapsed / state.step_length
    return 0.0


def session_fraction(state: EngineState) -> float:
    if state.session_length > 0:
        return state.session_elapsed / state.session_length
    return 0.0


def completed_line(step: TimelineStep, result: StepResult) -> str:
    """One line of the on-screen completion log: "✓ Run 3:00" / "» Walk 0:42 (skipped)"."""
    mark = {
        StepOutcome.COMPLETED: "✓",
        StepOutcome.SKIPPED: "»",
        StepOutcome.SHORTENED: "✓",
        StepOutcome.RESTARTED: "↺",
        StepOutcome.QUIT: "✗",
    }[result.outcome]
    amount = reps_text(result.reps_done) if result.reps_done is not None else ""
    spent = format_elapsed(result.active)
    tail = "" if result.outcome is StepOutcome.COMPLETED else f" ({result.outcome.value})"
    return f"{mark} {safe_text(step.name)} {amount or spent}{tail}".replace("  ", " ")


# -- the summary ----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SummaryFigures:
    planned: int
    """Seconds of timed steps in the plan."""
    active: float
    """Seconds actually spent in steps, pauses excluded."""
    paused: float
    pauses: int
    done: int
    skipped: int
    total_steps: int
    adjusted: int
    finished: bool
    not_counted: str | None = None
    """Why the run does not count for its program and streak, as the log says it."""
    distance: str | None = None
    """On a treadmill: "about 2.35 km", the planned speeds times the time run."""


def summary_figures(
    timeline: Timeline,
    results: Sequence[StepResult],
    *,
    paused_total: float,
    pauses: int,
    finished: bool,
) -> SummaryFigures:
    """Totals over the steps that really ran, counted as the log counts them
    (``log.records.tally_steps``): a step run twice counts once, and a skipped
    step counts as skipped only if it was never done."""
    from timer_tui.log.records import facts_of_results, not_counted_reason, tally_steps

    tally = tally_steps(facts_of_results(timeline, results))
    return SummaryFigures(
        planned=timeline.total_seconds,
        active=sum(r.active for r in results),
        paused=paused_total,
        pauses=pauses,
        done=tally.completed,
        skipped=tally.skipped,
        total_steps=len(timeline),
        adjusted=sum(r.adjusted for r in results),
        finished=finished,
        not_counted=not_counted_reason(
            finished=finished, planned_seconds=timeline.total_seconds, tally=tally
        ),
        distance=run_distance(timeline, results),
    )


def run_distance(timeline: Timeline, results: Sequence[StepResult]) -> str | None:
    """ "about 2.35 km": each step's planned speed times its time run, as the log adds it."""
    metres = [distance_m(timeline[r.index].speed_kmh, r.active) for r in results]
    ran = [m for m in metres if m is not None]
    if not ran:
        return None
    return f"about {format_distance(sum(ran), distance_unit_of(timeline.steps))}"


def summary_lines(figures: SummaryFigures) -> list[tuple[str, str]]:
    """Label/value rows of the summary."""
    adjusted = f"{'+' if figures.adjusted >= 0 else '-'}{format_clock(abs(figures.adjusted))}"
    pause_word = "pause" if figures.pauses == 1 else "pauses"
    # Only a finished run can fail to count for another reason than ending early,
    # which the title already says.
    finished_uncounted = figures.finished and figures.not_counted
    counted = [("Counted", f"no: {figures.not_counted}")] if finished_uncounted else []
    return [
        ("Planned", format_clock(figures.planned)),
        ("Actual", format_elapsed(figures.active)),
        ("Paused", f"{format_elapsed(figures.paused)} ({figures.pauses} {pause_word})"),
        ("Steps done", f"{figures.done} of {figures.total_steps}"),
        ("Skipped", str(figures.skipped)),
        ("Time added", adjusted),
        *([("Distance", figures.distance)] if figures.distance else []),
        *counted,
    ]


def summary_title(figures: SummaryFigures, session_name: str) -> str:
    session_name = safe_text(session_name)
    if figures.finished and figures.not_counted:
        return f"Session finished, not counted: {session_name}"
    if figures.finished:
        return f"Session complete: {session_name}"
    return f"Session ended early: {session_name}"


# -- the picker -----------------------------------------------------------------------
def short_name(name: str, group_name: str) -> str:
    """ "Couch to 5K - Week 1, Run 1" under "Couch to 5K" reads "Week 1, Run 1"."""
    name = safe_text(name)
    head, sep, tail = name.partition(" - ")
    if sep and tail and group_name.lower().startswith(head.lower()):
        return tail
    return name


def timeline_size(timeline: Timeline) -> str:
    """ "30:00 · 18 steps", with rep steps said separately ("9:30 + 12 rep · 21 steps")."""
    return totals_size(Totals.of(timeline))


def totals_size(totals: Totals) -> str:
    """``timeline_size`` from a session's totals (the picker's rows, from the scan cache)."""
    reps = f" + {totals.rep_steps} rep" if totals.rep_steps else ""
    return f"{format_clock(totals.total_seconds)}{reps} · {plural(totals.steps, 'step')}"


_WORD_RE = re.compile(r"[^\W_]+")


def matches(query: str, *texts: str) -> bool:
    """Every word of ``query`` starts a word of ``texts`` (case ignored); numbers match whole.

    So "week 5" finds "Week 5, Run 1" but not "Couch to 5K - Week 4", and "tab"
    finds "Tabata".
    """
    words = _WORD_RE.findall(" ".join(texts).lower())
    return all(
        any(_finds(wanted, word) for word in words) for wanted in _WORD_RE.findall(query.lower())
    )


def _finds(wanted: str, word: str) -> bool:
    """A typed word finds a name's word: a number whole ("5" is not "50"), else its start."""
    return word == wanted if wanted.isdigit() else word.startswith(wanted)


def in_order(query: str, name: str) -> bool:
    """The words of ``query`` start words of ``name`` one after another, in the order
    typed ("week 3 run 1" in "Couch to 5K - Week 3, Run 1", not in "Week 1, Run 3")."""
    wanted = _WORD_RE.findall(query.lower())
    words = _WORD_RE.findall(name.lower())
    if not wanted:
        return False
    for start in range(len(words) - len(wanted) + 1):
        if all(_finds(want, word) for want, word in zip(wanted, words[start:], strict=False)):
            return True
    return False


def no_session_matches(query: str) -> str:
    """What the picker says when the filter lets nothing through (it used to show nothing)."""
    return f"No session matches “{query}”. Esc clears the filter."


def coming_up(timeline: Timeline, index: int, limit: int = 6) -> str:
    """The side panel's list of the steps after ``index``: what a lifter looks at
    between sets. Each step on a line, its set and side under it."""
    lines: list[str] = []
    for step in timeline.steps[index + 1 : index + 1 + limit]:
        speed = f" @ {step.speed_text}" if step.speed_text else ""
        lines.append(safe_text(step_amount(step)) + speed)
        if step.label:
            lines.append(f"  {safe_text(step.label)}")
    return "\n".join(lines) if lines else "Nothing: this is the last step"
