"""Which cues go with which events: words, tones, priorities and the dry-run plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from timer_tui.core.cues import (
    BUNDLED_TONES,
    Cue,
    CueKind,
    PlannedCue,
    Priority,
    cues_for,
    distinct_cues,
    plan_cues,
    speech_text,
    start_tone,
)
from timer_tui.core.engine import Event, EventKind
from timer_tui.core.model import Block, CueSettings, Kind, Session, Side, Step
from timer_tui.core.timeline import Timeline, TimelineStep, expand
from timer_tui.library.paths import bundled_sounds_dir


def timed(
    kind: Kind, name: str, seconds: int, *, say: str | None = None, sound: Path | None = None
) -> TimelineStep:
    return TimelineStep(index=0, name=name, kind=kind, seconds=seconds, say=say, sound=sound)


def event(kind: EventKind, step: TimelineStep | None = None, *, count: int | None = None) -> Event:
    return Event(kind, 0.0, 0, step, count=count)


def timeline_of(*steps: Step | Block, cues: CueSettings | None = None) -> tuple[Session, Timeline]:
    session = Session(name="t", steps=steps, cues=cues or CueSettings())
    return session, expand(session)


# -- words ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("step", "words"),
    [
        (timed(Kind.RUN, "Run", 90), "Run, 90 seconds"),
        (timed(Kind.WALK, "Walk", 120), "Walk, 2 minutes"),
        (timed(Kind.WALK, "Walk", 150), "Walk, 2 minutes 30 seconds"),
        (timed(Kind.WARMUP, "Brisk walk", 300), "Brisk walk, 5 minutes"),
        (
            TimelineStep(
                index=3,
                name="Bent-knee calf raise",
                kind=Kind.EXERCISE,
                seconds=None,
                reps=15,
                set_no=2,
                sets=3,
                side=Side.LEFT,
            ),
            "Bent-knee calf raise, 15 reps, set 2 of 3, left side",
        ),
        (
            TimelineStep(index=0, name="Plank", kind=Kind.EXERCISE, seconds=None, reps=1),
            "Plank, 1 rep",
        ),
        (
            TimelineStep(index=0, name="Hold", kind=Kind.STRETCH, seconds=30, side=Side.RIGHT),
            "Hold, 30 seconds, right side",
        ),
        (timed(Kind.RUN, "Fartlek", 60, say="Fart lek, one minute"), "Fart lek, one minute"),
    ],
)
def test_speech_text(step: TimelineStep, words: str) -> None:
    assert speech_text(step) == words


# -- tones ---------------------------------------------------------------------------
def test_start_tone_is_per_kind_and_custom_sounds_win(tmp_path: Path) -> None:
    step_wav, kind_wav = tmp_path / "step.wav", tmp_path / "kind.wav"
    settings = CueSettings(sounds={Kind.RUN: kind_wav})
    assert start_tone(timed(Kind.WALK, "Walk", 60), settings) == "start-walk"
    assert start_tone(timed(Kind.RUN, "Run", 60), settings) == str(kind_wav)
    assert start_tone(timed(Kind.RUN, "Run", 60, sound=step_wav), settings) == str(step_wav)


def test_a_relative_custom_path_becomes_absolute_so_it_is_never_taken_for_a_bundled_name() -> None:
    tone = start_tone(timed(Kind.RUN, "Run", 60, sound=Path("my.wav")), CueSettings())
    assert Path(tone).is_absolute() and tone.endswith("my.wav")


def test_every_kind_has_its_own_bundled_tone_and_every_bundled_tone_has_a_file() -> None:
    starts = {start_tone(timed(kind, "x", 60), CueSettings()) for kind in Kind}
    assert len(starts) == len(Kind)
    assert starts <= set(BUNDLED_TONES)
    for name in BUNDLED_TONES:
        assert (bundled_sounds_dir() / f"{name}.wav").is_file(), name


# -- events --------------------------------------------------------------------------
def test_a_step_start_sounds_its_tone_then_says_what_it_is() -> None:
    cues = cues_for(event(EventKind.STEP_STARTED, timed(Kind.RUN, "Run", 90)), CueSettings())
    assert cues == [
        Cue(CueKind.TONE, "start-run", Priority.BOUNDARY),
        Cue(CueKind.SPEECH, "Run, 90 seconds", Priority.SPEECH),
    ]


@pytest.mark.parametrize(
    ("voice", "settings"),
    [(False, CueSettings()), (True, CueSettings(voice=False))],
    ids=["--no-voice", "[cues] voice = false"],
)
def test_without_voice_only_tones(voice: bool, settings: CueSettings) -> None:
    step = timed(Kind.RUN, "Run", 90)
    for kind in EventKind:
        for cue in cues_for(event(kind, step, count=1), settings, voice=voice):
            assert cue.kind is CueKind.TONE


def test_countdown_beats_everything_and_speech_is_lowest() -> None:
    step = timed(Kind.RUN, "Run", 90)
    beep = cues_for(event(EventKind.COUNTDOWN, step, count=3), CueSettings())
    assert beep == [Cue.tone("countdown", Priority.COUNTDOWN)]
    assert Priority.COUNTDOWN > Priority.BOUNDARY > Priority.HALFWAY > Priority.SPEECH


def test_halfway_and_finish_say_so() -> None:
    step = timed(Kind.RUN, "Run", 90)
    assert [c.describe() for c in cues_for(event(EventKind.HALFWAY, step), CueSettings())] == [
        "tone halfway",
        'say "halfway"',
    ]
    finished = cues_for(event(EventKind.SESSION_FINISHED, step), CueSettings())
    assert [c.describe() for c in finished] == ["tone finished", 'say "session complete"']
    assert cues_for(event(EventKind.HALFWAY, step), CueSettings(halfway=False)) == []


@pytest.mark.parametrize(
    "kind",
    [
        EventKind.SESSION_STARTED,
        EventKind.STEP_ENDED,
        EventKind.PAUSED,
        EventKind.ADJUSTED,
        EventKind.SESSION_QUIT,
    ],
)
def test_silent_events(kind: EventKind) -> None:
    assert cues_for(event(kind, timed(Kind.RUN, "Run", 90)), CueSettings()) == []


def test_resume_says_go() -> None:
    assert cues_for(event(EventKind.RESUMED, timed(Kind.RUN, "Run", 90)), CueSettings()) == [
        Cue.tone("go", Priority.BOUNDARY)
    ]


# -- the dry run ------------------------------------------------------------------------
def test_plan_of_a_run_walk_session() -> None:
    _, timeline = timeline_of(
        Step(Kind.RUN, "Run", duration=90), Step(Kind.WALK, "Walk", duration=30)
    )
    plan = [(p.at, p.step, p.cue.describe()) for p in plan_cues(timeline, CueSettings())]
    assert plan == [
        (0.0, 0, "tone start-run"),
        (0.0, 0, 'say "Run, 90 seconds"'),
        (45.0, 0, "tone halfway"),  # 90 s >= halfway_min (60)
        (45.0, 0, 'say "halfway"'),
        (87.0, 0, "tone countdown"),
        (88.0, 0, "tone countdown"),
        (89.0, 0, "tone countdown"),
        (90.0, 1, "tone start-walk"),
        (90.0, 1, 'say "Walk, 30 seconds"'),  # 30 s: no halfway
        (117.0, 1, "tone countdown"),
        (118.0, 1, "tone countdown"),
        (119.0, 1, "tone countdown"),
        (120.0, 1, "tone finished"),
        (120.0, 1, 'say "session complete"'),
    ]


def test_plan_follows_the_sessions_cue_settings() -> None:
    _, timeline = timeline_of(
        Step(Kind.WORK, "Work", duration=20), Step(Kind.REST, "Rest", duration=10)
    )
    settings = CueSettings(countdown=5, halfway_min=20, voice=False)
    plan = plan_cues(timeline, settings)
    assert [p.at for p in plan if p.cue.sound == "countdown"] == [
        15,
        16,
        17,
        18,
        19,
        25,
        26,
        27,
        28,
        29,
    ]
    assert [p.at for p in plan if p.cue.sound == "halfway"] == [10.0]
    assert all(p.cue.kind is CueKind.TONE for p in plan)


def test_rep_steps_take_no_time_in_the_plan_but_offsets_within_steps_stay_exact() -> None:
    _, timeline = timeline_of(
        Step(Kind.EXERCISE, "Squat", reps=10, sets=2, rest=20),
        Step(Kind.STRETCH, "Calf", duration=30),
    )
    plan = plan_cues(timeline, CueSettings())
    starts = [(p.at, p.step, p.step_offset) for p in plan if p.cue.priority is Priority.BOUNDARY]
    # squat (reps), rest 20 s, squat (reps), calf 30 s, finished
    assert starts == [(0.0, 0, 0.0), (0.0, 1, 0.0), (20.0, 2, 0.0), (20.0, 3, 0.0), (50.0, 3, 30.0)]
    rest_beeps = [p.step_offset for p in plan if p.step == 1 and p.cue.sound == "countdown"]
    assert rest_beeps == [17.0, 18.0, 19.0]
    assert isinstance(plan[0], PlannedCue)


def test_distinct_cues_cover_every_planned_cue_and_resume() -> None:
    session, timeline = timeline_of(
        Block(
            steps=(Step(Kind.RUN, "Run", duration=60), Step(Kind.WALK, "Walk", duration=90)),
            repeat=3,
        )
    )
    distinct = distinct_cues(timeline, session.cues)
    keys = [c.key for c in distinct]
    assert len(keys) == len(set(keys))
    assert {p.cue.key for p in plan_cues(timeline, session.cues)} | {"tone:go"} == set(keys)
    assert "speech:Run, 1 minute" in keys and "speech:Walk, 90 seconds" in keys
