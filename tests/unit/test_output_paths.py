"""Where the command line writes files, whatever name or path it is given: a session
name too long for a file name, and ``-o`` pointing at a FIFO, a device, a folder,
a socket, a link or a folder that does not exist. Each ends in a file written whole
or one clear line (exit 2), never an internal error, and never a device or FIFO
turned into a regular file.
"""

from __future__ import annotations

from pathlib import Path

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
