"""The CLI as users and scripts see it: output, exit codes, and never a traceback."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.unit.conftest import Cli
from timer_tui import __version__
from timer_tui.cli.main import main
from timer_tui.library.sessions import SessionEntry

SHORT = (
    'name = "Short"\n[[steps]]\nkind = "run"\nduration = 3\n[[steps]]\nname = "Squat"\nreps = 5\n'
)


def test_check_valid_file_exits_zero(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "ok.toml").write_text(SHORT)
    code, out, err = cli(["check", str(tmp_path / "ok.toml")])
    assert code == 0 and out == "" and "1 file checked: 1 valid" in err


def test_check_reports_file_line_col_and_exits_nonzero(tmp_path: Path, cli: Cli) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\n[[steps]]\nkind = "run"\ndurration = 5\n')
    code, out, _ = cli(["check", str(bad)])
    assert code == 1
    assert out.startswith(
        f"{bad}:4:1: steps[1].durration: unknown key `durration`; did you mean `duration`?"
    )


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda p: p.write_bytes(b"\xff\xfe\x00"), "not UTF-8"),
        (lambda p: p.write_text(""), "the file is empty"),
        (lambda p: p.mkdir(), "this is a directory"),
        (lambda p: None, "no such file"),
        (lambda p: p.write_text("name = = 3"), "TOML syntax"),
    ],
)
def test_check_never_tracebacks_on_bad_input(
    tmp_path: Path, cli: Cli, make: Callable[[Path], object], fragment: str
) -> None:
    path = tmp_path / "s.toml"
    make(path)
    code, out, _ = cli(["check", str(path)])
    if path.is_dir():  # a folder is checked file by file; an empty one is a problem
        assert code == 1 and "holds no .toml session files" in out
        code, out, _ = cli(["show", str(path)])
        assert code == 2
        return
    assert code == 1 and f"{path}:" in out and fragment in out
    for command in (["show", str(path)], ["run", str(path), "--plain"]):
        code, _, err = cli(command)
        assert code == 2 and fragment in err


def test_check_a_folder_checks_every_file(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "a.toml").write_text(SHORT)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.toml").write_text('name = "b"\n')
    code, out, err = cli(["check", str(tmp_path)])
    assert code == 1 and "b.toml:1: missing required key `steps`" in out
    assert "2 files checked: 1 valid, 1 problem" in err


def test_list_json_has_bundled_and_user_sessions(isolated_dirs: Path, cli: Cli) -> None:
    user = isolated_dirs / "xdg_data_home" / "timer-tui" / "sessions"
    user.mkdir(parents=True)
    (user / "mine.toml").write_text(SHORT)
    (user / "broken.toml").write_text('name = "b"\n')
    code, out, _ = cli(["list", "--json"])
    assert code == 0
    records = {r["id"]: r for r in json.loads(out)}
    assert records["mine"]["source"] == "user" and records["mine"]["total_seconds"] == 3
    assert records["mine"]["steps"] == 2 and records["mine"]["path"] == str(user / "mine.toml")
    assert (
        records["broken"]["valid"] is False
        and "missing required key" in records["broken"]["errors"][0]
    )
    walk = records["examples/run-walk-intervals"]
    assert walk["source"] == "bundled" and walk["total_seconds"] == 22 * 60
    code, out, _ = cli(["list", "--ids"])  # what shell completion offers for SESSION
    assert code == 0 and out.splitlines() == list(records)
    code, out, _ = cli(["list", "--programs"])  # and for PROGRAM
    programs = {r["program"]["id"] for r in records.values() if r.get("program")}
    assert code == 0 and sorted(out.splitlines()) == sorted(programs)


def test_list_text_groups_by_program(cli: Cli) -> None:
    code, out, _ = cli(["list"])
    assert code == 0 and "examples/strength-circuit" in out


def test_show_json_expands_the_timeline(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "s.toml").write_text(SHORT)
    code, out, _ = cli(["show", str(tmp_path / "s.toml"), "--json"])
    record = json.loads(out)
    assert code == 0 and record["total_seconds"] == 3
    assert [(s["index"], s["kind"], s["seconds"], s["reps"]) for s in record["steps"]] == [
        (0, "run", 3, None),
        (1, "exercise", None, 5),
    ]


def test_show_text_by_id(cli: Cli) -> None:
    code, out, _ = cli(["show", "strength-circuit"])
    assert code == 0 and "Set 1/3, left" in out and "Total 8:15 + 12 rep steps" in out


def test_unknown_session_suggests_ids(cli: Cli) -> None:
    code, _, err = cli(["show", "examples/strength-circuits"])
    assert code == 2 and "did you mean examples/strength-circuit" in err


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0 and f"timer-tui {__version__}\n" == capsys.readouterr().out
    for command in (["--help"], ["check", "--help"], ["run", "--help"], ["list", "--help"]):
        with pytest.raises(SystemExit) as info:
            main(command)
        assert info.value.code == 0 and "usage:" in capsys.readouterr().out


def test_an_internal_error_is_logged_not_shown(
    monkeypatch: pytest.MonkeyPatch, isolated_dirs: Path, cli: Cli
) -> None:
    def boom(*args: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("timer_tui.library.sessions.discover", boom)
    code, _, err = cli(["list"])
    assert code == 70 and "internal error" in err
    log = isolated_dirs / "xdg_data_home" / "timer-tui" / "crash.log"
    assert "RuntimeError: a bug" in log.read_text()


def test_plain_run_reads_keys_from_stdin(tmp_path: Path) -> None:
    from timer_tui.cli.plain import run_plain
    from timer_tui.library.sessions import resolve

    (tmp_path / "s.toml").write_text(
        'name = "x"\n[[steps]]\nname = "Squat"\nreps = 5\n[[steps]]\nname = "Lunge"\nreps = 8\n'
    )
    entry = resolve(str(tmp_path / "s.toml"))
    assert entry.session is not None
    stdin_r, stdin_w = os.pipe()
    os.write(stdin_w, b"d 4\n\n")
    os.close(stdin_w)
    out = io.StringIO()
    with os.fdopen(stdin_r, encoding="utf-8") as inp:
        code = run_plain(entry.session, entry.timeline(), as_json=True, out=out, inp=inp)
    events = [json.loads(line) for line in out.getvalue().splitlines()]
    ended = [e for e in events if e["event"] == "step_ended"]
    assert code == 0 and [e["reps_done"] for e in ended] == [4, 8]
    assert events[-1]["event"] == "session_finished"


def test_programs_are_listed_in_the_order_a_runner_meets_them(
    cli: Cli,
) -> None:
    _, out, _ = cli(["list", "--json"])
    programs = [r["program"]["id"] for r in json.loads(out) if r["program"]]
    order = list(dict.fromkeys(programs))
    assert order[:3] == ["c25k", "strength", "fitness-test"]
    assert order.index("off-season") < order.index("pre-season") < order.index("in-season")
    assert order.index("in-season") < order.index("post-season") < order.index("presets")


def test_plain_lines_say_back_from_and_round_actual_time_down(tmp_path: Path) -> None:
    from tests.conftest import FakeClock
    from timer_tui.cli.plain import EventPrinter
    from timer_tui.core.engine import Engine

    (tmp_path / "s.toml").write_text(SHORT)
    entry = resolve_entry(tmp_path / "s.toml")
    clock = FakeClock()
    out = io.StringIO()
    engine = Engine(entry.timeline(), clock=clock)
    engine.subscribe(
        EventPrinter(entry.timeline(), out, as_json=False, clock=clock, origin=clock())
    )
    engine.start()
    clock.advance(0.05)
    engine.next()  # skipped after 0.05 s: that is 0:00, not 0:01
    clock.advance(1)
    engine.previous()
    lines = out.getvalue().splitlines()
    assert "skipped Run (0:00)" in lines[2]
    assert "back from Squat (0:01)" in lines[4]
    assert "step 1/2" in lines[5]


def resolve_entry(path: Path) -> SessionEntry:
    from timer_tui.library.sessions import resolve

    return resolve(str(path))


def test_the_app_needs_a_terminal_and_says_so(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "s.toml").write_text(SHORT)  # under pytest, stdin and stdout are not terminals
    code, _, err = cli(["run", str(tmp_path / "s.toml")])
    assert code == 2 and "needs a terminal" in err and "--plain" in err
    code, out, _ = cli([])  # no command and no terminal: the list, for scripts
    assert code == 0 and "examples/strength-circuit" in out and "--plain" in out


@pytest.mark.parametrize(
    "command", ["check", "list", "show", "run", "log", "next", "new", "schema", "doctor"]
)
def test_every_command_has_version(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([command, "--version"])
    assert info.value.code == 0 and f"timer-tui {__version__}\n" == capsys.readouterr().out


def test_one_step_is_singular(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "one.toml").write_text('name = "One"\n[[steps]]\nkind = "rest"\nduration = 60\n')
    _, out, _ = cli(["show", str(tmp_path / "one.toml")])
    assert out.rstrip().endswith("Total 1:00 · 1 step")


def test_plain_sound_hears_a_step_before_the_log_and_the_log_before_the_line(
    tmp_path: Path,
) -> None:
    """A slow commit never delays a cue; a `step_ended` line still means the row is in."""
    from timer_tui.cli.plain import run_plain
    from timer_tui.core.engine import Event
    from timer_tui.library.sessions import resolve

    (tmp_path / "s.toml").write_text(
        'name = "x"\n[cues]\ncountdown = 0\nhalfway = false\n'
        '[[steps]]\nkind = "run"\nduration = 1\n[[steps]]\nkind = "walk"\nduration = 1\n'
    )
    entry = resolve(str(tmp_path / "s.toml"))
    assert entry.session is not None
    order: list[str] = []
    out = io.StringIO()

    def sound(event: Event) -> None:
        order.append(f"sound {event.kind.value} {event.index}")

    def log(event: Event) -> None:
        order.append(f"log {event.kind.value} {event.index}")
        order.append(f"lines so far {out.getvalue().count(chr(10))}")

    with Path(os.devnull).open(encoding="utf-8") as inp:  # two real 1 s steps
        code = run_plain(
            entry.session,
            entry.timeline(),
            as_json=True,
            out=out,
            inp=inp,
            subscribers=[sound],
            journal=[log],
        )
    assert code == 0
    boundary = order.index("sound step_ended 0")
    assert order[boundary : boundary + 2] == ["sound step_ended 0", "sound step_started 1"]
    logged = order.index("log step_ended 0")
    assert logged > boundary + 1
    assert (
        order[logged + 1] == "lines so far 2"
    )  # session_started, step_started 0: not yet its line
    assert "step_ended" in out.getvalue().splitlines()[2]


def test_the_program_leaves_its_objects_out_of_the_last_collections(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run as the program (no argv given), main freezes what is alive as it returns;
    called with argv (as here and by the other tests) it leaves the collector alone."""
    import gc

    session = tmp_path / "s.toml"
    session.write_text('name = "x"\n[[steps]]\nduration = 5\n')
    frozen = gc.get_freeze_count()  # (a test of run before this one may have frozen some)
    assert main(["check", str(session)]) == 0
    assert gc.get_freeze_count() == frozen
    monkeypatch.setattr("sys.argv", ["timer-tui", "check", str(session)])
    try:
        assert main() == 0
        assert gc.get_freeze_count() > frozen
    finally:
        gc.unfreeze()
