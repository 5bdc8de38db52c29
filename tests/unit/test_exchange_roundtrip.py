"""Export, then import: the same timeline, through real files in the user's folder.

ZWO is also read back with the standard library's ElementTree (a reader of our
own would agree with our writer whatever it wrote), and the text format is read
as intervals.icu writes it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.unit.conftest import Cli
from timer_tui.core.errors import UserError
from timer_tui.core.exchange.plan import flatten, timeline_move, workout_plan
from timer_tui.core.exchange.zwo import rep_steps_refused
from timer_tui.core.loader import load_session
from timer_tui.core.timeline import Timeline, expand
from timer_tui.library.exchange import import_workout, render
from timer_tui.library.paths import user_sessions_dir
from timer_tui.library.sessions import SessionEntry, discover

BUNDLED = [e for e in discover() if e.ok]
TIMED_ONLY = [e for e in BUNDLED if e.session and not rep_steps_refused(workout_plan(e.session))]

Row = tuple[str, str, int | None, int | None, bool]


def rows(timeline: Timeline, *, notes: bool = False) -> list[Row | tuple[Row, str | None]]:
    """What a round trip keeps: kind, name (with its side), length, count, score."""
    out: list[Row | tuple[Row, str | None]] = []
    for step in timeline.steps:
        m = timeline_move(step)
        row: Row = (m.kind.value, m.title, m.seconds, m.reps, m.score)
        out.append((row, m.note) if notes else row)
    return out


def round_trip(entry: SessionEntry, fmt: str, folder: Path) -> Timeline:
    assert entry.session is not None
    source = folder / f"{entry.id.replace('/', '-')}.{'zwo' if fmt == 'zwo' else 'txt'}"
    source.write_bytes(render(entry.session, fmt))
    result = import_workout(source, force=True)
    loaded = load_session(result.path)  # the file as `check` reads it
    assert loaded.ok, [e.format() for e in loaded.errors]
    assert loaded.session is not None
    return expand(loaded.session)


def test_the_sets_are_large_enough() -> None:
    assert len(BUNDLED) >= 60
    assert len(TIMED_ONLY) >= 40  # every Couch to 5K run among them


@pytest.mark.parametrize("entry", BUNDLED, ids=[e.id for e in BUNDLED])
def test_text_round_trip_gives_the_same_timeline(entry: SessionEntry, tmp_path: Path) -> None:
    assert rows(round_trip(entry, "text", tmp_path)) == rows(entry.timeline())


@pytest.mark.parametrize("entry", TIMED_ONLY, ids=[e.id for e in TIMED_ONLY])
def test_zwo_round_trip_gives_the_same_timeline(entry: SessionEntry, tmp_path: Path) -> None:
    assert rows(round_trip(entry, "zwo", tmp_path)) == rows(entry.timeline())


@pytest.mark.parametrize("entry", TIMED_ONLY, ids=[e.id for e in TIMED_ONLY])
def test_zwo_read_by_elementtree_adds_up_to_the_session(entry: SessionEntry) -> None:
    assert entry.session is not None
    root = ET.fromstring(render(entry.session, "zwo"))
    assert root.tag == "workout_file"
    assert root.findtext("name") == entry.session.name.strip()
    total = 0
    workout = root.find("workout")
    assert workout is not None
    for element in workout:
        if element.tag == "IntervalsT":
            on, off = int(element.get("OnDuration", "")), int(element.get("OffDuration", ""))
            total += int(element.get("Repeat", "")) * (on + off)
        else:
            total += int(element.get("Duration", ""))
    assert total == entry.timeline().total_seconds


def test_zwo_keeps_a_run_walk_block_as_intervals() -> None:
    entry = next(e for e in BUNDLED if e.id == "c25k/week-1-run-1")
    assert entry.session is not None
    workout = ET.fromstring(render(entry.session, "zwo")).find("workout")
    assert workout is not None
    assert [e.tag for e in workout] == ["Warmup", "IntervalsT", "Cooldown"]
    intervals = workout[1].attrib
    assert (intervals["Repeat"], intervals["OnDuration"], intervals["OffDuration"]) == (
        "8",
        "60",
        "90",
    )
    assert workout[0].find("textevent").get("message") == "Brisk walk"  # type: ignore[union-attr]


def test_zwo_refuses_rep_steps_and_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "test.zwo"
    code, _, err = cli(["export", "fitness-test/runners-fitness-test", "-o", str(out)])
    assert code == 2
    assert "ZWO has no step that waits for you" in err
    assert "export it as fit" in err
    assert not out.exists()


BRIEF_EXAMPLE = """\
- 5m warmup

8x
- 60s run
- 90s walk

- 5m cooldown
"""


def test_the_issue_example_reads_as_couch_to_5k_week_1(tmp_path: Path) -> None:
    source = tmp_path / "week-1.txt"
    source.write_text(BRIEF_EXAMPLE, encoding="utf-8")
    result = import_workout(source)
    assert result.path == user_sessions_dir() / "week-1.toml"
    timeline = expand(result.session)
    c25k = next(e for e in BUNDLED if e.id == "c25k/week-1-run-1").timeline()
    assert [(s.kind, s.seconds) for s in timeline.steps] == [
        (s.kind, s.seconds) for s in c25k.steps
    ]
    assert [r.total for r in timeline[1].rounds] == [8]


INTERVALS_ICU = """\
Threshold run

Warmup
- 10m ramp 60-80% Pace

Main Set 4x
- Hard 4m 95-100% Pace press lap
- Recovery 2m Z1 Pace

Cooldown
- 10m 60% Pace
"""


def test_intervals_icu_text_with_targets_and_sections(tmp_path: Path) -> None:
    source = tmp_path / "threshold.txt"
    source.write_text(INTERVALS_ICU, encoding="utf-8")
    result = import_workout(source)
    assert result.session.name == "Threshold run"
    steps = expand(result.session).steps
    assert [(s.kind.value, s.name, s.seconds) for s in steps[:3]] == [
        ("warmup", "Warm-up", 600),
        ("work", "Hard", 240),
        ("rest", "Recovery", 120),
    ]
    assert steps[1].rounds[0].name == "Main Set"
    assert (steps[-1].kind.value, steps[-1].seconds) == ("cooldown", 600)
    assert len(steps) == 10


def test_flatten_of_the_plan_is_the_timeline_for_every_bundled_session() -> None:
    for entry in BUNDLED:
        assert entry.session is not None
        moves = list(flatten(workout_plan(entry.session)))
        assert moves == [timeline_move(s) for s in entry.timeline().steps], entry.id


ZWIFT_RUN = """<workout_file>
    <author>Coach</author>
    <name>Run 5 x 3 min</name>
    <description>Threshold repeats on the treadmill.</description>
    <sportType>run</sportType>
    <durationType>time</durationType>
    <tags>
        <tag name="RUN"/>
    </tags>
    <workout>
        <Warmup Duration="600" PowerLow="0.55" PowerHigh="0.75" pace="0">
            <textevent timeoffset="10" message="Easy does it"/>
        </Warmup>
        <IntervalsT Repeat="5" OnDuration="180" OffDuration="90" OnPower="1.02" OffPower="0.6" pace="2" Cadence="170"/>
        <FreeRide Duration="120" FlatRoad="1"/>
        <Ramp Duration="300" PowerLow="0.75" PowerHigh="0.55" pace="0"/>
        <TextEvent timeoffset="30" message="Nearly done"/>
        <Cooldown Duration="300.0" PowerLow="0.6" PowerHigh="0.4" pace="0"/>
    </workout>
</workout_file>
"""


def test_a_zwift_run_workout_from_elsewhere(tmp_path: Path) -> None:
    source = tmp_path / "zwift.zwo"
    source.write_text(ZWIFT_RUN, encoding="utf-8")
    result = import_workout(source)
    assert result.session.name == "Run 5 x 3 min"
    assert result.session.tags == ("RUN",)
    steps = expand(result.session).steps
    assert [(s.kind.value, s.seconds) for s in steps] == [
        ("warmup", 600),
        *[("run", 180), ("walk", 90)] * 5,
        ("run", 120),  # a free run
        ("run", 300),  # a ramp, read at its average (0.65)
        ("cooldown", 300),
    ]
    assert steps[0].name == "Warm-up"  # its message comes 10 s in: not a name


def test_a_zwift_workout_in_metres_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "metres.zwo"
    source.write_text(ZWIFT_RUN.replace(">time<", ">distance<"), encoding="utf-8")
    with pytest.raises(UserError, match=r"metres.zwo:6:5: durationType: found \"distance\""):
        import_workout(source)
