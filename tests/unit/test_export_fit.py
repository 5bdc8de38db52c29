"""FIT export, checked with fitdecode (an independent decoder, not Garmin's SDK that wrote it).

The decoded workout steps, run as a watch runs them (a repeat step jumps back to
the step it names until its count is done), must be the session's timeline: the
same names, intensities and durations, rep steps as open (lap button) steps, and
blocks kept as repeat steps rather than written out.
"""

from __future__ import annotations

import io
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import fitdecode
import pytest

from timer_tui.core.exchange.fit import fit_string
from timer_tui.core.loader import parse_session
from timer_tui.core.model import Kind
from timer_tui.core.timeline import Timeline, expand
from timer_tui.library.exchange import render
from timer_tui.library.sessions import SessionEntry, discover

CREATED = datetime(2026, 11, 27, 7, 0, tzinfo=timezone.utc)

WATCH_INTENSITY = {
    Kind.WARMUP: "warmup",
    Kind.COOLDOWN: "cooldown",
    Kind.REST: "rest",
    Kind.WALK: "recovery",
    Kind.RUN: "active",
    Kind.WORK: "active",
    Kind.EXERCISE: "active",
    Kind.STRETCH: "active",
}
"""What a watch should show for each kind (written here again, not imported)."""

BUNDLED = [e for e in discover() if e.ok]


def decode(data: bytes) -> dict[str, Any]:
    """Every message fitdecode finds, by name, with the CRC checked."""
    messages: dict[str, list[dict[str, Any]]] = {}
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.ENABLED) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                fields = {f.name: f.value for f in frame.fields}
                messages.setdefault(frame.name, []).append(fields)
    return messages


def run_like_a_watch(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The steps in the order a watch does them."""
    done: list[dict[str, Any]] = []
    counts: dict[int, int] = {}
    pc = 0
    while pc < len(steps):
        step = steps[pc]
        if step["duration_type"] != "repeat_until_steps_cmplt":
            done.append(step)
            pc += 1
            continue
        counts[pc] = counts.get(pc, 0) + 1
        if counts[pc] < step["repeat_steps"]:
            first = step["duration_step"]
            for inner in [k for k in counts if first <= k < pc]:
                del counts[inner]  # an inner repeat starts over in the next round
            pc = first
        else:
            del counts[pc]
            pc += 1
        assert len(done) < 20_000, "the repeats never end"
    return done


def expected(timeline: Timeline) -> list[tuple[str, str, float | None]]:
    rows: list[tuple[str, str, float | None]] = []
    for s in timeline.steps:
        name = f"{s.name}, {s.side.value}" if s.side else s.name
        rows.append((fit_string(name), WATCH_INTENSITY[s.kind], s.seconds))
    return rows


def decoded(steps: list[dict[str, Any]]) -> list[tuple[str, str, float | None]]:
    rows = []
    for s in steps:
        seconds = s["duration_time"] if s["duration_type"] == "time" else None
        assert s["duration_type"] in ("time", "open"), s
        rows.append((s["wkt_step_name"], s["intensity"], seconds))
    return rows


@pytest.mark.parametrize("entry", BUNDLED, ids=[e.id for e in BUNDLED])
def test_every_bundled_session_decodes_to_its_timeline(entry: SessionEntry) -> None:
    assert entry.session is not None
    messages = decode(render(entry.session, "fit", lambda: CREATED))
    (file_id,) = messages["file_id"]
    assert file_id["type"] == "workout"
    (workout,) = messages["workout"]
    steps = messages["workout_step"]
    assert workout["wkt_name"] == fit_string(entry.session.name)
    assert workout["num_valid_steps"] == len(steps)
    assert [s["message_index"] for s in steps] == list(range(len(steps)))
    assert decoded(run_like_a_watch(steps)) == expected(entry.timeline())


def steps_of(ref: str) -> tuple[SessionEntry, list[dict[str, Any]]]:
    entry = next(e for e in BUNDLED if e.id == ref)
    assert entry.session is not None
    return entry, decode(render(entry.session, "fit", lambda: CREATED))["workout_step"]


def test_a_block_is_one_repeat_step_not_written_out() -> None:
    entry, steps = steps_of("c25k/week-1-run-1")
    assert len(entry.timeline()) == 18
    assert [s["duration_type"] for s in steps] == [
        "time",
        "time",
        "time",
        "repeat_until_steps_cmplt",
        "time",
    ]
    repeat = steps[3]
    assert repeat["repeat_steps"] == 8
    assert repeat["duration_step"] == 1  # back to the run
    assert [steps[1]["intensity"], steps[2]["intensity"]] == ["active", "recovery"]
    assert steps[1]["duration_time"] == 60.0
    assert steps[2]["duration_time"] == 90.0


def test_rep_steps_are_open_steps_with_their_count_in_the_notes() -> None:
    _, steps = steps_of("fitness-test/runners-fitness-test")
    counted = [s for s in steps if s["duration_type"] == "open"]
    assert counted, "the fitness test has rep steps"
    calf = next(s for s in counted if s["wkt_step_name"] == "Single-leg calf raise, left")
    assert calf["notes"].startswith("30 reps")
    assert "duration_time" not in calf


def test_workout_is_running_for_runs_and_training_for_strength() -> None:
    for ref, sport in (("c25k/week-1-run-1", "running"), ("strength/core", "training")):
        session = steps_of(ref)[0].session
        assert session is not None
        assert decode(render(session, "fit"))["workout"][0]["sport"] == sport


NESTED = """
name = "Nested"
[[steps]]
kind = "warmup"
duration = "2m"
[[steps]]
name = "Set"
repeat = 3
rest_between = "2m"
steps = [
  { name = "Tabata", repeat = 4, steps = [
      { kind = "work", duration = 20 },
      { kind = "rest", duration = 10 },
  ] },
  { name = "Calf raise", reps = 12, sets = 2, rest = "30s", per_side = true },
  { name = "Plank", duration = "40s", rest = "15s" },
]
[[steps]]
kind = "cooldown"
duration = "3m"
"""


def test_nested_blocks_sets_sides_and_rest_between_run_as_the_timeline() -> None:
    session = parse_session(NESTED, Path("nested.toml")).session
    assert session is not None
    steps = decode(render(session, "fit"))["workout_step"]
    timeline = expand(session)
    assert decoded(run_like_a_watch(steps)) == expected(timeline)
    repeats = [s for s in steps if s["duration_type"] == "repeat_until_steps_cmplt"]
    assert sorted(s["repeat_steps"] for s in repeats) == [2, 4, 4]
    # 47 steps on the timeline; the last round is written once more without rest_between.
    assert len(steps) < len(timeline) / 2


def test_names_with_control_characters_are_one_plain_line(tmp_path: Path) -> None:
    text = 'name = "Bad\\u001b]0;x\\u0007 name"\n[[steps]]\nkind = "run"\nname = "Line\\nbreak"\nduration = 60\n'
    session = parse_session(text, tmp_path / "bad.toml").session
    assert session is not None
    messages = decode(render(session, "fit"))
    assert messages["workout"][0]["wkt_name"] == "Bad ]0;x  name"
    assert messages["workout_step"][0]["wkt_step_name"] == "Line break"


def test_long_names_are_cut_at_a_character_boundary() -> None:
    name = "é" * 300
    assert fit_string(name) == "é" * 127
    assert len(fit_string(name).encode()) <= 254
