"""The JSON Schema and the loader agree: on every bundled file, on the templates,
on good and bad hand-written cases, and on thousands of duration strings."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from timer_tui.core.durations import DurationError, parse_duration
from timer_tui.core.field_types import DURATION_PATTERN, NONZERO_PATTERN
from timer_tui.core.format_spec import (
    BLOCK_FIELDS,
    CUES_FIELDS,
    PROGRAM_FIELDS,
    SESSION_FIELDS,
    STEP_FIELDS,
)
from timer_tui.core.loader import parse_session
from timer_tui.core.schema import schema_json, session_schema

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[2]
BUNDLED = sorted((REPO / "sessions").rglob("*.toml"))
TEMPLATES = sorted((REPO / "timer_tui" / "templates").glob("*.toml"))
VALIDATOR = jsonschema.Draft7Validator(session_schema())


def schema_accepts(text: str) -> bool:
    return bool(VALIDATOR.is_valid(tomllib.loads(text)))


def loader_accepts(text: str) -> bool:
    return parse_session(text).ok


def test_the_schema_is_a_valid_draft_07_schema() -> None:
    jsonschema.Draft7Validator.check_schema(session_schema())


def test_committed_schema_is_what_the_command_prints() -> None:
    printed = subprocess.run(
        [sys.executable, "-m", "timer_tui", "schema"], capture_output=True, text=True, check=True
    ).stdout
    committed = (REPO / "docs" / "session.schema.json").read_text(encoding="utf-8")
    assert printed == committed, "run: make schema"
    assert printed == schema_json()
    json.loads(printed)


def test_every_key_of_the_format_spec_is_in_the_schema() -> None:
    schema = session_schema()
    defs = schema["definitions"]
    assert set(schema["properties"]) == set(SESSION_FIELDS)
    assert set(defs["program"]["properties"]) == set(PROGRAM_FIELDS)
    assert set(defs["cues"]["properties"]) == set(CUES_FIELDS)
    # A step's and a block's keys are typed once, in step_or_block; step and block
    # refuse the keys only the other has.
    keys = defs["step_or_block"]["properties"]
    assert set(keys) == set(STEP_FIELDS) | set(BLOCK_FIELDS)
    assert set(defs["step"]["properties"]) == set(BLOCK_FIELDS) - set(STEP_FIELDS)
    assert set(defs["block"]["properties"]) == set(STEP_FIELDS) - set(BLOCK_FIELDS)
    assert schema["required"] == ["name", "steps"]
    for field in [*STEP_FIELDS.values(), *BLOCK_FIELDS.values()]:
        assert field.description in keys[field.name]["description"]


def test_there_are_bundled_sessions_to_check() -> None:
    assert len(BUNDLED) >= 10
    assert len(TEMPLATES) == 3


@pytest.mark.parametrize("path", BUNDLED + TEMPLATES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_schema_and_loader_accept_every_bundled_file(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert loader_accepts(text)
    errors = [e.message for e in VALIDATOR.iter_errors(tomllib.loads(text))]
    assert errors == []


def test_bundled_files_point_at_the_committed_schema() -> None:
    """Sessions at the copy beside them (it travels into the wheel: test_schema_layout),
    templates at docs/ (``new`` rewrites their line for the user's folder)."""
    for path in [*BUNDLED, *TEMPLATES]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        if first.startswith("#:schema "):
            target = (path.parent / first.removeprefix("#:schema ").strip()).resolve()
            home = "sessions" if path in BUNDLED else "docs"
            assert target == REPO / home / "session.schema.json", path


HEAD = 'name = "S"\n'
ONE_STEP = '[[steps]]\nkind = "run"\nduration = 60\n'

GOOD = {
    "minimal": HEAD + ONE_STEP,
    "all session keys": HEAD
    + 'description = "d"\ntags = ["a", ""]\n'
    + '[program]\nid = "p"\nname = "P"\nweek = 2\nday = 3\n'
    + '[cues]\ncountdown = 0\nhalfway = false\nhalfway_min = "2m"\nvoice = false\n'
    + ONE_STEP,
    "program by order": HEAD + '[program]\nid = "p"\norder = 4\n' + ONE_STEP,
    "rep step": HEAD + '[[steps]]\nname = "Squat"\nreps = 10\nsets = 3\nrest = "45s"\n'
    'per_side = true\nnote = "n"\nsay = "squats"\n',
    "clock and unit durations": HEAD
    + "steps = [\n"
    + ' { duration = "1:30" }, { duration = "1:02:03" }, { duration = "1h 5m" },\n'
    + ' { duration = "30s1m" }, { duration = " 90 " }, { duration = "0:01" },\n'
    + ' { duration = "24h" }, { duration = 86400 }, { duration = "1M" },\n'
    + "]\n",
    "nested blocks": HEAD
    + '[[steps]]\nrepeat = 3\nname = "Outer"\nrest_between = 30\nsteps = [\n'
    + '  { repeat = 2, steps = [ { kind = "work", duration = 20 }, { kind = "rest", duration = 10 } ] },\n'
    + '  { name = "Plank", duration = "45s" },\n'
    + "]\n",
    "block without repeat": HEAD + "steps = [ { steps = [ { duration = 5 } ] } ]\n",
    "default kind": HEAD + "steps = [ { duration = 5 } ]\n",
    "treadmill speeds and inclines": HEAD
    + 'steps = [ { repeat = 2, speed = "6:00/km", incline = "1.5%", steps = [ '
    + '{ kind = "run", duration = 60, speed = "9.5 KM/H", incline = -2 }, '
    + '{ kind = "walk", duration = 60, speed = "9:40 min/mi" }, { kind = "run", duration = 5, speed = "6 mph" } ] } ]\n',
}

BAD = {
    "missing name": ONE_STEP,
    "missing steps": HEAD,
    "empty steps": HEAD + "steps = []\n",
    "empty name": 'name = "  "\n' + ONE_STEP,
    "name not a string": "name = 1\n" + ONE_STEP,
    "unknown top-level key": HEAD + "durration = 5\n" + ONE_STEP,
    "unknown step key": HEAD + '[[steps]]\nduration = 5\ncolour = "red"\n',
    "unknown kind": HEAD + '[[steps]]\nkind = "jog"\nduration = 5\n',
    "kind not a string": HEAD + "[[steps]]\nkind = 3\nduration = 5\n",
    "zero seconds": HEAD + "[[steps]]\nduration = 0\n",
    "negative seconds": HEAD + "[[steps]]\nduration = -5\n",
    "zero string 0s": HEAD + '[[steps]]\nduration = "0s"\n',
    "zero clock": HEAD + '[[steps]]\nduration = "0:00"\n',
    "zero units": HEAD + '[[steps]]\nduration = "0m 0s"\n',
    "zero digits": HEAD + '[[steps]]\nduration = "000"\n',
    "fractional seconds": HEAD + "[[steps]]\nduration = 1.5\n",
    "boolean duration": HEAD + "[[steps]]\nduration = true\n",
    "unparseable duration": HEAD + '[[steps]]\nduration = "five minutes"\n',
    "repeated unit": HEAD + '[[steps]]\nduration = "1m2m"\n',
    "clock seconds past 59": HEAD + '[[steps]]\nduration = "1:60"\n',
    "duration over 24 h": HEAD + "[[steps]]\nduration = 86401\n",
    "step with neither": HEAD + '[[steps]]\nkind = "run"\n',
    "step with both": HEAD + '[[steps]]\nname = "x"\nduration = 5\nreps = 5\n',
    "rep step without name": HEAD + "[[steps]]\nreps = 5\n",
    "reps zero": HEAD + '[[steps]]\nname = "x"\nreps = 0\n',
    "reps a string": HEAD + '[[steps]]\nname = "x"\nreps = "ten"\n',
    "sets too many": HEAD + '[[steps]]\nname = "x"\nreps = 5\nsets = 101\n',
    "per_side a string": HEAD + '[[steps]]\nduration = 5\nper_side = "yes"\n',
    "tags a string": HEAD + 'tags = "run"\n' + ONE_STEP,
    "tags with a number": HEAD + 'tags = ["run", 1]\n' + ONE_STEP,
    "steps a table": HEAD + "[steps]\nduration = 5\n",
    "repeat without steps": HEAD + "[[steps]]\nrepeat = 3\n",
    "repeat zero": HEAD + "steps = [ { repeat = 0, steps = [ { duration = 5 } ] } ]\n",
    "repeat too large": HEAD
    + "steps = [ { repeat = 1000000000, steps = [ { duration = 5 } ] } ]\n",
    "block with empty steps": HEAD + "steps = [ { repeat = 2, steps = [] } ]\n",
    "block with a step key": HEAD
    + 'steps = [ { repeat = 2, kind = "run", steps = [ { duration = 5 } ] } ]\n',
    "step with a block key": HEAD + "[[steps]]\nduration = 5\nrest_between = 5\n",
    "program without id": HEAD + "[program]\nweek = 1\n" + ONE_STEP,
    "program with day and order": HEAD + '[program]\nid = "p"\nday = 1\norder = 1\n' + ONE_STEP,
    "program week zero": HEAD + '[program]\nid = "p"\nweek = 0\n' + ONE_STEP,
    "program unknown key": HEAD + '[program]\nid = "p"\nseason = 1\n' + ONE_STEP,
    "cues countdown too high": HEAD + "[cues]\ncountdown = 11\n" + ONE_STEP,
    "cues voice a string": HEAD + '[cues]\nvoice = "on"\n' + ONE_STEP,
    "cues unknown key": HEAD + "[cues]\nvolume = 5\n" + ONE_STEP,
    "cues sound for unknown kind": HEAD + '[cues.sounds]\njog = "a.wav"\n' + ONE_STEP,
    "cues sound not a string": HEAD + "[cues.sounds]\nrun = 5\n" + ONE_STEP,
    "program not a table": HEAD + 'program = "c25k"\n' + ONE_STEP,
    "speed without a unit": HEAD + "[[steps]]\nduration = 5\nspeed = 9.5\n",
    "speed in furlongs": HEAD + '[[steps]]\nduration = 5\nspeed = "9 furlongs"\n',
    "speed on a rep step": HEAD + '[[steps]]\nname = "x"\nreps = 5\nspeed = "9 km/h"\n',
    "incline too steep": HEAD + "[[steps]]\nduration = 5\nincline = 45\n",
    "incline a bare string": HEAD + '[[steps]]\nduration = 5\nincline = "2"\n',
    "incline on a rep step": HEAD + '[[steps]]\nname = "x"\nreps = 5\nincline = 1\n',
}


@pytest.mark.parametrize("text", GOOD.values(), ids=GOOD.keys())
def test_both_accept_good_cases(text: str) -> None:
    assert loader_accepts(text)
    assert schema_accepts(text)


@pytest.mark.parametrize("text", BAD.values(), ids=BAD.keys())
def test_both_reject_bad_cases(text: str) -> None:
    assert not loader_accepts(text)
    assert not schema_accepts(text)


def _schema_duration_ok(text: str) -> bool:
    return bool(re.search(DURATION_PATTERN, text)) and bool(re.search(NONZERO_PATTERN, text))


def _parser_duration_ok(text: str) -> bool:
    try:
        return parse_duration(text) > 0
    except DurationError:
        return False


@pytest.mark.parametrize(
    "text",
    [
        *("45s", "1m30s", "30s1m", "2m", "1h", "1h 5m", "1h5m10s", "1:30", "1:02:03", "90"),
        *("0s", "0:00", "1m1m", "s10m1h", "1:60", "1:5", "1.5m", "", " ", "m", "1 h 2", "-5s"),
        "1:02:03:04",
    ],
)
def test_duration_pattern_matches_the_parser_on_examples(text: str) -> None:
    assert _schema_duration_ok(text) == _parser_duration_ok(text)


def test_duration_pattern_matches_the_parser_on_random_strings() -> None:
    rng = random.Random(20241125)
    alphabet = "0123456789hmsHMS: \t"
    disagreements = []
    for _ in range(30_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9)))
        if _schema_duration_ok(text) != _parser_duration_ok(text):
            disagreements.append(text)
    assert disagreements == []


def test_schema_command_prints_json_without_textual() -> None:
    code = (
        "import sys; from timer_tui.cli.main import main; main(['schema']);"
        "assert 'textual' not in sys.modules and 'rich' not in sys.modules"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out)["title"] == "timer-tui session"
