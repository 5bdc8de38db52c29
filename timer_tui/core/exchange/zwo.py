"""Zwift's workout XML (ZWO), which Zwift and most treadmill and trainer apps load.

ZWO has no step kinds and no step names: an element is a ramp up (``Warmup``), a
ramp down (``Cooldown``), a steady effort (``SteadyState``) or on/off intervals
(``IntervalsT``), with an intensity as a fraction of the runner's threshold pace
(or the rider's FTP). So a kind is written as an intensity (the ``POWER`` table;
documented in docs/take-it-along.md) and each step's name as a text message at
its start, which Zwift shows on screen; the reader maps both back. A repeat of
one on/off pair with plain names becomes one ``IntervalsT``; other repeats are
written out step by step, since ZWO has no other way to repeat. ZWO has no step
that waits for a button, so a session with rep steps is refused (FIT and text
carry them).
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from timer_tui.core.errors import UserError
from timer_tui.core.exchange.plan import Move, Node, Repeat, flatten
from timer_tui.core.exchange.text_rules import plain_line, targets_text
from timer_tui.core.model import Kind, Session

POWER: dict[Kind, float] = {
    Kind.REST: 0.40,
    Kind.WALK: 0.50,
    Kind.STRETCH: 0.55,
    Kind.EXERCISE: 0.65,
    Kind.RUN: 0.80,
    Kind.WORK: 1.00,
    Kind.WARMUP: 0.55,
    Kind.COOLDOWN: 0.55,
}
"""The intensity written for each kind; the reader maps these exact values back."""

WARMUP_RAMP = ("0.45", "0.65")
COOLDOWN_RAMP = ("0.65", "0.45")


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def rep_steps_refused(nodes: Iterable[Node]) -> str | None:
    """Why the session cannot be ZWO: its first rep step, or None when all are timed."""
    moves = list(flatten(nodes))
    counted = [m for m in moves if m.seconds is None]
    if not counted:
        return None
    first = counted[0]
    return (
        f"ZWO has no step that waits for you: {len(counted)} of the {len(moves)} steps "
        f'are rep steps (the first is "{plain_line(first.title)}"); '
        "export it as fit (open steps, ended with the lap button) or text"
    )


def _message(move: Move) -> str:
    """The step's name, and its treadmill speed and incline: ZWO has no field for either."""
    name = plain_line(move.title) or move.kind.label
    return name + targets_text(move.speed_kmh, move.speed_unit, move.incline)


def _is_interval_pair(repeat: Repeat) -> bool:
    """One on/off pair with the kinds' own names: all that ``IntervalsT`` can say."""
    steps = repeat.steps
    return (
        len(steps) == 2
        and all(isinstance(s, Move) for s in steps)
        and all(
            isinstance(s, Move)
            and s.seconds is not None
            and s.title == s.kind.label
            and s.speed_kmh is None
            and s.incline is None
            and s.kind not in (Kind.WARMUP, Kind.COOLDOWN)
            for s in steps
        )
    )


def _move_element(parent: ET.Element, move: Move) -> None:
    assert move.seconds is not None
    attrs = {"Duration": str(move.seconds)}
    if move.kind is Kind.WARMUP:
        tag = "Warmup"
        attrs["PowerLow"], attrs["PowerHigh"] = WARMUP_RAMP
    elif move.kind is Kind.COOLDOWN:
        tag = "Cooldown"
        attrs["PowerLow"], attrs["PowerHigh"] = COOLDOWN_RAMP
    else:
        tag = "SteadyState"
        attrs["Power"] = _number(POWER[move.kind])
    element = ET.SubElement(parent, tag, attrs)
    ET.SubElement(element, "textevent", {"timeoffset": "0", "message": _message(move)})


def _nodes_elements(parent: ET.Element, nodes: Iterable[Node]) -> None:
    for node in nodes:
        if isinstance(node, Move):
            _move_element(parent, node)
        elif _is_interval_pair(node):
            on, off = (s for s in node.steps if isinstance(s, Move))
            ET.SubElement(
                parent,
                "IntervalsT",
                {
                    "Repeat": str(node.times),
                    "OnDuration": str(on.seconds),
                    "OffDuration": str(off.seconds),
                    "OnPower": _number(POWER[on.kind]),
                    "OffPower": _number(POWER[off.kind]),
                },
            )
        else:
            for move in flatten([node]):
                _move_element(parent, move)


def zwo_text(session: Session, nodes: tuple[Node, ...]) -> str:
    """The ZWO document; raises UserError for a session with rep steps."""
    refused = rep_steps_refused(nodes)
    if refused:
        raise UserError(refused)
    root = ET.Element("workout_file")
    ET.SubElement(root, "author").text = AUTHOR
    ET.SubElement(root, "name").text = plain_line(session.name)
    ET.SubElement(root, "description").text = plain_line(session.description or "")
    running = any(m.kind in (Kind.RUN, Kind.WALK) for m in flatten(nodes))
    ET.SubElement(root, "sportType").text = "run" if running else "bike"
    tags = ET.SubElement(root, "tags")
    for tag in session.tags:
        ET.SubElement(tags, "tag", {"name": plain_line(tag)})
    _nodes_elements(ET.SubElement(root, "workout"), nodes)
    ET.indent(root, space="    ")
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


AUTHOR = "timer-tui"
"""The ``<author>`` we write: a file of ours maps its intensities back to kinds exactly."""


def kind_for_power(power: float | None, running: bool, default: Kind, *, ours: bool) -> Kind:
    """Our own intensities map back exactly; another tool's, to the nearer of two kinds
    (a ramp of someone's run averaging 0.65 is a run, not our "exercise")."""
    if power is None or not math.isfinite(power):
        return default
    for kind, value in POWER.items() if ours else ():
        if kind not in (Kind.WARMUP, Kind.COOLDOWN) and abs(value - power) < 0.005:
            return kind
    if running:
        return Kind.WALK if power < 0.65 else Kind.RUN
    return Kind.REST if power < 0.6 else Kind.WORK
