"""A session as other tools see a workout: steps and repeats, nothing else.

Watches and training apps know a step (a time, or open until the lap button)
and a repeat of some steps; they have no sets, sides or ``rest_between``. This
module rewrites those into plain repeats so that expanding the tree gives the
timeline step for step, and a writer can keep the session's blocks as repeats
instead of unrolling them. A block with ``rest_between`` is "N-1 rounds with the
rest, then one round without it": the rest between rounds is not after the last.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from timer_tui.core.model import Block, Kind, Session, Side, Step
from timer_tui.core.timeline import TimelineStep
from timer_tui.core.treadmill import Speed, SpeedUnit, TreadmillSettings


@dataclass(frozen=True, slots=True)
class Move:
    """One step as a workout file holds it."""

    kind: Kind
    name: str
    seconds: int | None
    """None: a rep step, open until done (the lap button on a watch)."""
    reps: int | None = None
    score: bool = False
    note: str | None = None
    side: Side | None = None
    speed_kmh: float | None = None
    """The treadmill speed (a watch's speed target), in km/h."""
    speed_unit: SpeedUnit | None = None
    """The unit the speed was written in, kept for the formats that show it."""
    incline: float | None = None
    """Treadmill incline in percent."""

    @property
    def title(self) -> str:
        """The name another tool shows: sides have no field of their own there."""
        return f"{self.name}, {self.side.value}" if self.side else self.name


@dataclass(frozen=True, slots=True)
class Repeat:
    """``steps`` done ``times`` times in a row (always at least twice)."""

    times: int
    steps: tuple[Node, ...]
    name: str | None = None


Node = Move | Repeat


@dataclass(frozen=True, slots=True)
class _Treadmill:
    """What a block hands its timed steps, as the timeline does: the innermost block's first."""

    speed: Speed | None = None
    incline: float | None = None

    def under(self, block: Block) -> _Treadmill:
        incline = self.incline if block.incline is None else block.incline
        return _Treadmill(block.speed or self.speed, incline)


def workout_plan(session: Session, settings: TreadmillSettings | None = None) -> tuple[Node, ...]:
    """The session's steps as moves and repeats; ``flatten`` of it is the timeline.

    ``settings`` are the runner's ``[treadmill]`` speeds, given to timed steps of
    their kinds that have none, as ``core.treadmill.apply_treadmill`` does.
    """
    nodes = tuple(_nodes(session.steps, _Treadmill()))
    if settings is None or settings.empty:
        return nodes
    return tuple(_with_settings(n, settings) for n in nodes)


def _with_settings(node: Node, settings: TreadmillSettings) -> Node:
    if isinstance(node, Repeat):
        return replace(node, steps=tuple(_with_settings(n, settings) for n in node.steps))
    move = node
    if move.seconds is not None and move.speed_kmh is None and move.kind in settings.speeds:
        speed = settings.speeds[move.kind]
        move = replace(move, speed_kmh=speed.kmh, speed_unit=speed.unit)
    if move.seconds is not None and move.incline is None and move.kind in settings.inclines:
        move = replace(move, incline=settings.inclines[move.kind])
    if move.speed_kmh is not None and settings.units is not None:
        move = replace(move, speed_unit=settings.units)
    return move


def flatten(nodes: Iterable[Node]) -> Iterator[Move]:
    for node in nodes:
        if isinstance(node, Move):
            yield node
        else:
            for _ in range(node.times):
                yield from flatten(node.steps)


def timeline_move(step: TimelineStep) -> Move:
    """A timeline step as the move that stands for it (what round trips compare)."""
    return Move(
        step.kind,
        step.name,
        step.seconds,
        step.reps,
        step.score,
        step.note,
        step.side,
        step.speed_kmh,
        step.speed_unit if step.speed_kmh is not None else None,
        step.incline_pct,
    )


def count_moves(nodes: Iterable[Node]) -> int:
    """Steps after expansion, without expanding (a repeat of a repeat multiplies)."""
    return sum(1 if isinstance(n, Move) else n.times * count_moves(n.steps) for n in nodes)


def has_nested_repeat(nodes: Iterable[Node]) -> bool:
    return any(isinstance(n, Repeat) and any(isinstance(c, Repeat) for c in n.steps) for n in nodes)


def rest_move(seconds: int) -> Move:
    return Move(Kind.REST, Kind.REST.label, seconds)


def repeated(body: list[Node], times: int, name: str | None = None) -> list[Node]:
    """``body`` ``times`` times: a Repeat, or the body itself when once is all."""
    if times <= 0 or not body:
        return []
    if times == 1:
        return list(body)
    return [Repeat(times, tuple(body), name)]


def _nodes(nodes: Iterable[Step | Block], treadmill: _Treadmill) -> list[Node]:
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, Step):
            out.extend(_step_nodes(node, treadmill))
        else:
            out.extend(_block_nodes(node, treadmill.under(node)))
    return out


def _step_nodes(step: Step, treadmill: _Treadmill) -> list[Node]:
    sides: tuple[Side | None, ...] = (Side.LEFT, Side.RIGHT) if step.per_side else (None,)
    # A block's speed is for its timed steps, not its rests (as in the timeline).
    inherit = step.duration is not None and step.kind is not Kind.REST
    speed = step.speed or (treadmill.speed if inherit else None)
    incline = treadmill.incline if step.incline is None and inherit else step.incline
    one_set: list[Node] = [
        Move(
            step.kind,
            step.name,
            step.duration,
            step.reps,
            step.score,
            step.note,
            side,
            speed.kmh if speed else None,
            speed.unit if speed else None,
            incline,
        )
        for side in sides
    ]
    rest = rest_move(step.rest) if step.rest else None
    if step.sets == 1:
        return [*one_set, rest] if rest else one_set
    if rest is None:
        return repeated(one_set, step.sets)
    # The rest goes between sets, not after the last one.
    return [*repeated([*one_set, rest], step.sets - 1), *one_set]


def _block_nodes(block: Block, treadmill: _Treadmill) -> list[Node]:
    body = _nodes(block.steps, treadmill)
    if block.repeat == 1:
        return body
    if not block.rest_between:
        return repeated(body, block.repeat, block.name)
    # Each round but the last ends in rest_between, which replaces a closing rest.
    trimmed = without_last_rest(body)
    head = [*(body if trimmed is None else trimmed), rest_move(block.rest_between)]
    return [*repeated(head, block.repeat - 1, block.name), *body]


def without_last_rest(nodes: list[Node]) -> list[Node] | None:
    """``nodes`` without the rest that ends them when expanded; None if they end otherwise."""
    if not nodes:
        return None
    last = nodes[-1]
    if isinstance(last, Move):
        return nodes[:-1] if last.kind is Kind.REST else None
    inner = without_last_rest(list(last.steps))
    if inner is None:
        return None
    return [*nodes[:-1], *repeated(list(last.steps), last.times - 1, last.name), *inner]
