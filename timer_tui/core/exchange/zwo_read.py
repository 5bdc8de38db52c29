"""Reading a ZWO file into a workout plan, with located errors for anything off.

Every element and attribute that carries a step is checked: a duration is whole
seconds after rounding, more than zero and at most 24 hours; a repeat at most
1000; an intensity a finite number. An element this reader does not know is an
error, never skipped, since skipping one would quietly drop part of a workout.
"""

from __future__ import annotations

import math
from pathlib import Path

from timer_tui.core.exchange.plan import Move, Node, Repeat, count_moves
from timer_tui.core.exchange.text_rules import MAX_NAME, control_character, split_targets
from timer_tui.core.exchange.toml_out import Imported
from timer_tui.core.exchange.xml_tree import XmlNode, XmlProblem, parse_xml
from timer_tui.core.exchange.zwo import AUTHOR, kind_for_power
from timer_tui.core.format_spec import MAX_REPEAT, MAX_STEPS
from timer_tui.core.loader import LoadError
from timer_tui.core.model import Kind
from timer_tui.core.safe_text import shorten

MAX_SECONDS = 24 * 3600

HEADER_ELEMENTS = frozenset(
    {
        "activitySaveName",
        "author",
        "author_alias",
        "authorIcon",
        "category",
        "categoryIndex",
        "description",
        "durationType",
        "entid",
        "ftpOverride",
        "name",
        "overrideHash",
        "painIndex",
        "ShowCP20",
        "Skippable",
        "sportType",
        "subcategory",
        "tags",
        "test_details",
        "visibleAfterTime",
        "visibleOutsidePlan",
        "workout",
        "workoutLength",
        "WorkoutPlan",
    }
)
"""What Zwift's own files hold at the top (zwift-workout-file-reference), and
``durationType``, which its workout editor writes; only ``name``, ``description``,
``tags``, ``sportType``, ``durationType`` and ``workout`` mean anything here."""

STEP_ELEMENTS = (
    "Warmup",
    "Cooldown",
    "SteadyState",
    "IntervalsT",
    "Ramp",
    "FreeRide",
    "Freeride",
    "MaxEffort",
)
MESSAGE_ELEMENTS = frozenset({"textevent", "TextEvent", "TextNotification", "gameplayevent"})


class _Reader:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.errors: list[LoadError] = []
        self.running = True
        self.ours = False
        """Written by timer-tui: its intensities stand for kinds exactly."""

    def error(self, node: XmlNode, key: str, message: str) -> None:
        self.errors.append(LoadError(self.path, node.line, node.col, key, message))

    def text(self, node: XmlNode, key: str) -> str | None:
        value = " ".join(node.text.split())
        bad = control_character(node.text.replace("\n", " ").replace("\t", " ").replace("\r", " "))
        if bad is not None:
            self.error(node, key, f"holds a control character ({bad!r}); use plain text")
            return None
        if len(value) > MAX_NAME:
            self.error(node, key, f"is {len(value):,} characters; at most {MAX_NAME:,}")
            return None
        return value or None

    def number(self, node: XmlNode, attr: str, *, required: bool) -> float | None:
        raw = node.attrs.get(attr)
        if raw is None:
            if required:
                self.error(node, f"{node.tag}.{attr}", f"missing; <{node.tag}> needs {attr}")
            return None
        try:
            value = float(raw.strip())
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or value < 0 or value > 1e6:
            self.error(node, f"{node.tag}.{attr}", f'found "{shorten(raw)}"; a number is needed')
            return None
        return value

    def seconds(self, node: XmlNode, attr: str) -> int | None:
        value = self.number(node, attr, required=True)
        if value is None:
            return None
        whole = round(value)
        if whole < 1 or whole > MAX_SECONDS:
            self.error(
                node,
                f"{node.tag}.{attr}",
                f'found "{node.attrs[attr].strip()}"; a duration in seconds, '
                f"at least 1 and at most {MAX_SECONDS} (24 hours)",
            )
            return None
        return whole

    def repeat(self, node: XmlNode) -> int | None:
        value = self.number(node, "Repeat", required=True)
        if value is None:
            return None
        if value != int(value) or not 1 <= value <= MAX_REPEAT:
            self.error(
                node,
                "IntervalsT.Repeat",
                f'found "{node.attrs["Repeat"].strip()}"; a whole number from 1 to {MAX_REPEAT}',
            )
            return None
        return int(value)

    def step_name(self, node: XmlNode) -> str | None:
        """The text shown at the element's start: the step's name when we wrote the file."""
        for child in node.children:
            if child.tag.lower() == "textevent" and _offset(child) == 0:
                message = child.attrs.get("message", "")
                bad = control_character(message)
                if bad is not None:
                    self.error(child, "textevent.message", f"holds a control character ({bad!r})")
                    return None
                name = " ".join(message.split())
                if len(name) > MAX_NAME:
                    self.error(child, "textevent.message", f"is over {MAX_NAME:,} characters")
                    return None
                return name or None
        return None

    def move(self, node: XmlNode, kind: Kind, seconds: int | None) -> Move | None:
        if seconds is None:
            return None
        name, kmh, unit, incline = split_targets(self.step_name(node) or "")
        return Move(
            kind, name or kind.label, seconds, speed_kmh=kmh, speed_unit=unit, incline=incline
        )

    def power(self, node: XmlNode, *attrs: str) -> float | None:
        values = [self.number(node, a, required=False) for a in attrs if a in node.attrs]
        found = [v for v in values if v is not None]
        return sum(found) / len(found) if found else None

    def step(self, node: XmlNode) -> list[Node]:
        tag = node.tag
        effort = Kind.RUN if self.running else Kind.WORK
        if tag in ("Warmup", "Cooldown"):
            kind = Kind.WARMUP if tag == "Warmup" else Kind.COOLDOWN
            move = self.move(node, kind, self.seconds(node, "Duration"))
        elif tag in ("SteadyState", "Ramp"):
            power = self.power(node, "Power") if "Power" in node.attrs else None
            if power is None:
                power = self.power(node, "PowerLow", "PowerHigh")
            kind = kind_for_power(power, self.running, effort, ours=self.ours)
            move = self.move(node, kind, self.seconds(node, "Duration"))
        elif tag in ("FreeRide", "Freeride", "MaxEffort"):
            move = self.move(node, effort, self.seconds(node, "Duration"))
        else:
            return self.intervals(node)
        return [move] if move else []

    def intervals(self, node: XmlNode) -> list[Node]:
        times = self.repeat(node)
        on_s, off_s = self.seconds(node, "OnDuration"), self.seconds(node, "OffDuration")
        on_p = self.power(node, "OnPower") or self.power(node, "PowerOnLow", "PowerOnHigh")
        off_p = self.power(node, "OffPower") or self.power(node, "PowerOffLow", "PowerOffHigh")
        if times is None or on_s is None or off_s is None:
            return []
        on_kind, off_kind = (
            kind_for_power(power, self.running, default, ours=self.ours)
            for power, default in (
                (on_p, Kind.RUN if self.running else Kind.WORK),
                (off_p, Kind.WALK if self.running else Kind.REST),
            )
        )
        pair: tuple[Node, ...] = (
            Move(on_kind, on_kind.label, on_s),
            Move(off_kind, off_kind.label, off_s),
        )
        return [Repeat(times, pair)] if times > 1 else list(pair)

    def workout(self, node: XmlNode) -> list[Node]:
        nodes: list[Node] = []
        for child in node.children:
            if child.tag in MESSAGE_ELEMENTS:
                continue  # messages between steps: nothing to run
            if child.tag not in STEP_ELEMENTS:
                allowed = ", ".join(STEP_ELEMENTS)
                self.error(
                    child,
                    f"workout.{child.tag}",
                    f"unknown element <{child.tag}>; allowed: {allowed}",
                )
                continue
            nodes.extend(self.step(child))
            if count_moves(nodes) > MAX_STEPS:
                self.error(child, "workout", f"more than {MAX_STEPS} steps; split the workout")
                break
        if not nodes and not self.errors:  # empty, or only messages
            self.error(node, "workout", "the <workout> element has no steps")
        return nodes


def _offset(node: XmlNode) -> float | None:
    """A message's time from its step's start; None when unreadable (then it is no name)."""
    try:
        return float(node.attrs.get("timeoffset", "0") or 0)
    except ValueError:
        return None


def _child(root: XmlNode, tag: str) -> XmlNode | None:
    return next((c for c in root.children if c.tag == tag), None)


def read_zwo(data: bytes, path: Path | None, fallback_name: str) -> Imported | list[LoadError]:
    """The workout in ``data``, or every problem found (at least one)."""
    try:
        root = parse_xml(data)
    except XmlProblem as exc:
        return [LoadError(path, exc.line, exc.col, "", exc.message)]
    reader = _Reader(path)
    if root.tag != "workout_file":
        reader.error(root, "", f"the root element is <{root.tag}>; a ZWO file is a <workout_file>")
        return reader.errors
    for child in root.children:
        if child.tag not in HEADER_ELEMENTS:
            reader.error(child, child.tag, f"unknown element <{child.tag}> in <workout_file>")
    author = _child(root, "author")
    reader.ours = author is not None and author.text.strip() == AUTHOR
    sport = _child(root, "sportType")
    reader.running = sport is None or sport.text.strip().lower() != "bike"
    duration_type = _child(root, "durationType")
    if duration_type is not None and duration_type.text.strip().lower() not in ("", "time"):
        # Zwift's run workouts may measure steps in metres: every Duration would be wrong.
        found = shorten(duration_type.text.strip())
        reader.error(
            duration_type,
            "durationType",
            f'found "{found}"; its steps are distances, and timer-tui times steps (time only)',
        )
        return reader.errors
    name_node, desc_node = _child(root, "name"), _child(root, "description")
    name = reader.text(name_node, "name") if name_node else None
    description = reader.text(desc_node, "description") if desc_node else None
    tags_node = _child(root, "tags")
    tags = tuple(
        t.attrs["name"].strip()
        for t in (tags_node.children if tags_node else [])
        if t.tag == "tag"
        and t.attrs.get("name", "").strip()
        and control_character(t.attrs["name"]) is None
    )
    workout = _child(root, "workout")
    if workout is None:
        reader.error(root, "workout", "no <workout> element: the file has no steps")
        return reader.errors
    nodes = reader.workout(workout)
    if reader.errors:
        return reader.errors
    return Imported(name or fallback_name, tuple(nodes), description, tags)
