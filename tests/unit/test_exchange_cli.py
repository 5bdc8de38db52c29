"""`timer-tui export` and `import` as a user runs them, and every kind of bad input.

Bad input gets a located error (file:line, what was found, what is allowed),
exit status 2, never a traceback (the ``cli`` fixture checks), and nothing is
written: the user's sessions folder is looked at after each refusal.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import fitdecode
import pytest

from tests.conftest import VENV_BIN
from tests.unit.conftest import Cli
from timer_tui.core.loader import load_session
from timer_tui.library.paths import user_sessions_dir


def user_files() -> list[Path]:
    folder = user_sessions_dir()
    return sorted(folder.rglob("*")) if folder.exists() else []


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# -- export ------------------------------------------------------------------------------
def test_export_text_to_stdout(cli: Cli) -> None:
    code, out, _ = cli(["export", "c25k/week-1-run-1", "--format", "text"])
    assert code == 0
    assert "Intervals 8x\n- 1m run\n- 1m30s walk\n" in out


def test_export_format_from_the_file_name_and_no_overwrite(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "w1.fit"
    code, out, _ = cli(["export", "c25k/week-1-run-1", "-o", str(target)])
    assert code == 0, out
    assert target.read_bytes()[8:12] == b".FIT"
    first = target.read_bytes()
    target.write_bytes(b"mine")
    code, _, err = cli(["export", "c25k/week-1-run-1", "-o", str(target)])
    assert code == 2
    assert "already exists; add --force" in err
    assert target.read_bytes() == b"mine"
    code, _, _ = cli(["export", "c25k/week-1-run-1", "-o", str(target), "--force"])
    assert code == 0
    assert len(target.read_bytes()) == len(first)


def test_export_needs_a_format_and_one_subject(cli: Cli, tmp_path: Path) -> None:
    code, _, err = cli(["export", "c25k/week-1-run-1", "-o", str(tmp_path / "x.bin")])
    assert code == 2
    assert "say which format" in err
    code, _, err = cli(["export", "--format", "text"])
    assert code == 2
    assert "name one session" in err


def test_export_a_whole_program(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "c25k"
    code, _, err = cli(["export", "--program", "c25k", "--format", "fit", "-o", str(folder)])
    assert code == 0, err
    files = sorted(p.name for p in folder.iterdir())
    assert len(files) == 27
    assert files[0] == "week-1-run-1.fit"
    assert "27 fit files written" in err


def test_a_program_export_refused_for_one_session_writes_no_file(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "strength"
    code, _, err = cli(["export", "--program", "fitness-test", "-f", "zwo", "-o", str(folder)])
    assert code == 2
    assert "nothing was written" in err
    assert not folder.exists() or not any(folder.iterdir())


def test_a_program_export_onto_existing_files_writes_none(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "c25k"
    folder.mkdir()
    (folder / "week-9-run-3.txt").write_text("mine", encoding="utf-8")
    code, _, err = cli(["export", "--program", "c25k", "-f", "text", "-o", str(folder)])
    assert code == 2
    assert "already exist" in err
    assert [p.name for p in folder.iterdir()] == ["week-9-run-3.txt"]


def test_unknown_program_lists_the_real_ones(cli: Cli) -> None:
    code, _, err = cli(["export", "--program", "c26k", "-f", "text"])
    assert code == 2
    assert 'no program "c26k"' in err
    assert "c25k" in err


# -- import ------------------------------------------------------------------------------
def test_import_writes_a_checked_session_and_never_overwrites(cli: Cli, tmp_path: Path) -> None:
    source = write(
        tmp_path, "hills.txt", "Hill repeats\n\n- 10m warmup\n\n6x\n- 90s run\n- 2m walk\n"
    )
    code, out, _ = cli(["import", str(source)])
    assert code == 0
    target = user_sessions_dir() / "hill-repeats.toml"
    assert f"as {target}" in out
    assert "run it with: timer-tui run hill-repeats" in out
    assert load_session(target).ok
    code, _, err = cli(["check", str(target)])
    assert code == 0
    before = target.read_bytes()
    code, _, err = cli(["import", str(source)])
    assert code == 2
    assert "already exists" in err
    assert "--force" in err
    assert target.read_bytes() == before
    code, _, _ = cli(["import", str(source), "--name", "Hills two"])
    assert code == 0
    assert (user_sessions_dir() / "hills-two.toml").exists()
    code, _, _ = cli(["import", str(source), "--force"])
    assert code == 0


def test_imported_session_runs_by_its_id(cli: Cli, tmp_path: Path) -> None:
    source = write(tmp_path, "a.txt", "Short one\n\n- 30s run\n")
    assert cli(["import", str(source)])[0] == 0
    code, out, _ = cli(["show", "short-one"])
    assert code == 0
    assert "Total 0:30" in out


def test_fit_is_not_imported(cli: Cli, tmp_path: Path) -> None:
    code, _, err = cli(["import", str(write(tmp_path, "w.fit", b"\x0e\x20"))])
    assert code == 2
    assert "FIT files are exported, not imported" in err


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<workout_file><name>&lol3;</name><workout/></workout_file>
"""

EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE w [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<workout_file><name>&secret;</name><workout><SteadyState Duration="60"/></workout></workout_file>
"""


def zwo(workout: str, head: str = "<name>W</name>") -> str:
    return f'<?xml version="1.0"?>\n<workout_file>\n{head}\n<workout>\n{workout}\n</workout>\n</workout_file>\n'


BAD_ZWO = [
    ("malformed", zwo('<SteadyState Duration="60">'), ":6:3: not well-formed XML: mismatched tag"),
    ("billion laughs", BILLION_LAUGHS, "refused without reading them"),
    ("external entity", EXTERNAL, "declares a DTD or entities"),
    ("not zwo", "<html><body/></html>", "a ZWO file is a <workout_file>"),
    (
        "unknown step",
        zwo('<Sprint Duration="10"/>'),
        ":5:1: workout.Sprint: unknown element <Sprint>",
    ),
    ("unknown header", zwo("", "<name>x</name><plan/>"), "unknown element <plan>"),
    (
        "absurd duration",
        zwo('<SteadyState Duration="1e9" Power="0.8"/>'),
        'SteadyState.Duration: found "1e9"',
    ),
    (
        "zero duration",
        zwo('<SteadyState Duration="0" Power="0.8"/>'),
        "at least 1 and at most 86400",
    ),
    ("text duration", zwo('<Warmup Duration="ten"/>'), 'Warmup.Duration: found "ten"; a number'),
    (
        "nan power",
        zwo('<SteadyState Duration="60" Power="nan"/>'),
        'SteadyState.Power: found "nan"',
    ),
    ("missing duration", zwo('<Cooldown PowerLow="0.5"/>'), "missing; <Cooldown> needs Duration"),
    (
        "huge repeat",
        zwo('<IntervalsT Repeat="100000" OnDuration="1" OffDuration="1"/>'),
        "from 1 to 1000",
    ),
    (
        "too many steps",
        zwo('<IntervalsT Repeat="1000" OnDuration="1" OffDuration="1"/>' * 6),
        "more than 10000 steps",
    ),
    ("no workout", "<workout_file><name>x</name></workout_file>", "no <workout> element"),
    ("empty workout", zwo(""), "has no steps"),
    ("only messages", zwo('<textevent timeoffset="0" message="hi"/>'), "has no steps"),
    (
        "C1 in a name",
        zwo(
            '<SteadyState Duration="60"><textevent timeoffset="0" message="a\u009b2Jb"/></SteadyState>'
        ),
        "control character ('\\x9b')",
    ),
    ("escape by reference", zwo("", "<name>a&#x1b;b</name>"), "not well-formed XML"),
    ("deep", zwo("<a>" * 40 + "</a>" * 40), "nested more than 16 deep"),
    (
        "not utf-8",
        b'<?xml version="1.0" encoding="utf-8"?><workout_file><name>\xff</name></workout_file>',
        "not well-formed XML",
    ),
]


@pytest.mark.parametrize(
    ("content", "expected"), [(c, e) for _, c, e in BAD_ZWO], ids=[i for i, _, _ in BAD_ZWO]
)
def test_bad_zwo_is_located_and_writes_nothing(
    cli: Cli, tmp_path: Path, content: str | bytes, expected: str
) -> None:
    source = write(tmp_path, "bad.zwo", content)
    code, out, err = cli(["import", str(source)])
    assert code == 2, out
    assert f"{source}:" in err
    assert expected in err
    assert "nothing was imported" in err or "cannot read" in err
    assert "root:" not in err  # /etc/passwd never read
    assert user_files() == []


BAD_TEXT = [
    ("no length", "- Easy jog\n", ':1: cannot tell the step\'s length: "jog"'),
    ("absurd duration", "- 90000m run\n", ':1: found "90000m"; a duration of 1 second to 24 hours'),
    ("zero", "x\n\n- 0s run\n", ':3: found "0s"'),
    ("distance", "- 5km run\n", ':1: "5km" is a distance'),
    ("repeat too big", "5000x\n- 1m run\n", ':1: found "5000x"; a repeat of 1 to 1000x'),
    ("reps without a name", "- 10 reps\n", ":1: a rep step needs a name"),
    ("score on a time", "- Push-ups 1m score\n", ':1: "score" goes with a count'),
    ("stray text", "- 1m run\nthen do more\n", ":2: a line of text with no steps under it"),
    (
        "escape in a name",
        "- Run\x1b]0;pwned\x07 1m run\n",
        ":1: holds a control character ('\\x1b')",
    ),
    ("no steps", "Just a title\n", ":1: no steps"),
    ("too many reps", "- Squat 20000 reps\n", "from 1 to 10,000 reps"),
    (
        "too many steps",
        "1000x\n- 1s run\n- 1s walk\n\n1000x\n- 1s run\n- 1s walk\n\n1000x\n- 1s run\n- 1s walk\n\n1000x\n- 1s run\n- 1s walk\n\n1000x\n- 1s run\n- 1s walk\n\n1000x\n- 1s run\n- 1s walk\n",
        "more than 10000 steps",
    ),
]


@pytest.mark.parametrize(
    ("content", "expected"), [(c, e) for _, c, e in BAD_TEXT], ids=[i for i, _, _ in BAD_TEXT]
)
def test_bad_text_is_located_and_writes_nothing(
    cli: Cli, tmp_path: Path, content: str, expected: str
) -> None:
    source = write(tmp_path, "bad.txt", content)
    code, _, err = cli(["import", str(source)])
    assert code == 2
    assert f"{source}" in err
    assert expected in err
    assert "\x1b" not in err  # shown escaped, never sent to the terminal
    assert user_files() == []


def test_every_problem_in_a_file_is_reported(cli: Cli, tmp_path: Path) -> None:
    source = write(tmp_path, "bad.txt", "- 1x run\n- 2m run\n- 5km walk\n")
    code, _, err = cli(["import", str(source)])
    assert code == 2
    assert ":1:" in err
    assert ":3:" in err


def test_a_huge_file_is_refused_before_it_is_read(cli: Cli, tmp_path: Path) -> None:
    source = tmp_path / "huge.zwo"
    with source.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: 50 MiB that never touch the disk
    code, _, err = cli(["import", str(source)])
    assert code == 2
    assert "it is 50 MiB; at most 1 MiB is allowed" in err
    assert user_files() == []


def test_a_fifo_or_a_folder_is_refused(cli: Cli, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    code, _, err = cli(["import", str(fifo)])
    assert code == 2
    assert "FIFO" in err
    code, _, err = cli(["import", str(tmp_path)])
    assert code == 2
    assert "folder" in err


def test_text_that_is_not_utf8_points_at_the_byte(cli: Cli, tmp_path: Path) -> None:
    source = write(tmp_path, "latin.txt", b"- 1m run\n- Caf\xe9 2m walk\n")
    code, _, err = cli(["import", str(source)])
    assert code == 2
    assert ":2:6: found byte 0xe9, which is not UTF-8" in err


def test_a_program_in_two_folders_gets_a_file_per_session(cli: Cli, tmp_path: Path) -> None:
    for folder in ("a", "b"):
        path = user_sessions_dir() / "mine" / folder / "day-1.toml"
        path.parent.mkdir(parents=True)
        path.write_text(
            f'name = "{folder}"\n[program]\nid = "mine"\norder = {1 if folder == "a" else 2}\n'
            '[[steps]]\nkind = "run"\nduration = 60\n',
            encoding="utf-8",
        )
    out = tmp_path / "out"
    code, _, err = cli(["export", "--program", "mine", "-f", "text", "-o", str(out)])
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == ["mine-a-day-1.txt", "mine-b-day-1.txt"]


def test_fit_is_not_written_to_a_terminal(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, err = cli(["export", "c25k/week-1-run-1", "-f", "fit"])
    assert code == 2
    assert "a FIT file is binary: write it to a file with -o NAME.fit" in err
    assert out == ""


def test_fit_through_a_pipe_is_whole(subprocess_env: dict[str, str]) -> None:
    """`timer-tui export ... -f fit | something`: the bytes on the pipe are the file."""
    proc = subprocess.run(
        [str(VENV_BIN / "timer-tui"), "export", "presets/tabata", "-f", "fit", "-o", "-"],
        capture_output=True,
        env=subprocess_env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    with fitdecode.FitReader(io.BytesIO(proc.stdout), check_crc=fitdecode.CrcCheck.ENABLED) as r:
        names = [f.name for f in r if isinstance(f, fitdecode.FitDataMessage)]
    assert names == ["file_id", "workout", "workout_step", "workout_step", "workout_step"]


def test_import_from_standard_input(subprocess_env: dict[str, str]) -> None:
    """Workout text pasted from a planner: `timer-tui import - --name ...`."""
    command = [str(VENV_BIN / "timer-tui"), "import", "-", "--name", "Pasted"]
    text = b"- 10m warmup\n\n4x\n- 3m run 5:00/km Pace\n- 2m walk\n"
    proc = subprocess.run(command, input=text, capture_output=True, env=subprocess_env)
    assert proc.returncode == 0, proc.stderr
    assert b"run it with: timer-tui run pasted" in proc.stdout
    bad = subprocess.run(command, input=b"- 10 run\n", capture_output=True, env=subprocess_env)
    assert bad.returncode == 2
    assert b'<stdin>:1: cannot tell the step\'s length: "10"' in bad.stderr
    huge = subprocess.run(
        command, input=b"-" * (2 * 1024 * 1024), capture_output=True, env=subprocess_env
    )
    assert huge.returncode == 2
    assert b"standard input is over 1 MiB" in huge.stderr


def test_export_of_an_own_session_by_path(cli: Cli, tmp_path: Path) -> None:
    own = write(tmp_path, "mine.toml", 'name = "Mine"\n[[steps]]\nkind = "run"\nduration = "2m"\n')
    code, out, _ = cli(["export", str(own), "-f", "text"])
    assert code == 0
    assert out == "Mine\n\n- 2m run\n"
    broken = write(tmp_path, "broken.toml", 'name = "Broken"\n')
    code, _, err = cli(["export", str(broken), "-f", "fit", "-o", str(tmp_path / "b.fit")])
    assert code == 2
    assert "broken.toml:1: missing required key `steps`" in err
    assert not (tmp_path / "b.fit").exists()


def test_a_file_where_the_sessions_folder_goes_is_a_clear_error(cli: Cli, tmp_path: Path) -> None:
    folder = user_sessions_dir()
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder", encoding="utf-8")
    code, _, err = cli(["import", str(write(tmp_path, "a.txt", "- 1m run\n"))])
    assert code == 2, err
    assert "cannot write" in err or str(folder) in err
    assert folder.read_text(encoding="utf-8") == "not a folder"
