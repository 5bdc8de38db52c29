"""`timer-tui new`, `edit` and `schema`: files land in the user folder, pass `check`,
are never overwritten, and bundled sessions are copied before they are edited."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from timer_tui.cli.commands import edit as edit_commands
from timer_tui.cli.main import main
from timer_tui.core.errors import UserError
from timer_tui.core.loader import load_session, parse_session
from timer_tui.core.schema import schema_json
from timer_tui.core.timeline import expand
from timer_tui.library import editing
from timer_tui.library.editing import (
    TEMPLATES,
    editor_command,
    slugify,
    user_schema_path,
    with_name,
    with_schema_directive,
    without_program,
)
from timer_tui.library.paths import bundled_sessions_dir, user_sessions_dir
from timer_tui.library.sessions import Source, discover


def write_editor(tmp_path: Path, body: str, name: str = "fake-editor") -> Path:
    """A shell script standing in for $EDITOR; it gets the file as "$1"."""
    script = tmp_path / name
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


# -- pure helpers ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Hill sprints (v2)", "hill-sprints-v2"),
        ("  Tabata!  ", "tabata"),
        ("Crème brûlée run", "creme-brulee-run"),
        ("week 1/run 2", "week-1-run-2"),
        ("!!!", ""),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_with_name_replaces_only_the_top_level_name() -> None:
    text = (
        '#:schema x\nname = "Old" # keep me\n[program]\nname = "Prog"\n'
        '[[steps]]\nname = "Step"\nduration = 5\n'
    )
    out = with_name(text, 'New "quoted" name')
    assert 'name = "New \\"quoted\\" name" # keep me\n' in out
    assert 'name = "Prog"' in out
    assert 'name = "Step"' in out


def test_with_name_leaves_text_it_does_not_understand() -> None:
    text = 'name = """multi\nline"""\n[[steps]]\nduration = 5\n'
    assert with_name(text, "X") == text


def test_without_program_drops_the_table_and_keeps_the_rest() -> None:
    text = (
        'name = "A"\n\n[program]\nid = "c25k"\nweek = 1\n\n# The steps\n[[steps]]\nduration = 5\n'
    )
    out = without_program(text)
    assert "[program]" not in out
    assert "c25k" not in out
    assert "# The steps" in out
    assert load_session_text(out)
    assert without_program('name = "A"\nprogram = { id = "p" }\n') == 'name = "A"\n'


def load_session_text(text: str) -> bool:
    return parse_session(text).ok


def test_schema_directive_is_relative_to_the_file() -> None:
    target = user_sessions_dir() / "c25k" / "week-1-run-1.toml"
    out = with_schema_directive("#:schema ../../docs/session.schema.json\nname = 'x'\n", target)
    first = out.splitlines()[0]
    assert first == "#:schema ../../session.schema.json"
    assert (target.parent / first.split(" ", 1)[1]).resolve() == user_schema_path().resolve()
    added = with_schema_directive("name = 'x'\n", user_sessions_dir() / "a.toml")
    assert added.splitlines()[0] == "#:schema ../session.schema.json"


def test_editor_command_order(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("nano", "vi", "myedit"):
        write_editor(bin_dir, "exit 0", name)
    path = str(bin_dir)
    assert editor_command({"PATH": path, "VISUAL": "myedit -w", "EDITOR": "vi"}) == [
        "myedit",
        "-w",
    ]
    assert editor_command({"PATH": path, "EDITOR": "vi"}) == ["vi"]
    assert editor_command({"PATH": str(tmp_path / "empty")}) is None
    assert editor_command({"PATH": path}) == [str(bin_dir / "nano")]


def test_a_missing_chosen_editor_is_an_error_not_a_fallback(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    write_editor(bin_dir, "exit 0", "nano")
    with pytest.raises(UserError, match=r'\$EDITOR is "no-such-editor", which is not a program'):
        editor_command({"PATH": str(bin_dir), "EDITOR": "no-such-editor"})


# -- new ------------------------------------------------------------------------------
@pytest.mark.parametrize("template", TEMPLATES)
def test_new_from_each_template_writes_a_valid_commented_file(
    template: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", f"My {template}", "--template", template]) == 0
    out = capsys.readouterr().out.strip()
    path = Path(out)
    assert path == user_sessions_dir() / f"my-{template}.toml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#:schema ../session.schema.json\n")
    assert text.count("\n#") >= 3, "the template explains itself in comments"
    result = load_session(path)
    assert result.ok, result.errors
    assert result.session is not None and result.session.name == f"My {template}"
    assert user_schema_path().read_text(encoding="utf-8") == schema_json()
    assert main(["check", str(path)]) == 0


def test_new_refuses_to_overwrite(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "Morning run"]) == 0
    path = Path(capsys.readouterr().out.strip())
    path.write_text("# mine, hands off\n", encoding="utf-8")
    assert main(["new", "morning RUN"]) == 2
    err = capsys.readouterr().err
    assert "already exists" in err and str(path) in err
    assert path.read_text(encoding="utf-8") == "# mine, hands off\n"


def test_new_without_letters_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "???"]) == 2
    assert "no letters or digits" in capsys.readouterr().err
    assert not user_sessions_dir().exists() or not any(user_sessions_dir().iterdir())


def test_new_from_a_bundled_session(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "Easy week one", "--from", "c25k/week-1-run-1"]) == 0
    path = Path(capsys.readouterr().out.strip())
    result = load_session(path)
    assert result.ok and result.session is not None
    assert result.session.name == "Easy week one"
    assert result.session.program is None, "a copy is the user's own, not a program week"
    source = load_session(bundled_sessions_dir() / "c25k" / "week-1-run-1.toml").session
    assert source is not None
    assert expand(result.session).total_seconds == expand(source).total_seconds


def test_new_from_an_unknown_session(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "x", "--from", "no-such-session"]) == 2
    assert "no session file or id" in capsys.readouterr().err


def test_new_rejects_an_unknown_template(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["new", "x", "--template", "hiit"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


# -- edit -----------------------------------------------------------------------------
def test_edit_copies_a_bundled_session_which_then_shadows_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    editor = write_editor(tmp_path, 'sed -i \'s/^name = .*/name = "Edited"/\' "$1"')
    monkeypatch.setenv("EDITOR", str(editor))
    bundled = bundled_sessions_dir() / "presets" / "tabata.toml"
    before = bundled.read_bytes()
    assert main(["edit", "presets/tabata"]) == 0
    out = capsys.readouterr().out
    copy = user_sessions_dir() / "presets" / "tabata.toml"
    assert f"saved your change to {bundled} as {copy}" in out
    assert f"{copy}: valid" in out
    assert bundled.read_bytes() == before, "the installed file is never edited"
    entries = {e.id: e for e in discover()}
    assert entries["presets/tabata"].source is Source.USER
    assert entries["presets/tabata"].name == "Edited"
    assert copy.read_text(encoding="utf-8").startswith("#:schema ../../session.schema.json\n")


def test_edit_reuses_an_existing_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    editor = write_editor(tmp_path, 'echo "# edited" >> "$1"')
    monkeypatch.setenv("EDITOR", str(editor))
    assert main(["edit", "presets/tabata"]) == 0
    assert main(["edit", "presets/tabata"]) == 0
    capsys.readouterr()
    text = (user_sessions_dir() / "presets" / "tabata.toml").read_text(encoding="utf-8")
    assert text.count("# edited") == 2


def test_edit_reports_errors_with_the_file_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "Broken soon"]) == 0
    path = Path(capsys.readouterr().out.strip())
    editor = write_editor(tmp_path, 'sed -i \'s/duration = "5m"/durration = "5m"/\' "$1"')
    monkeypatch.setenv("VISUAL", str(editor))
    assert main(["edit", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:" in out
    assert "did you mean `duration`?" in out
    assert "the file is saved as it is" in out


def test_edit_offers_to_reopen_until_the_file_is_fixed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = user_sessions_dir() / "fixme.toml"
    target.parent.mkdir(parents=True)
    target.write_text('name = "Fix me"\n[[steps]]\ndurration = 5\n', encoding="utf-8")
    # First run leaves it broken; the second fixes the typo.
    counter = tmp_path / "count"
    editor = write_editor(
        tmp_path,
        f'echo x >> "{counter}"\n'
        f'if [ "$(wc -l < "{counter}")" -ge 2 ]; then sed -i s/durration/duration/ "$1"; fi',
    )
    monkeypatch.setenv("EDITOR", str(editor))
    questions: list[str] = []

    def ask(prompt: str) -> bool:
        questions.append(prompt)
        return True

    lines: list[str] = []
    assert editing.edit_session("fixme", ask=ask, out=lines.append) == 0
    assert len(questions) == 1
    assert lines[-1] == f"{target}: valid"


def test_edit_a_missing_file_suggests_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("EDITOR", str(write_editor(tmp_path, "exit 0")))
    assert main(["edit", str(tmp_path / "nope.toml")]) == 2
    assert "timer-tui new nope" in capsys.readouterr().err


def test_edit_without_any_editor_says_how_to_set_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert main(["edit", "presets/tabata"]) == 2
    assert "export EDITOR=" in capsys.readouterr().err
    assert not (user_sessions_dir() / "presets").exists(), "nothing copied without an editor"


def test_edit_and_new_in_a_real_process(tmp_path: Path) -> None:
    """The installed command, $EDITOR a script, XDG folders from the autouse fixture."""
    editor = write_editor(tmp_path, 'sed -i \'s/"5m"/"6m"/\' "$1"')
    env = dict(os.environ, EDITOR=str(editor))
    run = [sys.executable, "-m", "timer_tui"]
    new = subprocess.run(
        [*run, "new", "Lunch run"], capture_output=True, text=True, env=env, check=False
    )
    assert new.returncode == 0, new.stderr
    path = Path(new.stdout.strip())
    assert path.parent == user_sessions_dir()
    edit = subprocess.run(
        [*run, "edit", "lunch-run"], capture_output=True, text=True, env=env, check=False
    )
    assert edit.returncode == 0, edit.stderr
    assert '"6m"' in path.read_text(encoding="utf-8")
    check = subprocess.run([*run, "check", str(path)], capture_output=True, text=True, env=env)
    assert check.returncode == 0


def test_schema_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == schema_json()


def test_a_failing_editor_makes_edit_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    write_editor(bin_dir, "exit 3", "myedit")
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    monkeypatch.setenv("EDITOR", "myedit")
    lines: list[str] = []
    assert editing.edit_session("presets/tabata", out=lines.append) == 3
    assert any("the editor exited with status 3" in line for line in lines)


def test_the_command_offers_exactly_the_templates_there_are() -> None:
    """``new --template`` lists them without importing the editing helpers: same tuple."""
    assert (edit_commands.TEMPLATES, edit_commands.DEFAULT_TEMPLATE) == (
        TEMPLATES,
        editing.DEFAULT_TEMPLATE,
    )


# -- issue 12 item 3: a bundled session is copied only when the user saved a change --------
def test_edit_of_a_bundled_session_closed_without_saving_leaves_no_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    write_editor(bin_dir, "exit 0", "lookonly")  # opens, reads, quits without saving
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    monkeypatch.setenv("EDITOR", "lookonly")
    lines: list[str] = []
    assert editing.edit_session("presets/tabata", out=lines.append) == 0
    assert not (user_sessions_dir() / "presets" / "tabata.toml").exists()
    assert next(e for e in discover() if e.id == "presets/tabata").source is Source.BUNDLED
    assert any("no change" in line for line in lines), lines


def test_edit_of_a_bundled_session_saved_with_a_change_writes_the_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    write_editor(bin_dir, "printf '# mine\\n' >> \"$1\"", "appender")
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    monkeypatch.setenv("EDITOR", "appender")
    lines: list[str] = []
    assert editing.edit_session("presets/tabata", out=lines.append) == 0
    copy = user_sessions_dir() / "presets" / "tabata.toml"
    assert copy.read_text(encoding="utf-8").endswith("# mine\n")
    assert next(e for e in discover() if e.id == "presets/tabata").source is Source.USER
    assert any("replaces it in your library" in line for line in lines), lines


def test_an_editor_that_fails_after_a_change_leaves_no_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """vi's :cq: the editor exits non-zero to say "abandon"; nothing is copied."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    write_editor(bin_dir, "printf '# mine\\n' >> \"$1\"; exit 1", "abandon")
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    monkeypatch.setenv("EDITOR", "abandon")
    assert editing.edit_session("presets/tabata", out=lambda line: None) == 1
    assert not (user_sessions_dir() / "presets" / "tabata.toml").exists()
