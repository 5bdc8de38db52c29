"""Which sounds and words go with which engine events: pure, so the dry run, the
player and the tests all agree on what a session sounds like.

A cue is either a *tone* (a bundled sound such as ``start-run``, or the path of
a custom WAV from the session file) or *speech* (the words to say). Each cue has
a priority; the player uses it to decide what may cut what short: a countdown
beep is never delayed by speech, and a step's start tone cuts off whatever is
still being said about the step before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from enum import Enum
from pathlib import Path
from typing import Any, NamedTuple

from timer_tui.core.coach import Coach, countdown_words
from timer_tui.core.coach import speech_text as speech_text  # where the words are made
from timer_tui.core.engine import Engine, Event, EventKind
from timer_tui.core.model import CueSettings, Kind
from timer_tui.core.priority import Priority as Priority  # defined apart for the audio process
from timer_tui.core.timeline import Timeline, TimelineStep

HALFWAY_WORDS = "halfway"
FINISHED_WORDS = "session complete"


class CueKind(str, Enum):
    TONE = "tone"
    SPEECH = "speech"


@dataclass(frozen=True, slots=True)
class Cue:
    kind: CueKind
    sound: str
    """For a tone, a bundled sound's name or a custom WAV's path; for speech, the words."""
    priority: Priority

    @classmethod
    def tone(cls, sound: str, priority: Priority) -> Cue:
        return cls(CueKind.TONE, sound, priority)

    @classmethod
    def speech(cls, text: str) -> Cue:
        return cls(CueKind.SPEECH, text, Priority.SPEECH)

    @property
    def key(self) -> str:
        """One string per distinct sound: what the player preloads and plays by."""
        return f"{self.kind.value}:{self.sound}"

    def describe(self) -> str:
        """For dry runs and logs: ``tone start-run`` or ``say "Run, 90 seconds"``."""
        if self.kind is CueKind.SPEECH:
            return f'say "{self.sound}"'
        return f"tone {self.sound}"


BUNDLED_TONES: tuple[str, ...] = (
    *(kind.start_tone for kind in Kind),
    "countdown",
    "go",
    "halfway",
    "finished",
)
"""Every sound in ``sounds/``; ``tools/gen_sounds.py`` makes exactly these."""


def start_tone(step: TimelineStep, settings: CueSettings) -> str:
    """The step's own sound, else the session's sound for its kind, else the bundled one."""
    custom = step.sound if step.sound is not None else settings.sounds.get(step.kind)
    if custom is not None:
        return str(Path(custom).absolute())  # absolute marks it as a file, not a bundled name
    return step.kind.start_tone


def cues_for(
    event: Event, settings: CueSettings, *, voice: bool = True, coach: Coach | None = None
) -> list[Cue]:
    """The cues one engine event calls for, in the order they should sound.

    ``voice`` is the caller's switch (``--no-voice``); speech plays only when the
    session's ``[cues] voice`` allows it too. ``coach`` holds the run's words (what
    comes next, "last one", notes); without one a step says only its name and length.
    """
    speak = voice and settings.voice
    kind = event.kind
    if kind is EventKind.STEP_STARTED and event.step is not None:
        cues = [Cue.tone(start_tone(event.step, settings), Priority.BOUNDARY)]
        if speak:
            words = coach.start_words(event.index) if coach else speech_text(event.step)
            cues.append(Cue.speech(words))
        return cues
    if kind is EventKind.COUNTDOWN:
        if speak and settings.say_countdown and event.count is not None:
            # Words that mark time: as punctual as the beep they replace.
            return [Cue(CueKind.SPEECH, countdown_words(event.count), Priority.COUNTDOWN)]
        return [Cue.tone("countdown", Priority.COUNTDOWN)]
    if kind is EventKind.HALFWAY and settings.halfway:
        cues = [Cue.tone("halfway", Priority.HALFWAY)]
        if speak and settings.say_halfway:
            cues.append(Cue.speech(HALFWAY_WORDS))
        return cues
    if kind is EventKind.CHANGE_AHEAD and speak and coach and event.count is not None:
        words = coach.change_words(event.index, event.count)
        return [Cue.speech(words)] if words else []
    if kind is EventKind.RESUMED:
        return [Cue.tone("go", Priority.BOUNDARY)]
    if kind is EventKind.SESSION_FINISHED:
        cues = [Cue.tone("finished", Priority.BOUNDARY)]
        if speak:
            cues.append(Cue.speech(FINISHED_WORDS))
        return cues
    # SESSION_STARTED is followed at once by the first STEP_STARTED, which speaks
    # for it; a pause is the runner's own key press; the rest make no sound.
    return []


CONFIG_KEYS = tuple(f.name for f in fields(CueSettings) if f.name not in ("sounds", "given"))
"""The ``[cues]`` keys the user's config may set too (a WAV path belongs to a session)."""


def with_config(settings: CueSettings, config: Mapping[str, object]) -> CueSettings:
    """A session's cue settings over the user's config ``[cues]``.

    A key the session file sets itself wins, as a step's own speed wins over the
    config's; the config fills in the rest, and the built-in defaults what neither sets.
    """
    mine: dict[str, Any] = {
        k: v for k, v in config.items() if k in CONFIG_KEYS and k not in settings.given
    }
    return replace(settings, **mine) if mine else settings


class PlannedCue(NamedTuple):
    """One cue of a dry run.

    ``at`` is seconds from the session's start, counting each rep step as taking
    no time (they last as long as they take); ``step_offset`` is seconds from the
    start of step ``step``, which is exact.
    """

    at: float
    cue: Cue
    step: int
    step_offset: float
    left_out: tuple[str, ...] = ()
    """On a step's start words: what they leave out for lack of time ("the note")."""


def plan_cues(timeline: Timeline, settings: CueSettings, *, voice: bool = True) -> list[PlannedCue]:
    """Every cue a run of ``timeline`` plays, at its offset, when nothing is paused or skipped.

    It drives the real engine on a make-believe clock rather than repeating the
    engine's rules for countdowns and halfway marks, so the two cannot disagree.
    """
    now = 0.0
    engine = Engine(timeline, clock=lambda: now, cues=settings)
    coach = Coach(timeline, settings)
    step_start = 0.0
    plan: list[PlannedCue] = []

    def collect(events: list[Event]) -> None:
        nonlocal step_start
        for event in events:
            if event.kind is EventKind.STEP_STARTED:
                step_start = event.t
            for cue in cues_for(event, settings, voice=voice, coach=coach):
                gone: tuple[str, ...] = ()
                if event.kind is EventKind.STEP_STARTED and cue.kind is CueKind.SPEECH:
                    gone = coach.left_out(event.index)
                plan.append(PlannedCue(event.t, cue, event.index, event.t - step_start, gone))

    collect(engine.start(now))
    while not engine.status.is_over:
        deadline = engine.next_deadline()
        if deadline is None:  # a rep step: done at once
            collect(engine.done(now=now))
            continue
        now = deadline
        collect(engine.poll(now))
    return plan


def distinct_cues(timeline: Timeline, settings: CueSettings, *, voice: bool = True) -> list[Cue]:
    """Each different cue a session can play, for preloading and pre-rendering.

    Includes the cues that only a pause or a skip brings (``go``), so nothing is
    rendered late in the middle of a run, and the countdown beep even when the
    countdown is spoken: without a speech engine the beeps take its place.
    """
    seen: dict[str, Cue] = {}
    for planned in plan_cues(timeline, settings, voice=voice):
        seen.setdefault(planned.cue.key, planned.cue)
    extra = [Cue.tone("go", Priority.BOUNDARY)]
    if settings.countdown:
        extra.append(Cue.tone("countdown", Priority.COUNTDOWN))
    for cue in extra:
        seen.setdefault(cue.key, cue)
    return list(seen.values())
