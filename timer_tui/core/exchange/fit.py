"""A session as a FIT workout file, the format Garmin and most other watches load.

Written with Garmin's own FIT SDK for Python (``garmin-fit-sdk``, whose Encoder
handles the header, definitions and CRC), so the file follows the profile the
watches are built against. Each move is one ``workout_step``; a repeat is a
``repeat_until_steps_cmplt`` step that points back at its first step, so
"8 x (run, walk)" stays three steps on the watch instead of sixteen. A rep step
is an ``open`` step: the watch moves on when the lap button is pressed.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from timer_tui.core.exchange.plan import Move, Node, Repeat, flatten
from timer_tui.core.exchange.text_rules import plain_line
from timer_tui.core.model import Kind, Session
from timer_tui.core.treadmill import SpeedUnit, format_incline, format_speed
from timer_tui.core.wording import reps_text

FILE_ID = 0
WORKOUT = 26
WORKOUT_STEP = 27

MAX_STRING_BYTES = 254
"""FIT strings are NUL-terminated in fields of at most 255 bytes."""

INTENSITY: dict[Kind, str] = {
    Kind.WARMUP: "warmup",
    Kind.COOLDOWN: "cooldown",
    Kind.REST: "rest",
    Kind.WALK: "recovery",
    Kind.RUN: "active",
    Kind.WORK: "active",
    Kind.EXERCISE: "active",
    Kind.STRETCH: "active",
}
"""Walking is the recovery between runs (Couch to 5K); rest is rest."""

RUNNING_KINDS = frozenset({Kind.RUN, Kind.WALK})

SPEED_BAND_KMH = 0.2
"""A speed target is the speed ± this: a watch warns outside the band, and a fixed value
would warn at every wobble of a GPS pace."""


def fit_string(text: str) -> str:
    """One line of at most 254 UTF-8 bytes, cut at a character boundary."""
    line = plain_line(text)
    data = line.encode("utf-8")[:MAX_STRING_BYTES]
    return data.decode("utf-8", errors="ignore")


def step_name(move: Move) -> str:
    return fit_string(move.title)


def step_notes(move: Move) -> str | None:
    """Rep steps carry their count here: a FIT open step has no count of its own."""
    parts: list[str] = []
    if move.seconds is None:
        count = reps_text(move.reps or 0)
        parts.append(f"{count}, yours to count; lap when done" if move.score else count)
    if move.speed_kmh is not None:
        parts.append(format_speed(move.speed_kmh, move.speed_unit or SpeedUnit.KMH))
    if move.incline is not None:
        parts.append(f"incline {format_incline(move.incline)}")  # FIT has no incline target
    if move.note:
        parts.append(move.note)
    return fit_string(" · ".join(parts)) if parts else None


def sport(session_moves: Iterable[Move]) -> str:
    """Running when the session runs or walks; training (strength, HIIT) otherwise."""
    return "running" if any(m.kind in RUNNING_KINDS for m in session_moves) else "training"


def workout_steps(nodes: Iterable[Node]) -> list[dict[str, Any]]:
    """The ``workout_step`` messages, numbered in order; repeats refer back by index."""
    steps: list[dict[str, Any]] = []
    _add_steps(nodes, steps)
    return steps


def _add_steps(nodes: Iterable[Node], steps: list[dict[str, Any]]) -> None:
    for node in nodes:
        if isinstance(node, Repeat):
            first = len(steps)
            _add_steps(node.steps, steps)
            steps.append(_repeat_step(len(steps), first, node))
        else:
            steps.append(_move_step(len(steps), node))


def _repeat_step(index: int, first: int, repeat: Repeat) -> dict[str, Any]:
    return {
        "mesg_num": WORKOUT_STEP,
        "message_index": index,
        "wkt_step_name": fit_string(repeat.name) if repeat.name else None,
        "duration_type": "repeat_until_steps_cmplt",
        "duration_value": first,
        "target_value": repeat.times,
    }


def _move_step(index: int, move: Move) -> dict[str, Any]:
    step: dict[str, Any] = {
        "mesg_num": WORKOUT_STEP,
        "message_index": index,
        "wkt_step_name": step_name(move),
        "intensity": INTENSITY[move.kind],
        "target_type": "open",
        "notes": step_notes(move),
    }
    if move.speed_kmh is not None:
        # The raw fields are in mm/s (custom_target_speed_low/high, scale 1000, m/s).
        low = max(move.speed_kmh - SPEED_BAND_KMH, 0.1)
        step["target_type"] = "speed"
        step["target_value"] = 0  # 0: a custom range, not a speed zone
        step["custom_target_value_low"] = round(low / 3.6 * 1000)
        step["custom_target_value_high"] = round((move.speed_kmh + SPEED_BAND_KMH) / 3.6 * 1000)
    if move.seconds is None:
        step["duration_type"] = "open"
    else:
        step["duration_type"] = "time"
        step["duration_value"] = move.seconds * 1000  # the raw field is in milliseconds
    return step


def fit_bytes(session: Session, nodes: tuple[Node, ...], created: datetime) -> bytes:
    """The whole FIT file; ``created`` is its ``time_created`` (injected for tests)."""
    from garmin_fit_sdk import Encoder

    steps = workout_steps(nodes)
    encoder = Encoder()
    encoder.write_mesg(
        {
            "mesg_num": FILE_ID,
            "type": "workout",
            "manufacturer": "development",
            "product": 0,
            # A stable number per session name, so re-exporting gives the same identity.
            "serial_number": zlib.crc32(session.name.encode("utf-8")) or 1,
            "time_created": created,
        }
    )
    moves = list(flatten(nodes))
    workout: dict[str, Any] = {
        "mesg_num": WORKOUT,
        "wkt_name": fit_string(session.name),
        "sport": sport(moves),
        "num_valid_steps": len(steps),
    }
    if any(m.speed_kmh is not None or m.incline is not None for m in moves):
        workout["sub_sport"] = "treadmill"
    if session.description:
        workout["wkt_description"] = fit_string(session.description)
    encoder.write_mesg(workout)
    for step in steps:
        encoder.write_mesg({k: v for k, v in step.items() if v is not None})
    return encoder.close()
