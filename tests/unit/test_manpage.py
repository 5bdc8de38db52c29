"""The man page: written from the parser, rendered by the real man (or groff) without a warning.

It must list every command, nested ones too, each with its description and
examples, and the exit statuses: commands added later are held to it because the
page is generated, and this test walks the same parser.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from timer_tui import __version__
from timer_tui.cli.help import example_lines
from timer_tui.cli.manpage import commands, manpage, roff
from timer_tui.cli.parser import build_parser
from timer_tui.core.exit_codes import EXIT_CODES

PAGE = manpage(build_parser(), __version__)
FOUND = commands(build_parser())


@functools.cache
def render(page: str) -> tuple[str, str]:
    """The page as ``man -l`` shows it (plain ASCII, 100 columns), and groff's warnings."""
    env = {**os.environ, "LC_ALL": "C", "MANWIDTH": "100", "MAN_KEEP_FORMATTING": ""}
    if shutil.which("man"):
        shown = subprocess.run(
            ["man", "-l", "-"], input=page, capture_output=True, text=True, env=env, timeout=60
        )
    elif shutil.which("groff"):
        shown = subprocess.run(
            ["groff", "-man", "-Tascii", "-P-cbou"],
            input=page,
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
    else:
        pytest.skip("neither man nor groff is installed")
    assert shown.returncode == 0, shown.stderr
    warnings = ""
    if shutil.which("groff"):
        warnings = subprocess.run(
            ["groff", "-man", "-ww", "-z"], input=page, capture_output=True, text=True, timeout=60
        ).stderr
    return shown.stdout, warnings


def test_the_page_renders_without_warnings() -> None:
    text, warnings = render(PAGE)
    assert warnings == ""
    assert text.startswith("TIMER-TUI(1)")
    assert f"timer-tui {__version__}" in text


@pytest.mark.parametrize(
    ("path", "help_text", "sub"), FOUND, ids=[" ".join(p) for p, _, _ in FOUND]
)
def test_every_command_is_on_the_page(path: tuple[str, ...], help_text: str, sub: object) -> None:
    text, _ = render(PAGE)
    name = " ".join(path)
    assert f"\n   {name}\n" in text, f"no section for {name}"
    section = text.split(f"\n   {name}\n", 1)[1]
    assert " ".join(help_text.split()[:4]) in " ".join(text.split())
    for example in example_lines(getattr(sub, "epilog", None)):
        assert example in section, f"{name}: example {example!r} missing"


def test_the_exit_statuses_are_on_the_page() -> None:
    text, _ = render(PAGE)
    tail = text.split("EXIT STATUS", 1)[1]
    for code, meaning in EXIT_CODES:
        assert code in tail and " ".join(meaning.split()[:3]) in " ".join(tail.split())


def test_roff_keeps_text_from_becoming_requests() -> None:
    assert roff(".TH not a request\n'also not") == "\\&.TH not a request\n\\&'also not"
    assert roff("a\\b --c") == "a\\eb \\-\\-c"
    assert roff("bell\x07here") == "bell here"


def test_the_command_prints_it() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "timer_tui", "man"], capture_output=True, text=True, check=True
    )
    assert done.stdout == PAGE


def test_the_docs_show_the_install_lines_the_help_shows() -> None:
    from timer_tui.cli.commands import completion, manual

    docs = (Path(__file__).resolve().parents[2] / "docs" / "completion.md").read_text()
    for line in [*completion.INSTALL.values(), manual.INSTALL]:
        assert line in docs, line


def test_the_files_are_where_timer_tui_keeps_them(isolated_dirs: Path) -> None:
    """The FILES section names the folders under $XDG_*: the same names the app uses."""
    from timer_tui.library import paths

    text, _ = render(PAGE)
    files = " ".join(text.split("FILES", 1)[1].split("ENVIRONMENT", 1)[0].split())
    data = Path(os.environ["XDG_DATA_HOME"])
    config = Path(os.environ["XDG_CONFIG_HOME"])
    for path, home, variable in [
        (paths.config_path(), config, "$XDG_CONFIG_HOME"),
        (paths.user_sessions_dir(), data, "$XDG_DATA_HOME"),
        (paths.history_path(), data, "$XDG_DATA_HOME"),
        (paths.data_dir() / "session.schema.json", data, "$XDG_DATA_HOME"),
    ]:
        assert f"{variable}/{path.relative_to(home).as_posix()}" in files
