"""Plain workout text in the step syntax of intervals.icu and similar planners.

```
Couch to 5K - Week 1, Run 1

- Brisk walk 5m warmup

Intervals 8x
- 1m run
- 1m30s walk

- Easy walk 5m cooldown
```

A step is a line starting with ``- ``: an optional name, the length (``5m``,
``90s``, ``1m30s``, ``1h``, ``5'``, or ``10 reps``), then words that say more
(a kind, ``score``, ``press lap``, a treadmill speed as intervals.icu's absolute
pace ``6:00/km Pace``, and ``incline 2%``). ``8x`` alone or at the end of a line starts a
repeat of the step lines under it, up to a blank line. The first line, when a
blank line follows it, is the session's name. Like intervals.icu, repeats do not
nest: a repeat inside a repeat is written out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from timer_tui.core.exchange.plan import Move, Node, Repeat, flatten
from timer_tui.core.exchange.text_rules import plain_line
from timer_tui.core.exchange.toml_out import duration_text
from timer_tui.core.model import Session
from timer_tui.core.treadmill import SpeedUnit, format_speed


def _amount(move: Move) -> str:
    if move.seconds is not None:
        return duration_text(move.seconds)
    return f"{move.reps or 1} reps"


def step_line(move: Move) -> str:
    """``- Brisk walk 5m warmup``; a kind's own name is left out (``- 1m run``)."""
    words = ["-"]
    title = plain_line(move.title)
    if move.seconds is None or title != move.kind.label:
        words.append(title)
    words += [_amount(move), move.kind.value]
    if move.speed_kmh is not None:  # intervals.icu's absolute pace: "6:00/km Pace"
        miles = move.speed_unit is not None and move.speed_unit.in_miles
        pace = SpeedUnit.PACE_MI if miles else SpeedUnit.PACE_KM
        words += [format_speed(move.speed_kmh, pace), "Pace"]
    if move.incline is not None:
        words.append(f"incline {move.incline:g}%")
    if move.score:
        words.append("score")
    if move.seconds is None:
        words.append("press lap")
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class _Paragraph:
    header: str | None
    lines: list[str]


def _paragraphs(nodes: tuple[Node, ...]) -> list[_Paragraph]:
    out: list[_Paragraph] = []
    loose: list[str] = []
    for node in nodes:
        if isinstance(node, Move):
            loose.append(step_line(node))
            continue
        if loose:
            out.append(_Paragraph(None, loose))
            loose = []
        name = plain_line(node.name or "")
        header = f"{name} {node.times}x" if name else f"{node.times}x"
        out.append(_Paragraph(header, [step_line(m) for m in flatten(node.steps)]))
    if loose:
        out.append(_Paragraph(None, loose))
    return out


def workout_text(session: Session, nodes: tuple[Node, ...]) -> str:
    """The whole text: the name, the description, then the steps in paragraphs."""
    # A leading "-" would make the name or description read back as a step.
    parts = [plain_line(session.name).lstrip("- ") or "Workout"]
    description = plain_line(session.description or "").lstrip("- ")
    if description:
        parts.append(description)
    for paragraph in _paragraphs(nodes):
        head = [paragraph.header] if paragraph.header else []
        parts.append("\n".join([*head, *paragraph.lines]))
    return "\n\n".join(parts) + "\n"


REPEAT_RE = re.compile(r"^(?:(?P<name>.*\S)\s+)?(?P<times>\d+)\s*x$", re.IGNORECASE)
"""``8x``, ``Main set 8x``, ``8 x``: a repeat of the steps under it."""

__all__ = ["REPEAT_RE", "Repeat", "step_line", "workout_text"]
