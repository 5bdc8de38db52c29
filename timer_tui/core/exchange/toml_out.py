"""A workout read from another tool's file, written out as a session file.

The text is plain TOML in the style of the bundled sessions (``[[steps]]`` at the
top, inline tables inside blocks), so an imported workout reads like one written
by hand and can be edited as one. Whoever writes it checks it with the loader
first: an import that would not pass ``check`` is never written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from timer_tui.core.exchange.plan import Move, Node, Repeat
from timer_tui.core.exchange.text_rules import plain_line, speed_value
from timer_tui.core.model import Kind


@dataclass(frozen=True, slots=True)
class Imported:
    """What a reader found: the session's name and text, and its steps as a plan."""

    name: str
    nodes: tuple[Node, ...]
    description: str | None = None
    tags: tuple[str, ...] = ()


def toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are a subset of TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def duration_text(seconds: int) -> str:
    """``300 -> "5m"``, ``90 -> "1m30s"``, ``3725 -> "1h2m5s"``: as people write them."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{v}{u}" for v, u in ((hours, "h"), (minutes, "m"), (secs, "s")) if v]
    return "".join(parts) or "0s"


def _move_pairs(move: Move) -> list[tuple[str, str]]:
    pairs = [("kind", toml_string(move.kind.value))]
    if move.seconds is None or move.title != move.kind.label:
        pairs.append(("name", toml_string(move.title)))
    if move.seconds is not None:
        pairs.append(("duration", toml_string(duration_text(move.seconds))))
    else:
        pairs.append(("reps", str(move.reps or 1)))
        if move.score:
            pairs.append(("score", "true"))
    if move.note:
        pairs.append(("note", toml_string(move.note)))
    if move.speed_kmh is not None:
        pairs.append(("speed", toml_string(speed_value(move.speed_kmh, move.speed_unit))))
    if move.incline is not None:
        pairs.append(("incline", f"{move.incline:g}"))
    return pairs


def _inline(node: Node) -> str:
    if isinstance(node, Move):
        pairs = _move_pairs(node)
    else:
        pairs = [("repeat", str(node.times))]
        if node.name:
            pairs.append(("name", toml_string(node.name)))
        pairs.append(("steps", "[" + ", ".join(_inline(n) for n in node.steps) + "]"))
    return "{ " + ", ".join(f"{k} = {v}" for k, v in pairs) + " }"


def _table(node: Node) -> list[str]:
    lines = ["[[steps]]"]
    if isinstance(node, Move):
        lines.extend(f"{k} = {v}" for k, v in _move_pairs(node))
        return lines
    lines.append(f"repeat = {node.times}")
    if node.name:
        lines.append(f"name = {toml_string(node.name)}")
    lines.append("steps = [")
    lines.extend(f"  {_inline(n)}," for n in node.steps)
    lines.append("]")
    return lines


def session_toml(workout: Imported, source: str) -> str:
    """The session file's text; ``source`` says where it came from, in a comment."""
    lines = [f"# Imported by timer-tui from {plain_line(source) or 'a file'}"]
    lines.append(f"name = {toml_string(workout.name)}")
    if workout.description:
        lines.append(f"description = {toml_string(workout.description)}")
    if workout.tags:
        lines.append("tags = [" + ", ".join(toml_string(t) for t in workout.tags) + "]")
    for node in workout.nodes:
        lines.append("")
        lines.extend(_table(node))
    return "\n".join(lines) + "\n"


def default_kind(timed: bool) -> Kind:
    """A step that names no kind: timed work, or a counted exercise (the format's default)."""
    return Kind.WORK if timed else Kind.EXERCISE


__all__ = ["Imported", "Repeat", "duration_text", "session_toml", "toml_string"]
