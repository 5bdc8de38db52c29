"""A coach's words: what comes next, "last one", notes, speed and incline, and what gives way.

Pure tests on the words and their timing (the same plan ``show --cues`` prints and
the player plays); ``tests/audio/test_coach_voice.py`` hears them through a sound card.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from timer_tui.cli.main import main
from timer_tui.core.coach import (
    Coach,
    Part,
    countdown_words,
    fit,
    speech_seconds,
    starts_last_round,
)
from timer_tui.core.cues import Cue, CueKind, Priority, cues_for, distinct_cues, plan_cues
from timer_tui.core.engine import CHANGE_AHEAD_ROOM, Engine, Event, EventKind
from timer_tui.core.model import Block, CueSettings, Kind, Session, Step
from timer_tui.core.spoken import (
    clock_words,
    decimal_words,
    for_the_ear,
    incline_words,
    number_words,
    speed_figure_words,
    speed_words,
)
from timer_tui.core.timeline import Timeline, expand
from timer_tui.core.treadmill import Speed, SpeedUnit, parse_speed


def timeline_of(*steps: Step | Block) -> Timeline:
    return expand(Session(name="t", steps=steps))


def said(timeline: Timeline, settings: CueSettings | None = None) -> list[tuple[float, str]]:
    """Every spoken cue of an undisturbed run: (seconds from the start, words)."""
    plan = plan_cues(timeline, settings or CueSettings())
    return [(p.at, p.cue.sound) for p in plan if p.cue.kind is CueKind.SPEECH]


def start_words(timeline: Timeline, settings: CueSettings | None = None) -> list[str]:
    coach = Coach(timeline, settings or CueSettings())
    return [coach.start_words(i) for i in range(len(timeline))]


RUN_WALK = Block(
    steps=(
        Step(Kind.RUN, "Run", duration=60, note="Just 60 seconds. Go as slowly as you like."),
        Step(Kind.WALK, "Walk", duration=90),
    ),
    repeat=3,
    name="Intervals",
)


# -- numbers for the ear ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "zero"),
        (3, "three"),
        (15, "fifteen"),
        (21, "twenty-one"),
        (60, "sixty"),
        (105, "one hundred and five"),
        (2500, "two thousand five hundred"),
        (-2, "minus two"),
    ],
)
def test_number_words(n: int, words: str) -> None:
    assert number_words(n) == words


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (9.5, "nine and a half"),
        (5.5, "five and a half"),
        (10.0, "ten"),
        (6.2, "six point two"),
        (0.0, "zero"),
        (-2.0, "minus two"),
        (9.96, "ten"),  # the console shows 10.0
    ],
)
def test_decimal_words_say_halves_as_a_runner_does(value: float, words: str) -> None:
    assert decimal_words(value) == words


def test_clock_words_of_a_pace() -> None:
    assert [clock_words(6, 0), clock_words(6, 30), clock_words(9, 5), clock_words(1, 0)] == [
        "six minutes",
        "six thirty",
        "nine oh five",
        "one minute",
    ]


@pytest.mark.parametrize(
    ("written", "unit", "words", "figure"),
    [
        ("9.5 km/h", SpeedUnit.KMH, "nine and a half kilometres an hour", "nine and a half"),
        ("1 km/h", SpeedUnit.KMH, "one kilometre an hour", "one"),
        ("6 mph", SpeedUnit.MPH, "six miles an hour", "six"),
        ("9.5 km/h", SpeedUnit.MPH, "five point nine miles an hour", "five point nine"),
        ("6:00/km", SpeedUnit.PACE_KM, "six minutes per kilometre", "six minutes per kilometre"),
        ("9:40/mi", SpeedUnit.PACE_MI, "nine forty per mile", "nine forty per mile"),
        ("9:40/mi", SpeedUnit.PACE_KM, "six minutes per kilometre", "six minutes per kilometre"),
    ],
)
def test_speeds_are_said_in_the_chosen_units_as_the_console_shows_them(
    written: str, unit: SpeedUnit, words: str, figure: str
) -> None:
    kmh = parse_speed(written).kmh
    assert speed_words(kmh, unit) == words
    assert speed_figure_words(kmh, unit) == figure


def test_incline_words() -> None:
    assert [incline_words(p) for p in (1, 1.5, -2, 0, 0.04)] == [
        "incline one percent",
        "incline one and a half percent",
        "incline minus two percent",
        "incline zero",
        "incline zero",
    ]


def test_countdown_words() -> None:
    assert [countdown_words(n) for n in (3, 2, 1)] == ["Three", "Two", "One"]


# -- what comes next, last one, notes --------------------------------------------------------
def test_a_rest_says_what_comes_next_and_the_work_does_not() -> None:
    timeline = timeline_of(
        Step(Kind.EXERCISE, "Bent-knee calf raise", reps=15, sets=2, rest=45, per_side=True)
    )
    words = start_words(timeline)
    assert words[0] == "Bent-knee calf raise, 15 reps, set 1 of 2, left side"
    assert words[2] == (
        "Rest, 45 seconds. Next: Bent-knee calf raise, 15 reps, set 2 of 2, left side"
    )
    assert "Next" not in words[1]


def test_a_recovery_walk_says_the_next_run_and_the_last_rest_says_nothing_of_next() -> None:
    timeline = timeline_of(RUN_WALK)
    words = start_words(timeline)
    assert words[1] == "Walk, 90 seconds. Next: Run, 1 minute"
    assert words[-1] == "Walk, 90 seconds"  # the session's last step: nothing comes next


def test_last_one_on_the_first_step_of_a_blocks_last_round_only() -> None:
    timeline = timeline_of(RUN_WALK)
    assert [starts_last_round(timeline, i) for i in range(len(timeline))] == [
        False,
        False,
        False,
        False,
        True,
        False,
    ]
    assert start_words(timeline)[4] == "Last one. Run, 1 minute"


def test_last_one_in_nested_blocks_starts_each_last_round() -> None:
    inner = Block(steps=(Step(Kind.WORK, "Work", duration=20),), repeat=2)
    timeline = timeline_of(Block(steps=(inner, Step(Kind.REST, "Rest", duration=30)), repeat=2))
    # outer 1: work (inner 1), work (inner 2: last), rest; outer 2 (last): work, work, rest
    assert [starts_last_round(timeline, i) for i in range(len(timeline))] == [
        False,
        True,
        False,
        True,
        True,
        False,
    ]


def test_a_block_of_one_round_has_no_last_one() -> None:
    timeline = timeline_of(Block(steps=(Step(Kind.RUN, "Run", duration=60),), repeat=1))
    assert start_words(timeline) == ["Run, 1 minute"]


def test_a_note_is_said_the_first_time_its_step_comes_only() -> None:
    words = start_words(timeline_of(RUN_WALK))
    assert words[0] == "Run, 1 minute. Just 60 seconds. Go as slowly as you like"
    assert words[2] == "Run, 1 minute"


def test_each_piece_turns_off_on_its_own() -> None:
    timeline = timeline_of(RUN_WALK)
    quiet = CueSettings(say_next=False, say_last_round=False, say_notes=False)
    assert set(start_words(timeline, quiet)) == {"Run, 1 minute", "Walk, 90 seconds"}
    assert start_words(timeline, CueSettings(say_notes=False))[0] == "Run, 1 minute"
    assert start_words(timeline, CueSettings(say_next=False))[1] == "Walk, 90 seconds"
    assert start_words(timeline, CueSettings(say_last_round=False))[4] == "Run, 1 minute"


# -- speed and incline -----------------------------------------------------------------------
TREADMILL = (
    Step(Kind.WARMUP, "Warm-up", duration=120, speed=Speed(5.0)),
    Block(
        steps=(
            Step(Kind.RUN, "Run", duration=60, speed=Speed(9.5)),
            Step(Kind.WALK, "Walk", duration=90, speed=Speed(5.5)),
        ),
        repeat=2,
        incline=1.0,
    ),
)


def test_speed_and_incline_are_said_as_each_step_starts() -> None:
    words = start_words(timeline_of(*TREADMILL))
    assert words[0] == "Warm-up, 2 minutes. Five kilometres an hour"
    assert words[1] == "Run, 1 minute. Nine and a half kilometres an hour. Incline one percent"
    assert words[2] == (
        "Walk, 90 seconds. Five and a half kilometres an hour. Incline one percent. "
        "Next: Run, 1 minute"
    )


def test_speed_in_the_unit_the_step_is_shown_in() -> None:
    timeline = timeline_of(Step(Kind.RUN, "Run", duration=60, speed=parse_speed("9:40/mi")))
    assert start_words(timeline) == ["Run, 1 minute. Nine forty per mile"]


def test_say_speed_false_keeps_the_rest() -> None:
    words = start_words(timeline_of(*TREADMILL), CueSettings(say_speed=False))
    assert words[1] == "Run, 1 minute"


def test_a_change_of_speed_is_announced_ten_seconds_ahead() -> None:
    spoken = said(timeline_of(*TREADMILL))
    ahead = [(at, words) for at, words in spoken if words.startswith("In ")]
    assert ahead == [
        (110.0, "In ten seconds: Run, nine and a half, incline one percent"),
        (170.0, "In ten seconds: Walk, five and a half"),
        (260.0, "In ten seconds: Run, nine and a half"),
        (320.0, "In ten seconds: Walk, five and a half"),
    ]  # the last step changes to nothing


def test_only_the_incline_changing_says_only_the_incline() -> None:
    timeline = timeline_of(
        Step(Kind.RUN, "Flat", duration=60, speed=Speed(9.0), incline=0.0),
        Step(Kind.RUN, "Hill", duration=60, speed=Speed(9.0), incline=4.0),
    )
    assert (50.0, "In ten seconds: Hill, incline four percent") in said(timeline)


def test_stepping_off_the_belt_is_announced_by_the_next_steps_name() -> None:
    timeline = timeline_of(
        Step(Kind.RUN, "Run", duration=60, speed=Speed(9.0)),
        Step(Kind.EXERCISE, "Squat", reps=12),
    )
    assert (50.0, "In ten seconds: Squat") in said(timeline)


def test_no_announcement_without_a_change_when_off_or_when_the_step_is_short() -> None:
    same = timeline_of(
        Step(Kind.RUN, "Run", duration=60, speed=Speed(9.0)),
        Step(Kind.RUN, "Run on", duration=60, speed=Speed(9.0)),
    )
    assert not [w for _, w in said(same) if w.startswith("In ")]
    changing = timeline_of(*TREADMILL)
    assert not [w for _, w in said(changing, CueSettings(say_speed_change=0)) if "In " in w]
    short = timeline_of(
        Step(Kind.RUN, "Run", duration=10 + CHANGE_AHEAD_ROOM - 1, speed=Speed(9.0)),
        Step(Kind.WALK, "Walk", duration=60, speed=Speed(5.0)),
    )
    assert not [w for _, w in said(short) if w.startswith("In ")]


def test_the_lead_follows_the_setting() -> None:
    spoken = said(timeline_of(*TREADMILL), CueSettings(say_speed_change=15))
    assert (105.0, "In fifteen seconds: Run, nine and a half, incline one percent") in spoken


def test_the_engine_announces_once_even_when_time_is_added_after_it() -> None:
    now = 0.0
    timeline = timeline_of(*TREADMILL)
    engine = Engine(timeline, clock=lambda: now, cues=CueSettings(halfway=False, countdown=0))
    engine.start(now)
    events = engine.poll(110.0)
    assert [(e.kind, e.t, e.count) for e in events] == [(EventKind.CHANGE_AHEAD, 110.0, 10)]
    engine.adjust(+10, now=111.0)
    later = engine.poll(125.0)
    assert EventKind.CHANGE_AHEAD not in [e.kind for e in later]


def test_plain_mode_prints_the_change_ahead() -> None:
    import io

    from timer_tui.cli.plain import EventPrinter  # the printer plain mode uses

    timeline = timeline_of(*TREADMILL)
    printer = EventPrinter(timeline, io.StringIO(), as_json=False, clock=lambda: 0.0, origin=0.0)
    line = printer.text_line(Event(EventKind.CHANGE_AHEAD, 110.0, 0, timeline[0], count=10))
    assert line is not None and line.endswith("in 10 s: Run 9.5 km/h · 1%")


# -- what gives way -------------------------------------------------------------------------
def test_fit_keeps_the_step_itself_and_leaves_out_the_least_useful_first() -> None:
    parts = [
        Part("Run, 20 seconds"),
        Part("Nine and a half kilometres an hour", gives_way=1),
        Part("Next: Walk, 2 minutes", gives_way=3),
        Part("A long encouraging note that takes a good few seconds to say aloud", gives_way=4),
    ]
    assert fit(parts, None) == parts
    assert fit(parts, 0.0) == parts[:1]
    roomy = speech_seconds("Run, 20 seconds. Nine and a half kilometres an hour") + 0.2
    assert fit(parts, roomy) == parts[:2]


def test_in_a_short_step_the_note_gives_way_before_the_countdown() -> None:
    note = "All out for twenty seconds, as hard as you can, right to the very last beep."
    timeline = timeline_of(
        Block(
            steps=(Step(Kind.WORK, "Work", duration=20, note=note),),
            repeat=1,
        ),
        Step(Kind.REST, "Rest", duration=5),
        Step(Kind.WORK, "Again", duration=8, note=note),
    )
    words = start_words(timeline)
    assert words[0].endswith(note.rstrip("."))  # 20 s: room before the first beep at 17 s
    assert words[1] == "Rest, 5 seconds"  # 5 s, beeps from 2 s: no room for what comes next
    assert words[2] == "Again, 8 seconds"  # the note would run into the countdown


def test_every_planned_start_word_ends_before_the_next_sound_that_would_cut_it() -> None:
    timeline = timeline_of(*TREADMILL, RUN_WALK)
    plan = plan_cues(timeline, CueSettings())
    for i, p in enumerate(plan):
        if p.cue.kind is not CueKind.SPEECH or p.step_offset != 0.0:
            continue
        later = [q.at for q in plan[i + 1 :] if q.at > p.at]
        if later:
            assert p.at + 0.6 + speech_seconds(p.cue.sound) <= min(later), p.cue.sound


# -- cues: the spoken countdown ---------------------------------------------------------------
def test_the_spoken_countdown_replaces_the_beeps_and_is_as_punctual() -> None:
    step = timeline_of(Step(Kind.RUN, "Run", duration=30))[0]
    beep = Event(EventKind.COUNTDOWN, 27.0, 0, step, count=3)
    settings = CueSettings(say_countdown=True)
    assert cues_for(beep, settings) == [Cue(CueKind.SPEECH, "Three", Priority.COUNTDOWN)]
    assert cues_for(beep, settings, voice=False) == [Cue.tone("countdown", Priority.COUNTDOWN)]
    assert cues_for(beep, CueSettings()) == [Cue.tone("countdown", Priority.COUNTDOWN)]


def test_the_countdown_beep_is_prepared_even_when_spoken_for_a_machine_without_speech() -> None:
    timeline = timeline_of(Step(Kind.RUN, "Run", duration=30))
    keys = {c.key for c in distinct_cues(timeline, CueSettings(say_countdown=True))}
    assert {"speech:Three", "speech:Two", "speech:One", "tone:countdown"} <= keys


def test_halfway_words_turn_off_apart_from_the_tone() -> None:
    step = timeline_of(Step(Kind.RUN, "Run", duration=90))[0]
    halfway = Event(EventKind.HALFWAY, 45.0, 0, step)
    assert [c.describe() for c in cues_for(halfway, CueSettings(say_halfway=False))] == [
        "tone halfway"
    ]


def test_show_cues_says_what_a_short_step_leaves_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The user sees before running that the 3 s walk will not say its speed, and why."""
    path = tmp_path / "belt.toml"
    path.write_text(
        'name = "Belt"\n[cues]\ncountdown = 0\n'
        '[[steps]]\nkind = "run"\nduration = 30\nspeed = "9.5 km/h"\n'
        '[[steps]]\nkind = "walk"\nduration = 3\nspeed = "5.5 km/h"\nnote = "Breathe out slowly."\n',
        encoding="utf-8",
    )
    assert main(["show", str(path), "--cues"]) == 0
    lines = capsys.readouterr().out.splitlines()
    said_at = next(i for i, line in enumerate(lines) if 'say "Walk, 3 seconds"' in line)
    assert lines[said_at + 1].strip() == "(no time for the speed or the note)"
    assert main(["show", str(path), "--cues", "--json"]) == 0
    cues = json.loads(capsys.readouterr().out)["cues"]
    walk = next(c for c in cues if c["sound"] == "Walk, 3 seconds")
    assert walk["left_out"] == ["the speed", "the note"]
    assert all("left_out" not in c for c in cues if c is not walk)


@pytest.mark.parametrize(
    ("written", "said_aloud"),
    [
        (
            "Up in 1 s, down in 3 s. Build to 3 x 25.",
            "Up in 1 second, down in 3 seconds. Build to 3 times 25.",
        ),
        ("Cap 2 min: thighs level", "Cap 2 minutes: thighs level"),
        ("5 km race effort at 9.5 km/h", "5 kilometres race effort at 9.5 kilometres an hour"),
        ("20kg, 3×8", "20 kilos, 3 times 8"),
        ("Sets and reps stay as written", "Sets and reps stay as written"),
    ],
)
def test_a_note_is_read_aloud_without_abbreviations(written: str, said_aloud: str) -> None:
    assert for_the_ear(written) == said_aloud
    timeline = timeline_of(Step(Kind.EXERCISE, "Calf raise", reps=15, note=written))
    assert start_words(timeline) == [f"Calf raise, 15 reps. {said_aloud.rstrip('.')}"]


def test_plain_json_names_the_next_speed_on_the_change_ahead() -> None:
    import io

    from timer_tui.cli.plain import EventPrinter

    timeline = timeline_of(*TREADMILL)
    printer = EventPrinter(timeline, io.StringIO(), as_json=True, clock=lambda: 110.0, origin=0.0)
    record = json.loads(
        printer.json_line(Event(EventKind.CHANGE_AHEAD, 110.0, 0, timeline[0], count=10))
    )
    assert record["event"] == "change_ahead" and record["count"] == 10
    assert record["next"] == {
        "index": 1,
        "name": "Run",
        "speed_kmh": 9.5,
        "speed": "9.5 km/h",
        "speed_unit": "km/h",
        "incline_pct": 1.0,
    }
