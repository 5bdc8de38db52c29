"""The log's export file: what it holds, and the check an imported one must pass whole.

One JSON document: ``{"format": "timer-tui-log", "version": 1, "sessions": [...]}``,
each session the log's own columns (with its stable ``uid``) and its ``steps``.
The columns a machine keeps for itself (the row number, the running process that
owns a row) never leave it.

An imported file is checked completely before the log is opened for writing:
a file from another program, a newer timer-tui or a hand edit gets located
errors ("sessions[3].steps[2].outcome: found 'done'; allowed: ...") and the log
is not touched. Keys this version does not know are ignored, so a newer minor
version can add fields; a missing key that may be empty reads as empty (a file
written before the treadmill columns existed).

Core module: stdlib only (no ``textual``, no ``rich``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from timer_tui.core.engine import StepOutcome
from timer_tui.core.field_types import MAX_SECONDS, Field
from timer_tui.core.format_spec import MAX_STEPS, PROGRAM_FIELDS, STEP_FIELDS
from timer_tui.core.treadmill import MAX_INCLINE, MAX_KMH, MIN_INCLINE
from timer_tui.log.records import Outcome, log_time
from timer_tui.log.tallies import LARGEST_STEP_SECONDS

FORMAT = "timer-tui-log"
FORMAT_VERSION = 1
MAX_ERRORS_SHOWN = 5

Check = Callable[[object], str | None]
"""A value's rule: None when it passes, else what was wrong, in words."""


def _found(value: object) -> str:
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 40 else text[:37] + "..."


def _text(value: object) -> str | None:
    """A string SQLite can store: JSON's "\\ud800" reads as a lone surrogate, which
    UTF-8 cannot encode (sqlite3 raises ``UnicodeEncodeError`` on it)."""
    if not isinstance(value, str):
        return f"found {_found(value)}; expected a string"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return f"found {_found(value)}; expected text that UTF-8 can hold (no lone surrogate)"
    return None


def _count(value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return None
    return f"found {_found(value)}; expected a whole number, 0 or more"


LARGEST_INTEGER = 2**63 - 1
"""SQLite's largest integer: Python's ``sqlite3`` raises ``OverflowError`` past it."""


def _whole(high: int, low: int = 0) -> Check:
    """A whole number from ``low`` to ``high``: the session format's cap (``format_spec``)
    on what the value logs, or for a count it does not cap, SQLite's largest integer."""

    def check(value: object) -> str | None:
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            return None
        return f"found {_found(value)}; expected a whole number from {low} to {high}"

    return check


def _number(high: float, low: float = 0) -> Check:
    """A number from ``low`` to ``high`` (an int too: another program may write 120.0 as 120)."""

    def check(value: object) -> str | None:
        if isinstance(value, int | float) and not isinstance(value, bool) and low <= value <= high:
            return None
        return f"found {_found(value)}; expected a number from {low:.0f} to {high:.0f}"

    return check


def _cap(fields: Mapping[str, Field], name: str) -> int:
    """The session format's largest value of ``name``: a log value is that value."""
    maximum = fields[name].maximum
    assert maximum is not None, name
    return int(maximum)


_STEP_INDEX = _whole(MAX_STEPS - 1)
_SECONDS = _number(LARGEST_STEP_SECONDS)
"""A run's or a step's active or paused time: ``tallies`` skips a step past it as unreadable."""


def _time(value: object) -> str | None:
    """A time the log's readers can place in UTC and in local time (``records.log_time``)."""
    if isinstance(value, str):
        try:
            when = log_time(value)
        except ValueError:
            pass
        else:
            if when.tzinfo is not None:
                return None
    return f"found {_found(value)}; expected a date and time with its UTC offset, years 1 to 9999"


_UID = re.compile(r"^[0-9A-Za-z_-]{8,64}$")


def _uid(value: object) -> str | None:
    if isinstance(value, str) and _UID.match(value):
        return None
    return f"found {_found(value)}; expected 8 to 64 letters, digits, - or _"


def _one_of(allowed: Sequence[str]) -> Check:
    def check(value: object) -> str | None:
        if value in allowed:
            return None
        return f"found {_found(value)}; allowed: {', '.join(allowed)}"

    return check


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    check: Check
    empty_ok: bool = False
    """May be null (or missing: a file from before the column existed)."""


FINAL_OUTCOMES = (Outcome.COMPLETED.value, Outcome.QUIT.value, Outcome.INTERRUPTED.value)
"""A session still running is never exported: its row is not final yet."""

SESSION_COLUMNS: tuple[Column, ...] = (
    Column("uid", _uid),
    Column("session_id", _text),
    Column("name", _text),
    Column("path", _text, empty_ok=True),
    Column("sha256", _text, empty_ok=True),
    Column("program_id", _text, empty_ok=True),
    Column("program_week", _whole(_cap(PROGRAM_FIELDS, "week")), empty_ok=True),
    Column("program_day", _whole(_cap(PROGRAM_FIELDS, "day")), empty_ok=True),
    Column("program_order", _whole(_cap(PROGRAM_FIELDS, "order")), empty_ok=True),
    Column("started_at", _time),
    Column("ended_at", _time, empty_ok=True),
    Column("last_seen_at", _time),
    Column("planned_seconds", _whole(MAX_STEPS * MAX_SECONDS)),
    Column("step_count", _whole(MAX_STEPS)),
    Column("active_seconds", _SECONDS),
    Column("paused_seconds", _SECONDS),
    Column("outcome", _one_of(FINAL_OUTCOMES)),
    Column("current_step", _STEP_INDEX, empty_ok=True),
    Column("stopped_step", _STEP_INDEX, empty_ok=True),
    Column("resumes", _whole(LARGEST_INTEGER)),
)
"""The ``sessions`` columns that travel, in the log's own names."""

STEP_COLUMNS: tuple[Column, ...] = (
    Column("step_index", _STEP_INDEX),
    Column("name", _text),
    Column("kind", _text),
    Column("planned_seconds", _whole(MAX_SECONDS), empty_ok=True),
    Column("actual_seconds", _SECONDS),
    Column("paused_seconds", _SECONDS),
    Column("adjusted_seconds", _whole(int(LARGEST_STEP_SECONDS), low=-MAX_SECONDS)),
    Column("outcome", _one_of(tuple(o.value for o in StepOutcome))),
    Column("reps_planned", _whole(_cap(STEP_FIELDS, "reps")), empty_ok=True),
    Column("reps_done", _whole(LARGEST_INTEGER), empty_ok=True),
    Column("load", _text, empty_ok=True),
    Column("ended_at", _time),
    Column("speed_kmh", _number(MAX_KMH), empty_ok=True),
    Column("incline_pct", _number(MAX_INCLINE, low=MIN_INCLINE), empty_ok=True),
    Column("distance_m", _number(MAX_KMH / 3.6 * LARGEST_STEP_SECONDS), empty_ok=True),
)
"""The ``steps`` columns that travel (all but the row number and the session's)."""


@dataclass(frozen=True, slots=True)
class SessionRow:
    """One session of an export file, checked: the values in ``SESSION_COLUMNS`` order."""

    values: tuple[object, ...]
    steps: tuple[tuple[object, ...], ...]

    @property
    def uid(self) -> str:
        return str(self.values[0])


class FormatError(ValueError):
    """The file is not one this version can import; ``str()`` says where and why."""


def _row(
    item: object, columns: Sequence[Column], where: str, errors: list[str]
) -> tuple[object, ...]:
    if not isinstance(item, Mapping):
        errors.append(f"{where}: found {_found(item)}; expected an object")
        return ()
    values: list[object] = []
    for column in columns:
        value = item.get(column.name)
        if value is None and column.empty_ok:
            values.append(None)
            continue
        if column.name not in item:
            errors.append(f"{where}: {column.name} is missing")
            continue
        problem = "found null; a value is required" if value is None else column.check(value)
        if problem is not None:
            errors.append(f"{where}.{column.name}: {problem}")
        values.append(value)
    return tuple(values)


def _session(item: object, where: str, errors: list[str]) -> SessionRow | None:
    before = len(errors)
    values = _row(item, SESSION_COLUMNS, where, errors)
    steps: list[tuple[object, ...]] = []
    raw_steps = item.get("steps", []) if isinstance(item, Mapping) else []
    if not isinstance(raw_steps, list):
        errors.append(f"{where}.steps: found {_found(raw_steps)}; expected a list")
        raw_steps = []
    for n, step in enumerate(raw_steps):
        steps.append(_row(step, STEP_COLUMNS, f"{where}.steps[{n}]", errors))
    if len(errors) > before:
        return None
    return SessionRow(values, tuple(steps))


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_export(data: bytes) -> list[SessionRow]:
    """Every session of an export file, checked; ``FormatError`` says what is wrong where."""
    try:
        document = json.loads(data.decode("utf-8"), parse_constant=_reject_constant)
    except UnicodeDecodeError as exc:
        raise FormatError(
            f"not UTF-8 text (byte {exc.start}): not a timer-tui log export"
        ) from None
    except json.JSONDecodeError as exc:
        raise FormatError(
            f"line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"
        ) from None
    except ValueError as exc:
        raise FormatError(f"not valid JSON ({exc})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise FormatError(
            f'not a timer-tui log export (it has no "format": "{FORMAT}"; '
            "make one with: timer-tui log export)"
        )
    version = document.get("version")
    if not isinstance(version, int) or _count(version) is not None:
        raise FormatError(f"version: {_count(version)}")
    if version > FORMAT_VERSION:
        raise FormatError(
            f"written by a newer timer-tui (format version {version}; this one reads "
            f"up to {FORMAT_VERSION}); update timer-tui on this machine"
        )
    sessions = document.get("sessions")
    if not isinstance(sessions, list):
        raise FormatError(f"sessions: found {_found(sessions)}; expected a list")
    errors: list[str] = []
    rows: list[SessionRow] = []
    first_at: dict[str, int] = {}
    for n, item in enumerate(sessions):
        row = _session(item, f"sessions[{n}]", errors)
        if row is None:
            continue
        if row.uid in first_at:
            errors.append(f"sessions[{n}].uid: {row.uid} is also sessions[{first_at[row.uid]}]")
            continue
        first_at[row.uid] = n
        rows.append(row)
    if errors:
        more = len(errors) - MAX_ERRORS_SHOWN
        shown = "; ".join(errors[:MAX_ERRORS_SHOWN])
        raise FormatError(shown + (f"; and {more} more" if more > 0 else ""))
    return rows


def export_document(
    sessions: Sequence[Mapping[str, object]], exported_at: dt.datetime
) -> dict[str, object]:
    """The export file's content: ``sessions`` are rows with a ``steps`` list each."""
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": exported_at.isoformat(timespec="seconds"),
        "sessions": list(sessions),
    }
