"""What the voice says, step by step: a coach's words worked out before the run.

At a step's start the voice says one clip, made of parts in order of importance:
"Last one." (a block's last round begins), the step itself ("Run, 60 seconds"),
its treadmill speed and incline, what comes next (in a rest or a recovery walk)
and the step's note (the first time the step comes). Ten seconds (or
``say_speed_change``) before a change of speed: "In ten seconds: walk, five and
a half".

What gives way. Tones mark time and never wait for words: a countdown beep, the
halfway tone and the next step's start tone cut the words short (see
``audio/queue.py``). So the words are built to fit before the first sound that
would cut them: the step itself is always said; the optional parts are left out,
the least useful first (the note, then what comes next, then the incline, then
the speed), when the estimate of their length says they would not end in time.
Leaving a part out is better than a sentence cut in the middle. One clip per
moment, not several: a queued second clip would wait behind the first, and words
that cannot start within two seconds are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from timer_tui.core.durations import spoken_duration
from timer_tui.core.engine import announces_change
from timer_tui.core.model import CueSettings, Kind
from timer_tui.core.spoken import (
    capitalised,
    for_the_ear,
    incline_words,
    number_words,
    speed_figure_words,
    speed_words,
)
from timer_tui.core.timeline import Timeline, TimelineStep
from timer_tui.core.treadmill import SpeedUnit
from timer_tui.core.wording import reps_text

RECOVERY_KINDS = frozenset({Kind.REST, Kind.WALK})
"""Steps during which the voice says what comes next: a rest, and the walk between runs."""

TONE_ROOM = 0.6
"""Seconds the start tone takes before the words (the bundled tones are 0.1-0.6 s)."""
WORDS_BASE = 0.4
"""An estimate of a clip's length: this much, plus ``PER_CHARACTER`` a character and
``PER_NUMBER`` a figure (espeak-ng at 170 words a minute, measured on our sentences)."""
PER_CHARACTER = 0.07
PER_NUMBER = 0.3
_FIGURE = re.compile(r"[0-9]+")


@dataclass(frozen=True, slots=True)
class Part:
    """One piece of what is said at a moment; ``gives_way`` 0 is always said, higher
    numbers are left out first when time is short."""

    text: str
    gives_way: int = 0
    what: str = ""
    """What the part is, for ``show --cues`` when it is left out: "the note"."""


def speech_text(step: TimelineStep) -> str:
    """What the voice says for the step itself.

    "Run, 90 seconds"; "Walk, 2 minutes";
    "Bent-knee calf raise, 15 reps, set 2 of 3, left side". A step's own ``say``
    replaces all of it, for names a speech engine mangles.
    """
    if step.say:
        return step.say
    parts = [step.name]
    if step.seconds is not None:
        parts.append(spoken_duration(step.seconds))
    elif step.reps is not None:
        parts.append(reps_text(step.reps))
    if step.sets and step.sets > 1 and step.set_no:
        parts.append(f"set {step.set_no} of {step.sets}")
    if step.side is not None:
        parts.append(f"{step.side.value} side")
    return ", ".join(parts)


def speech_seconds(text: str) -> float:
    """About how long ``text`` takes to say; a little long rather than short."""
    return WORDS_BASE + PER_CHARACTER * len(text) + PER_NUMBER * len(_FIGURE.findall(text))


def joined(parts: list[Part]) -> str:
    """Sentences in one clip: "Last one. Run, 60 seconds"."""
    return ". ".join(capitalised(p.text.rstrip(". ")) for p in parts if p.text.strip())


def fit(parts: list[Part], window: float | None) -> list[Part]:
    """The parts that fit in ``window`` seconds (all of them when None), in their order.

    The parts that are always said come first in the count; then each optional part,
    the most useful first, if it still fits. Each part is costed once (its text and a
    sentence break), which is never less than ``speech_seconds`` of the joined clip.
    """
    if window is None or all(p.gives_way == 0 for p in parts):
        return parts
    cost = [speech_seconds(p.text) - WORDS_BASE + PER_CHARACTER * 2 for p in parts]
    keep = {i for i, p in enumerate(parts) if p.gives_way == 0}
    total = WORDS_BASE + sum(cost[i] for i in keep)
    for i in sorted(set(range(len(parts))) - keep, key=lambda i: parts[i].gives_way):
        if total + cost[i] <= window:
            keep.add(i)
            total += cost[i]
    return [parts[i] for i in sorted(keep)]


def starts_last_round(timeline: Timeline, index: int) -> bool:
    """Whether step ``index`` is the first step of the last round of a repeated block."""
    step = timeline[index]
    before = timeline[index - 1].rounds if index > 0 else ()
    for level, round_ in enumerate(step.rounds):
        if round_.number == round_.total and before[: level + 1] != step.rounds[: level + 1]:
            return True
    return False


def countdown_words(count: int) -> str:
    """ "Three", "two", "one": the spoken countdown, one word a second."""
    return capitalised(number_words(count))


class Coach:
    """The words of one run of ``timeline`` under ``settings``, worked out once.

    The player asks it at each event (a lookup); ``show --cues`` asks it the same way,
    so the dry run says exactly what the run will say.
    """

    def __init__(self, timeline: Timeline, settings: CueSettings) -> None:
        self.timeline = timeline
        self.settings = settings
        self._noted: set[int] = set()
        """Steps whose note is said: the first of each note's steps (sets, sides, rounds)."""
        seen: set[tuple[int, str]] = set()
        for step in timeline.steps:
            if step.note and (step.line, step.note) not in seen:
                seen.add((step.line, step.note))
                self._noted.add(step.index)
        self._start: dict[int, tuple[str, tuple[str, ...]]] = {}

    def start_words(self, index: int) -> str:
        """Everything said as step ``index`` starts, in one clip (cached: asked per run)."""
        return self._fitted(index)[0]

    def left_out(self, index: int) -> tuple[str, ...]:
        """What step ``index`` would say but has no time for ("the note"), for ``show --cues``."""
        return self._fitted(index)[1]

    def _fitted(self, index: int) -> tuple[str, tuple[str, ...]]:
        done = self._start.get(index)
        if done is None:
            parts = self.start_parts(index)
            kept = fit(parts, self.window(index))
            ids = {id(p) for p in kept}
            done = (joined(kept), tuple(p.what for p in parts if id(p) not in ids))
            self._start[index] = done
        return done

    def start_parts(self, index: int) -> list[Part]:
        """Each piece of the step's start words, with how readily it gives way."""
        step = self.timeline[index]
        s = self.settings
        parts: list[Part] = []
        if s.say_last_round and starts_last_round(self.timeline, index):
            parts.append(Part("Last one"))
        parts.append(Part(speech_text(step)))
        if s.say_speed and step.speed_kmh is not None:
            unit = step.speed_unit or SpeedUnit.KMH
            parts.append(Part(speed_words(step.speed_kmh, unit), 1, "the speed"))
        if s.say_speed and step.incline_pct is not None:
            parts.append(Part(incline_words(step.incline_pct), 2, "the incline"))
        following = self.timeline[index + 1] if index + 1 < len(self.timeline) else None
        if s.say_next and step.kind in RECOVERY_KINDS and following is not None:
            parts.append(Part(f"Next: {speech_text(following)}", 3, "what comes next"))
        if s.say_notes and step.note and index in self._noted:
            parts.append(Part(for_the_ear(step.note), 4, "the note"))
        return parts

    def change_words(self, index: int, seconds: int) -> str:
        """Said ``seconds`` before step ``index`` ends and the belt changes for the next:
        "In ten seconds: Walk, five and a half"; "In ten seconds: Hill, incline four
        percent"; "In ten seconds: Rest" when the next step is off the belt."""
        following = self.timeline[index + 1] if index + 1 < len(self.timeline) else None
        if following is None:
            return ""
        step = self.timeline[index]
        parts = [following.say or following.name]
        if following.speed_kmh is not None and following.speed_kmh != step.speed_kmh:
            unit = following.speed_unit or SpeedUnit.KMH
            parts.append(speed_figure_words(following.speed_kmh, unit))
        if following.incline_pct is not None and following.incline_pct != step.incline_pct:
            parts.append(incline_words(following.incline_pct))
        return f"In {number_words(seconds)} seconds: {', '.join(parts)}"

    def window(self, index: int) -> float | None:
        """Seconds the start words have before a sound would cut them; None: no limit."""
        step = self.timeline[index]
        if step.seconds is None:
            return None  # a rep step lasts until done: nothing cuts its words
        length = step.seconds
        marks = [float(length)]
        count = min(self.settings.countdown, length - 1)
        if count > 0:
            marks.append(float(length - count))
        if self.settings.halfway and length >= self.settings.halfway_min:
            marks.append(length / 2)
        lead = self.settings.say_speed_change
        following = self.timeline[index + 1] if index + 1 < len(self.timeline) else None
        if announces_change(step, following, lead):
            marks.append(float(length - lead))
        return max(0.0, min(marks) - TONE_ROOM)
