"""Shell completion in the real shells: bash, fish and zsh complete a command and a session id.

The scripts come from ``timer-tui completion SHELL`` (shtab, from the parser).
bash is driven through its completion function (COMP_WORDS, COMPREPLY), fish
through its own ``complete -C``, and zsh, which completes only in an interactive
line editor, by typing TAB into it in tmux. zsh and fish come from .ci/run's apt
list; on a machine without them their tests skip.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import Tmux
from timer_tui.cli.manpage import commands
from timer_tui.cli.parser import build_parser

pytestmark = pytest.mark.e2e

COMMANDS = [" ".join(path) for path, _, _ in commands(build_parser()) if len(path) == 1]


@pytest.fixture
def shell_env(tmp_path: Path, isolated_dirs: Path) -> dict[str, str]:
    """PATH with a ``timer-tui`` that runs this checkout (the scripts call it for ids)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "timer-tui"
    calls = tmp_path / "calls.log"  # each run of the program, for the tests that count them
    shim.write_text(
        f'#!/bin/sh\necho "$*" >> {shlex.quote(str(calls))}\n'
        f'exec {shlex.quote(sys.executable)} -m timer_tui "$@"\n'
    )
    shim.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k.startswith("XDG_")}
    return {**env, "HOME": str(tmp_path), "PATH": f"{bin_dir}:/usr/bin:/bin", "TERM": "xterm"}


def script(shell: str, env: dict[str, str], folder: Path) -> Path:
    done = subprocess.run(
        ["timer-tui", "completion", shell], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    path = folder / {"bash": "timer-tui.bash", "zsh": "_timer-tui", "fish": "timer-tui.fish"}[shell]
    path.write_text(done.stdout)
    return path


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_script_names_every_command_and_parses(
    shell: str, shell_env: dict[str, str], tmp_path: Path
) -> None:
    path = script(shell, shell_env, tmp_path)
    text = path.read_text()
    missing = [c for c in COMMANDS if c not in text]
    assert not missing, f"{shell}: {missing}"
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    check = {"bash": ["bash", "-n"], "zsh": ["zsh", "-n"], "fish": ["fish", "--no-execute"]}
    done = subprocess.run([*check[shell], str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


BASH_COMPLETE = """
source {script}
complete_words() {{
  COMP_WORDS=("$@"); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1))
  COMP_LINE="${{COMP_WORDS[*]}}"; COMP_POINT=${{#COMP_LINE}}; COMPREPLY=()
  _shtab_timer_tui
  printf '%s\\n' "${{COMPREPLY[@]}}"
}}
complete_words {words}
"""


def bash_completes(words: list[str], env: dict[str, str], path: Path) -> list[str]:
    code = BASH_COMPLETE.format(script=shlex.quote(str(path)), words=shlex.join(words))
    done = subprocess.run(["bash", "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_bash_completes_commands_options_and_session_ids(
    shell_env: dict[str, str], tmp_path: Path
) -> None:
    path = script("bash", shell_env, tmp_path)
    assert bash_completes(["timer-tui", "ru"], shell_env, path) == ["run"]
    assert bash_completes(["timer-tui", "run", "--pl"], shell_env, path) == ["--plain"]
    assert bash_completes(["timer-tui", "run", "c25k/week-1-r"], shell_env, path) == [
        "c25k/week-1-run-1",
        "c25k/week-1-run-2",
        "c25k/week-1-run-3",
    ]
    assert bash_completes(["timer-tui", "next", "c2"], shell_env, path) == ["c25k"]
    assert bash_completes(["timer-tui", "completion", ""], shell_env, path) == [
        "bash",
        "zsh",
        "fish",
    ]


def test_fish_completes_commands_and_session_ids(shell_env: dict[str, str], tmp_path: Path) -> None:
    if shutil.which("fish") is None:
        pytest.skip("fish is not installed")
    path = script("fish", shell_env, tmp_path)
    code = (
        f"source {shlex.quote(str(path))}; "
        "complete -C'timer-tui ru'; echo ---; complete -C'timer-tui show presets/ta'"
    )
    done = subprocess.run(
        ["fish", "--no-config", "-c", code], capture_output=True, text=True, env=shell_env
    )
    assert done.returncode == 0, done.stderr
    commands, ids = done.stdout.split("---\n")
    assert commands.splitlines() == ["run\trun a session (full screen, or --plain for lines)"]
    assert [line.split("\t")[0] for line in ids.splitlines()] == ["presets/tabata"]


def test_zsh_completes_a_command_and_a_session_id(
    shell_env: dict[str, str], tmp_path: Path, tmux: Tmux
) -> None:
    """Typed into zsh's line editor in tmux: ``compinit`` finds the script on $fpath."""
    if shutil.which("zsh") is None:
        pytest.skip("zsh is not installed")
    functions = tmp_path / "zfunc"
    functions.mkdir()
    script("zsh", shell_env, functions)
    env = " ".join(f"{k}={shlex.quote(v)}" for k, v in shell_env.items())
    tmux.start(f"env -i {env} zsh -f")
    tmux.keys(f"fpath=({functions} $fpath); autoload -Uz compinit; compinit -u -D", "Enter")
    tmux.keys("PS1='> '", "Enter", "C-l")
    tmux.wait_for(lambda screen: screen.strip() == ">", timeout=30)
    calls = tmp_path / "calls.log"
    calls.write_text("")
    tmux.keys("timer-tui ru", "Tab")
    # capture-pane drops trailing blanks: the space TAB added after "run" is not seen.
    tmux.wait_for(lambda screen: "> timer-tui run" in screen, timeout=30)
    assert calls.read_text() == ""  # a command: no Python start-up
    tmux.keys("--", "--pl", "Tab")  # "--": a key, not an option of tmux
    tmux.wait_for(lambda screen: "> timer-tui run --plain" in screen, timeout=30)
    tmux.keys("presets/tab", "Tab")
    tmux.wait_for(lambda screen: "> timer-tui run --plain presets/tabata" in screen, timeout=30)
    # The ids are listed once per TAB where a session may go (an option's place is one).
    assert calls.read_text().splitlines() in (["list --ids"], ["list --ids"] * 2)
