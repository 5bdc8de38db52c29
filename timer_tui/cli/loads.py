"""Plain mode's loads: ``d 9 20kg`` read whole, and the load offered again.

A lifter types the load once; the next set of the same exercise takes it again
with a bare Enter, and the step line says what was lifted last time (from the log),
as the app's reps dialog pre-fills it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from timer_tui.core.timeline import TimelineStep

_DONE = re.compile(r"^d(?:one)?\s+(\d+)(?:\s+(\S.*))?$", re.IGNORECASE)
_NUMBER_UNIT = re.compile(r"^(\d+(?:[.,]\d+)?)\s*([a-z]+)$", re.IGNORECASE)


def parse_done(line: str) -> tuple[int, str | None] | None:
    """``d 9`` -> (9, None); ``d 9 20kg`` and ``d 9 20 kg`` -> (9, "20 kg"); else None.

    The reps and the load need a space between them: ``d 20kg`` is not 20 reps of "kg".
    """
    found = _DONE.match(line.strip())
    if found is None:
        return None
    return int(found.group(1)), normal_load(found.group(2))


def normal_load(text: str | None) -> str | None:
    """One spelling per load: "20kg", "20 KG" and "20  kg" are all "20 kg"."""
    words = " ".join((text or "").split())
    if not words:
        return None
    number_unit = _NUMBER_UNIT.match(words)
    if number_unit:
        return f"{number_unit.group(1)} {number_unit.group(2).lower()}"
    return words


class LoadMemory:
    """The load last used for each exercise (by step name): the log's, then this run's."""

    def __init__(self, from_log: Mapping[str, str] | None = None) -> None:
        self.last: dict[str, str] = dict(from_log or {})
        self.this_run: dict[str, str] = {}

    def hint(self, step: TimelineStep) -> str:
        """What the step line adds for a rep step: the load to expect, if one is known."""
        if step.is_timed or step.name not in self.last:
            return ""
        load = self.last[step.name]
        if step.name in self.this_run:
            return f"load {load}: Enter keeps it, d N LOAD changes it"
        return f"last time {load}: d N {load} to log it"

    def for_enter(self, step: TimelineStep) -> str | None:
        """A bare Enter (or ``d N``) on a later set takes this run's load again."""
        return self.this_run.get(step.name)

    def used(self, step: TimelineStep, load: str | None) -> None:
        if load:
            self.last[step.name] = self.this_run[step.name] = load
