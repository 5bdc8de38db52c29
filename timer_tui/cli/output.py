"""How the command line writes sessions out: as lines for people, as records for scripts.

``list``, ``show`` and a bare ``timer-tui`` without a terminal print the same
listing and the same JSON records, so they live here once. Text from files goes
through ``core.safe_text`` on its way out (control characters shown escaped);
the JSON records keep the exact text, which ``json.dumps`` escapes itself.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from timer_tui.cli.width import fit, terminal_width
from timer_tui.core.durations import format_clock
from timer_tui.core.safe_text import safe_lines, safe_text
from timer_tui.core.timeline import Timeline, TimelineStep
from timer_tui.core.treadmill import (
    distance_unit_of,
    format_distance,
    planned_distance_m,
    treadmill_record,
)
from timer_tui.library.paths import user_sessions_dir
from timer_tui.library.sessions import SessionEntry, group_by_program

if TYPE_CHECKING:
    from rich.console import Console


def rich_console() -> Console:
    """A Rich console whose closed pipe ends like every other command's (status 141).

    Rich's own answer is ``SystemExit(1)``; raising ``BrokenPipeError`` instead lets
    ``cli.main`` stop quietly with the status pipelines expect.
    """
    from rich.console import Console

    class _PipeConsole(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError

    return _PipeConsole()


def print_notice(message: str) -> None:
    """Notices (audio is off, ...) go to stderr: stdout stays one line per event."""
    print(f"timer-tui: {safe_lines(message)}", file=sys.stderr, flush=True)


def total_line(timeline: Timeline) -> str:
    reps = f" + {timeline.rep_steps} rep steps" if timeline.rep_steps else ""
    steps = "1 step" if len(timeline) == 1 else f"{len(timeline)} steps"
    far = planned_distance_text(timeline)
    return f"Total {format_clock(timeline.total_seconds)}{reps} · {steps}" + (
        f" · {far}" if far else ""
    )


def planned_distance_text(timeline: Timeline) -> str:
    """ "about 3.45 km" on the treadmill at the planned speeds; "" without any."""
    metres = planned_distance_m(timeline.steps)
    if metres is None:
        return ""
    return f"about {format_distance(metres, distance_unit_of(timeline.steps))}"


def _planned_metres(timeline: Timeline | None) -> float | None:
    metres = None if timeline is None else planned_distance_m(timeline.steps)
    return None if metres is None else round(metres, 1)


def entry_record(entry: SessionEntry) -> dict[str, Any]:
    session = entry.session
    program = entry.program
    timeline = entry.timeline() if session else None
    return {
        "id": entry.id,
        "name": entry.name,
        "path": str(entry.path),
        "source": entry.source.value,
        "valid": entry.ok,
        "errors": [e.format() for e in entry.errors],
        "total_seconds": timeline.total_seconds if timeline else None,
        "steps": len(timeline) if timeline else None,
        "rep_steps": timeline.rep_steps if timeline else None,
        "distance_m": _planned_metres(timeline),
        "program": None
        if program is None
        else {
            "id": program.id,
            "name": program.name,
            "week": program.week,
            "day": program.day,
            "order": program.order,
        },
    }


def step_record(step: TimelineStep) -> dict[str, Any]:
    return {
        "index": step.index,
        "name": step.name,
        "kind": step.kind.value,
        "seconds": step.seconds,
        "reps": step.reps,
        "set": step.set_no,
        "sets": step.sets,
        "side": step.side.value if step.side else None,
        "rounds": [{"number": r.number, "total": r.total, "name": r.name} for r in step.rounds],
        "label": step.label,
        "note": step.note,
        **treadmill_record(step),
    }


def print_listing(entries: Sequence[SessionEntry]) -> None:
    if not entries:
        print(f"No sessions found. Add .toml files to {user_sessions_dir()}")
        return
    width = terminal_width()
    id_width = min(40, max(len(safe_text(e.id)) for e in entries))
    if width is not None:  # the id column gives way first, down to a readable 16
        id_width = max(min(id_width, 16), min(id_width, width - 40))
    for group in group_by_program(entries):
        print(fit(safe_text(group.name), width))
        for e in group.entries:
            # ids are file names: they may hold anything too
            shown_id = fit(safe_text(e.id), id_width)
            if e.ok:
                tl = e.totals()  # from the scan cache: the file is not read again
                reps = f"+{tl.rep_steps} rep" if tl.rep_steps else ""
                steps = "step " if tl.steps == 1 else "steps"
                size = f"{format_clock(tl.total_seconds):>8} {reps:<7} {tl.steps:3d} {steps}"
                line = f"  {shown_id:<{id_width}}  {size}  {safe_text(e.name)}"
            else:
                line = f"  {shown_id:<{id_width}}  INVALID  {e.errors[0].format()}"
            print(fit(line, width))
