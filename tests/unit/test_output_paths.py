"""Where the command line writes files, whatever name or path it is given: a session
name too long for a file name, and ``-o`` pointing at a FIFO, a device, a folder,
a socket, a link or a folder that does not exist. Each ends in a file written whole
or one clear line (exit 2), never an internal error, and never a device or FIFO
turned into a regular file.
"""

from __future__ import annotations

import os
import socket
import stat
import threading
from pathlib import Path

import pytest

from tests.conftest import run_timer_tui
from tests.unit.conftest import Cli
from timer_tui.core.loader import load_session
from timer_tui.library.paths import user_sessions_dir

LONG_NAME = "W" * 300


# -- a file name made from a session's name ------------------------------------------
def test_new_with_a_very_long_name_makes_a_shorter_file_name(cli: Cli) -> None:
    code, _, err = cli(["new", LONG_NAME])
    assert code == 0, err
    (made,) = user_sessions_dir().glob("*.toml")
    assert made.name == "w" * 64 + ".toml"
    loaded = load_session(made)
    assert loaded.session is not None and loaded.session.name == LONG_NAME  # the name is whole


def test_import_with_a_very_long_name_makes_a_shorter_file_name(cli: Cli, tmp_path: Path) -> None:
    source = tmp_path / "long.txt"
    source.write_text(f"{LONG_NAME}\n\n- 5m run\n", encoding="utf-8")
    code, out, err = cli(["import", str(source)])
    assert code == 0, err
    target = user_sessions_dir() / ("w" * 64 + ".toml")
    assert f"as {target}" in out
    loaded = load_session(target)
    assert loaded.session is not None and loaded.session.name == LONG_NAME


def test_a_long_name_is_cut_between_words() -> None:
    from timer_tui.library.editing import slugify

    words = " ".join(["interval"] * 20)
    assert slugify(words) == "-".join(["interval"] * 7)  # 62 characters, not 64
    assert len(slugify("x" * 500)) == 64


def test_a_file_name_near_the_limit_still_gets_its_temporary_file(tmp_path: Path) -> None:
    """The temporary file's name holds the target's: a name of 250 characters is a
    valid file name, but ``.NAME.XXXXXXXX.tmp`` is not."""
    from timer_tui.library.atomic import create_text_atomic, write_text_atomic

    target = tmp_path / ("n" * 250)
    create_text_atomic(target, "one")
    write_text_atomic(target, "two")
    assert target.read_text() == "two"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


# -- -o PATH, for every command that takes it ------------------------------------------
COMMANDS = {
    "export": (["export", "c25k/week-1-run-1", "-f", "text", "-o"], b"Intervals 8x"),
    "plan": (["plan", "c25k", "--start", "2026-12-01", "--days", "mon", "-o"], b"BEGIN:VCALENDAR"),
    "log export": (["log", "export", "-o"], b'"format": "timer-tui-log"'),
}
each_command = pytest.mark.parametrize("command", list(COMMANDS))


def output_to(command: str, path: Path | str, *more: str) -> list[str]:
    words, _ = COMMANDS[command]
    return [*words, str(path), *more]


@each_command
def test_a_file_name_too_long_is_one_clear_line(cli: Cli, tmp_path: Path, command: str) -> None:
    target = tmp_path / ("d" * 300 + ".out")
    code, _, err = cli(output_to(command, target))
    assert code == 2, err
    assert err == f"timer-tui: cannot write {target}: File name too long\n"


@each_command
def test_a_fifo_is_written_through_and_stays_a_fifo(cli: Cli, tmp_path: Path, command: str) -> None:
    """`-o FIFO` is a stream a reader waits on: no --force, no rename over it."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    code, _, err = cli(output_to(command, fifo))
    reader.join(10)
    assert code == 0, err
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert COMMANDS[command][1] in got[0]
    assert [p.name for p in tmp_path.iterdir()] == ["fifo"]


@each_command
def test_a_link_to_a_device_writes_the_device(cli: Cli, tmp_path: Path, command: str) -> None:
    """/dev/stdout is such a link; /dev/null stands in for a terminal or a pipe (and a
    test run as root must not rename over a real device if the fix is undone)."""
    link = tmp_path / "null"
    link.symlink_to(os.devnull)
    for more in ([], ["--force"]):
        code, _, err = cli(output_to(command, link, *more))
        assert code == 0, err
        assert link.is_symlink() and stat.S_ISCHR(link.stat().st_mode)


@each_command
def test_a_link_to_a_file_replaces_the_file_not_the_link(
    cli: Cli, tmp_path: Path, command: str
) -> None:
    real = tmp_path / "real.out"
    real.write_text("{}")
    link = tmp_path / "link.out"
    link.symlink_to(real)
    code, _, err = cli(output_to(command, link, "--force"))
    assert code == 0, err
    assert link.is_symlink() and link.resolve() == real
    assert COMMANDS[command][1] in real.read_bytes()


@each_command
def test_what_is_no_file_is_refused(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.chdir(tmp_path)  # a socket's address is short
    folder = tmp_path / "folder"
    folder.mkdir()
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind("sock")
        for target, said in (
            (folder, f"cannot write {folder}: it is a folder"),
            (Path("sock"), "cannot write sock: it is a socket"),
            (tmp_path / "gone", f"cannot write {tmp_path / 'gone'}: it is a link to"),
        ):
            if target.name == "gone":
                target.symlink_to(tmp_path / "nowhere")
            code, _, err = cli(output_to(command, target, "--force"))
            assert code == 2 and said in err, err
        assert stat.S_ISSOCK(os.lstat("sock").st_mode) and folder.is_dir()
        assert not (tmp_path / "nowhere").exists()


@each_command
def test_a_missing_folder_is_not_made(cli: Cli, tmp_path: Path, command: str) -> None:
    target = tmp_path / "none" / "deeper" / "x.out"
    code, _, err = cli(output_to(command, target))
    assert code == 2
    assert err == f"timer-tui: cannot write {target}: no such folder: {target.parent}\n"
    assert not (tmp_path / "none").exists()
    inside_a_file = tmp_path / "file.out"
    inside_a_file.write_text("")
    code, _, err = cli(output_to(command, inside_a_file / "x.out"))
    assert code == 2 and f"{inside_a_file} is not a folder" in err, err


def test_a_program_folder_is_made_but_not_its_parents(cli: Cli, tmp_path: Path) -> None:
    """export --program writes into a folder it makes (its default, or -o's), as
    `mkdir` does: the folder's own parent must be there."""
    deep = tmp_path / "none" / "c25k"
    code, _, err = cli(["export", "--program", "c25k", "-f", "text", "-o", str(deep)])
    assert code == 2 and f"no such folder: {deep.parent}" in err, err
    assert not (tmp_path / "none").exists()
    code, _, err = cli(["export", "--program", "c25k", "-f", "text", "-o", str(tmp_path / "c")])
    assert code == 0, err
    assert len(list((tmp_path / "c").iterdir())) == 27


def test_dev_stdout_into_a_pipe_is_the_data_alone(subprocess_env: dict[str, str]) -> None:
    """`-o /dev/stdout | tool`: the pipe gets what export prints without -o, and no
    more (the "wrote" note goes to stderr)."""
    plain = run_timer_tui(*COMMANDS["export"][0][:-1], env=subprocess_env, timeout=60)
    piped = run_timer_tui(*COMMANDS["export"][0], "/dev/stdout", env=subprocess_env, timeout=60)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == plain.stdout and "Intervals 8x" in piped.stdout
    assert "wrote /dev/stdout" in piped.stderr


def test_the_default_program_folder_is_a_plain_name_whatever_the_id() -> None:
    """The loader refuses such ids; the folder is made safe here too, not trusted."""
    from timer_tui.library.exchange import default_program_folder

    assert default_program_folder("c25k", "fit") == Path("c25k-fit")
    assert default_program_folder("/etc", "text") == Path("etc-text")
    assert default_program_folder("../../../tmp/x", "zwo") == Path("tmp-x-zwo")
    assert default_program_folder("..", "zwo") == Path("program-zwo")
