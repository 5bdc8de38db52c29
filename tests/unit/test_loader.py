"""Every rule of the session format, and every kind of bad input, as a located error."""

from __future__ import annotations

import os
import struct
import time
import wave
from pathlib import Path

import pytest

from timer_tui.core.loader import LoadError, load_session, parse_session
from timer_tui.core.model import Block, Kind, Step

GOOD = """\
name = "Couch to 5K - Week 1, Run 1"
description = "Brisk walk, then run/walk."
tags = ["running", "c25k"]

[program]
id = "c25k"
week = 1
day = 1

[[steps]]
kind = "warmup"
name = "Brisk walk"
duration = "5m"

[[steps]]
repeat = 8
steps = [
  { kind = "run",  duration = 60 },
  { kind = "walk", duration = "1:30" },
]

[[steps]]
name = "Bent-knee calf raise"
reps = 15
sets = 3
rest = "45s"
per_side = true
note = "Knees bent ~30 degrees, 3 s lowering"

[[steps]]
kind = "cooldown"
duration = "5m"
"""


def errors_of(text: str) -> list[LoadError]:
    result = parse_session(text, Path("s.toml"))
    assert result.session is None, "expected the file to be rejected"
    return list(result.errors)


def one_error(text: str) -> LoadError:
    errors = errors_of(text)
    assert len(errors) == 1, [e.format() for e in errors]
    return errors[0]


def test_the_documented_example_loads() -> None:
    result = parse_session(GOOD, Path("s.toml"))
    assert result.ok, [e.format() for e in result.errors]
    session = result.session
    assert session is not None
    assert session.name == "Couch to 5K - Week 1, Run 1"
    assert session.tags == ("running", "c25k")
    assert session.program is not None
    assert (session.program.id, session.program.week, session.program.day) == ("c25k", 1, 1)
    warmup, block, calf, cooldown = session.steps
    assert isinstance(warmup, Step) and warmup.duration == 300 and warmup.kind is Kind.WARMUP
    assert isinstance(block, Block) and block.repeat == 8 and len(block.steps) == 2
    assert isinstance(calf, Step)
    assert (calf.reps, calf.sets, calf.rest, calf.per_side) == (15, 3, 45, True)
    assert calf.kind is Kind.EXERCISE
    assert isinstance(cooldown, Step) and cooldown.name == "Cool-down"


def test_timed_step_names_default_from_kind() -> None:
    result = parse_session('name = "x"\n[[steps]]\nkind = "walk"\nduration = 30\n')
    assert result.session is not None
    step = result.session.steps[0]
    assert isinstance(step, Step) and step.name == "Walk"


def test_cues_table_is_read_with_defaults() -> None:
    text = (
        'name = "x"\n[cues]\ncountdown = 5\nvoice = false\n[[steps]]\nkind = "run"\nduration = 30\n'
    )
    result = parse_session(text)
    assert result.session is not None
    cues = result.session.cues
    assert (cues.countdown, cues.voice, cues.halfway, cues.halfway_min) == (5, False, True, 60)


def test_unknown_key_suggests_the_closest_with_line_and_column() -> None:
    error = one_error('name = "x"\n[[steps]]\nkind = "run"\ndurration = "5m"\n')
    assert (error.line, error.col) == (4, 1)
    assert error.key == "steps[1].durration"
    assert "did you mean `duration`?" in error.message
    assert error.format().startswith("s.toml:4:1: steps[1].durration: unknown key")


def test_unknown_top_level_key() -> None:
    error = one_error('name = "x"\nnmae = "y"\n[[steps]]\nkind = "run"\nduration = 1\n')
    assert error.line == 2 and "unknown key `nmae`" in error.message


def test_unknown_kind_suggests_a_kind() -> None:
    error = one_error('name = "x"\n[[steps]]\nkind = "rnu"\nduration = 60\n')
    assert error.line == 3
    assert "did you mean `run`?" in error.message
    assert "warmup, run, walk" in error.message


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ('duration = "0s"', "more than zero"),
        ("duration = 0", "more than zero"),
        ("duration = -3", "more than zero"),
        ('duration = "soon"', "a duration is"),
        ("duration = 1.5", "fractional"),
        ('duration = "25h"', "at most 24 hours"),
    ],
)
def test_bad_durations(line: str, fragment: str) -> None:
    error = one_error(f'name = "x"\n[[steps]]\nkind = "run"\n{line}\n')
    assert error.line == 4 and fragment in error.message


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ('reps = "15"', 'found "15" (a string); expected a whole number from 1'),
        ("reps = 0", "found 0; expected a whole number from 1"),
        ("sets = true", "found true (a boolean)"),
        ('per_side = "yes"', "expected true or false"),
        ("note = 3", "expected a string"),
        ('note = ""', "empty string"),
    ],
)
def test_wrong_types_say_what_was_found_and_what_is_allowed(line: str, fragment: str) -> None:
    reps = "" if line.startswith("reps") else "reps = 10\n"
    error = one_error(f'name = "x"\n[[steps]]\nname = "Squat"\n{reps}{line}\n')
    assert error.line == (4 if reps == "" else 5)
    assert fragment in error.message


def test_step_without_duration_reps_or_repeat() -> None:
    error = one_error('name = "x"\n[[steps]]\nkind = "run"\n')
    assert error.line == 2
    assert "needs `duration`" in error.message and "`reps`" in error.message


def test_step_with_both_duration_and_reps() -> None:
    error = one_error('name = "x"\n[[steps]]\nname = "Plank"\nduration = 30\nreps = 3\n')
    assert "not both" in error.message


def test_rep_step_needs_a_name() -> None:
    error = one_error('name = "x"\n[[steps]]\nreps = 10\n')
    assert "needs a `name`" in error.message


def test_missing_name_and_steps() -> None:
    messages = [e.message for e in errors_of('description = "no name"\n')]
    assert any("missing required key `name`" in m for m in messages)
    assert any("missing required key `steps`" in m for m in messages)


def test_empty_steps_and_empty_block() -> None:
    assert "is empty" in one_error('name = "x"\nsteps = []\n').message
    error = one_error('name = "x"\n[[steps]]\nrepeat = 2\nsteps = []\n')
    assert error.line == 4 and "is empty" in error.message


def test_block_needs_steps() -> None:
    error = one_error('name = "x"\n[[steps]]\nrepeat = 2\n')
    assert "needs `steps" in error.message


def test_errors_inside_inline_block_steps_are_located() -> None:
    text = 'name = "x"\n[[steps]]\nrepeat = 2\nsteps = [\n  { kind = "run", duration = 60 },\n  { kind = "wlak", duration = 90 },\n]\n'
    error = one_error(text)
    assert (error.line, error.key) == (6, "steps[1].steps[2].kind")


def test_block_with_rest_between_and_name() -> None:
    text = 'name = "x"\n[[steps]]\nrepeat = 3\nname = "Intervals"\nrest_between = "1m"\nsteps = [{ kind = "run", duration = 60 }]\n'
    result = parse_session(text)
    assert result.session is not None
    block = result.session.steps[0]
    assert isinstance(block, Block)
    assert (block.repeat, block.name, block.rest_between) == (3, "Intervals", 60)


def test_program_rules() -> None:
    error = one_error('name = "x"\n[program]\nweek = 1\n[[steps]]\nkind = "run"\nduration = 1\n')
    assert "missing required key `id`" in error.message
    error = one_error(
        'name = "x"\n[program]\nid = "p"\nday = 1\norder = 2\n[[steps]]\nkind = "run"\nduration = 1\n'
    )
    assert "not both" in error.message and error.line == 5


def test_cues_rules() -> None:
    error = one_error('name = "x"\n[cues]\ncountdown = 11\n[[steps]]\nkind = "run"\nduration = 1\n')
    assert "from 0 to 10" in error.message
    error = one_error('name = "x"\n[cues]\nvocie = true\n[[steps]]\nkind = "run"\nduration = 1\n')
    assert "did you mean `voice`?" in error.message


def _write_wav(path: Path) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(struct.pack("<4h", 0, 100, -100, 0))


def test_custom_sounds_resolve_relative_to_the_session_file(tmp_path: Path) -> None:
    _write_wav(tmp_path / "go.wav")
    (tmp_path / "s.toml").write_text(
        'name = "x"\n[cues.sounds]\nrun = "go.wav"\n[[steps]]\nkind = "run"\nduration = 5\nsound = "go.wav"\n'
    )
    result = load_session(tmp_path / "s.toml")
    assert result.session is not None
    assert result.session.cues.sounds[Kind.RUN] == tmp_path / "go.wav"
    step = result.session.steps[0]
    assert isinstance(step, Step) and step.sound == tmp_path / "go.wav"


def test_custom_sound_that_is_missing_or_not_a_wav(tmp_path: Path) -> None:
    (tmp_path / "bad.wav").write_text("not audio")
    (tmp_path / "s.toml").write_text(
        'name = "x"\n[cues.sounds]\nrun = "missing.wav"\nwlk = "bad.wav"\n[[steps]]\nkind = "run"\nduration = 5\nsound = "bad.wav"\n'
    )
    result = load_session(tmp_path / "s.toml")
    messages = [e.format() for e in result.errors]
    assert any(":3:1: cues.sounds.run: no WAV file at" in m for m in messages), messages
    assert any("unknown kind `wlk`; did you mean `walk`?" in m for m in messages), messages
    assert any(":8:1: steps[1].sound:" in m and "not a readable WAV" in m for m in messages), (
        messages
    )


def test_guard_rails_reject_absurd_files_fast() -> None:
    start = time.process_time()  # CPU, not wall: a loaded machine must not fail it
    error = one_error(
        'name = "x"\n[[steps]]\nrepeat = 1000000000\nsteps = [{ kind = "run", duration = 1 }]\n'
    )
    assert "from 1 to 1000" in error.message
    nested = 'name = "x"\n[[steps]]\nrepeat = 1000\nsteps = [{ repeat = 1000, steps = [{ kind = "run", duration = 1 }] }]\n'
    assert "more than 10000 steps" in one_error(nested).message
    deep = "{ repeat = 2, steps = [" * 200 + '{ kind = "run", duration = 1 }' + "] }" * 200
    error = one_error(f'name = "x"\nsteps = [{deep}]\n')
    assert "at most 8 deep" in error.message
    assert time.process_time() - start < 1.0


def test_errors_come_sorted_by_line() -> None:
    text = (
        'name = "x"\n[[steps]]\nkind = "rnu"\nduration = 0\n[[steps]]\nkind = "walk"\nduraton = 5\n'
    )
    lines = [e.line for e in errors_of(text)]
    assert lines == sorted(lines) and len(lines) == 3


# -- bad files, not just bad keys ----------------------------------------------------------
def test_toml_syntax_error_is_located() -> None:
    error = one_error('name = "x"\n[[steps]]\nkind = "run\nduration = 5\n')
    assert error.line == 3 and error.message.startswith("TOML syntax:")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        # An inline table over lines, with a trailing comma.
        ('name = "x"\nsteps = [{ kind = "run",\n  duration = 5, }]\n', 2),
        # The \e escape (ESC).
        ('name = "x\\e"\n[[steps]]\nkind = "run"\nduration = 5\n', 1),
    ],
)
def test_toml_1_1_is_refused_on_every_python(text: str, line: int) -> None:
    """TOML 1.0, as tomllib, Taplo and the schema read it. The parser is tomli, whose
    2.4+ reads TOML 1.1: on 3.10, with tomli 2.5, such a file ran (pyproject pins tomli
    below 2.4; tools/ci_pythons.sh runs this file on 3.10, 3.12 and 3.13)."""
    error = one_error(text)
    assert error.line == line and error.message.startswith("TOML syntax:"), error.format()


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "e.toml").write_text("  \n")
    result = load_session(tmp_path / "e.toml")
    assert "the file is empty" in result.errors[0].message


def test_non_utf8_file_names_line_and_byte(tmp_path: Path) -> None:
    (tmp_path / "b.toml").write_bytes(b'name = "x"\nnote = "caf\xe9"\n')
    error = load_session(tmp_path / "b.toml").errors[0]
    assert (error.line, error.col) == (2, 12)
    assert "0xe9" in error.message and "UTF-8" in error.message


def test_directory_and_missing_path(tmp_path: Path) -> None:
    assert "is a directory" in load_session(tmp_path).errors[0].message
    assert "no such file" in load_session(tmp_path / "nope.toml").errors[0].message


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Root (as in CI) reads any file whatever its mode, so the refusal is simulated.
    # The loader opens with os.open (after a stat), so that is where the refusal comes.
    real_open = os.open

    def refuse(path: str | os.PathLike[str], flags: int, mode: int = 0o777) -> int:
        if str(path).endswith("locked.toml"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, mode)

    locked = tmp_path / "locked.toml"
    locked.write_text('name = "x"\n[[steps]]\nduration = 5\n')
    monkeypatch.setattr(os, "open", refuse)
    assert "permission denied" in load_session(locked).errors[0].message


def test_byte_order_mark_is_accepted() -> None:
    assert parse_session('\ufeffname = "x"\n[[steps]]\nkind = "rest"\nduration = 5\n').ok


def test_a_step_key_in_a_block_says_where_it_belongs() -> None:
    error = one_error(
        'name = "x"\n[[steps]]\nrepeat = 2\nkind = "run"\nsteps = [{ kind = "run", duration = 5 }]\n'
    )
    assert error.line == 4 and "`kind` belongs to a step" in error.message
    assert "did you mean" not in error.message


def test_a_block_key_in_a_step_says_where_it_belongs() -> None:
    error = one_error('name = "x"\n[[steps]]\nname = "Squat"\nreps = 5\nrest_between = 30\n')
    assert "`rest_between` belongs to a block" in error.message and "use `rest`" in error.message


def test_kind_in_the_wrong_case_suggests_lower_case() -> None:
    error = one_error('name = "x"\n[[steps]]\nkind = "RUN"\nduration = 5\n')
    assert "did you mean `run`? (lower case)" in error.message


def test_duration_and_reps_without_a_name_is_one_error_about_both() -> None:
    error = one_error('name = "x"\n[[steps]]\nkind = "run"\nduration = 5\nreps = 3\n')
    assert "not both" in error.message


def test_an_overlong_duration_quotes_like_the_file() -> None:
    error = one_error('name = "x"\n[[steps]]\nkind = "run"\nduration = "99999h"\n')
    assert 'found "99999h" (a string); a duration may be at most 24 hours' in error.message


def test_a_wav_with_no_audio_is_rejected(tmp_path: Path) -> None:
    with wave.open(str(tmp_path / "empty.wav"), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
    (tmp_path / "s.toml").write_text(
        'name = "x"\n[[steps]]\nkind = "run"\nduration = 5\nsound = "empty.wav"\n'
    )
    assert "holds no audio" in load_session(tmp_path / "s.toml").errors[0].message


def test_nesting_the_toml_parser_gives_up_on_is_located() -> None:
    deep = "a = " + "[" * 5000 + "]" * 5000
    error = one_error(f'name = "x"\n# a comment with [[[ brackets\n{deep}\n')
    assert error.line == 3 and "nested too deeply" in error.message
