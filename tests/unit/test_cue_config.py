"""``[cues]`` in a session file and in the user's config: each piece of the voice on its own,
the file's own keys winning, and mistakes reported with their place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import write_user_config
from timer_tui.cli.main import main
from timer_tui.core.cues import CONFIG_KEYS, with_config
from timer_tui.core.loader import load_session
from timer_tui.core.model import CueSettings
from timer_tui.library.config import parse_config

SESSION = """\
name = "Voice"

[cues]
say_next = true
countdown = 0

[[steps]]
kind = "run"
duration = 30
note = "Easy now."

[[steps]]
kind = "walk"
duration = 30

[[steps]]
kind = "run"
duration = 20
"""


def write_session(tmp_path: Path, text: str = SESSION) -> Path:
    path = tmp_path / "voice.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_loader_keeps_which_keys_the_file_set(tmp_path: Path) -> None:
    session = load_session(write_session(tmp_path)).session
    assert session is not None
    assert session.cues.given == frozenset({"say_next", "countdown"})
    assert session.cues.countdown == 0 and session.cues.say_next is True


def test_the_config_fills_in_what_the_file_leaves_out_and_the_file_wins() -> None:
    session = CueSettings(say_next=True, countdown=0, given=frozenset({"say_next", "countdown"}))
    config = {"say_next": False, "say_notes": False, "countdown": 5, "say_countdown": True}
    merged = with_config(session, config)
    assert merged.say_next is True and merged.countdown == 0  # the file's own
    assert merged.say_notes is False and merged.say_countdown is True  # the config's
    assert merged.say_last_round is True  # neither: the default
    assert with_config(session, {}) is session


def test_every_cue_key_but_sounds_may_be_in_the_config() -> None:
    assert "sounds" not in CONFIG_KEYS and "given" not in CONFIG_KEYS
    assert {"voice", "say_next", "say_countdown", "say_speed_change"} <= set(CONFIG_KEYS)


def test_config_cues_are_checked_by_the_session_rules() -> None:
    config = parse_config(
        '[cues]\nsay_next = false\nhalfway_min = "2m"\nsay_speed_change = 15\n',
        Path("config.toml"),
    )
    assert config.errors == ()
    assert config.cues == {"say_next": False, "halfway_min": 120, "say_speed_change": 15}


def test_config_cue_mistakes_are_located_and_the_rest_still_apply() -> None:
    config = parse_config(
        "[cues]\n"
        "say_notes = false\n"
        "say_nxt = false\n"
        'say_countdown = "yes"\n'
        "say_speed_change = 99\n"
        'sounds = { run = "a.wav" }\n',
        Path("config.toml"),
    )
    assert config.cues == {"say_notes": False}
    messages = [e.format() for e in config.errors]
    assert messages[0].startswith(
        "config.toml:3:1: cues.say_nxt: unknown key `say_nxt` in [cues]; did you mean `say_next`?"
    )
    assert messages[1].startswith('config.toml:4:1: cues.say_countdown: found "yes"')
    assert messages[2] == (
        "config.toml:5:1: cues.say_speed_change: found 99; expected a whole number from 0 to 60"
    )
    assert "belong in a session file's [cues.sounds]" in messages[3]


def test_a_cues_that_is_not_a_table_is_one_error() -> None:
    config = parse_config('cues = "loud"\n', Path("config.toml"))
    assert config.cues == {}
    assert [e.format() for e in config.errors] == [
        "config.toml:1:1: cues: expected a table: [cues] with lines such as say_next = false"
    ]


def test_session_cue_mistakes_are_located(tmp_path: Path) -> None:
    path = write_session(tmp_path, SESSION.replace("say_next = true", "say_next = 1"))
    result = load_session(path)
    assert result.session is None
    assert [e.format() for e in result.errors] == [
        f"{path}:4:1: cues.say_next: found 1 (a number); expected true or false"
    ]


def test_show_cues_follows_the_config_under_the_files_own_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_session(tmp_path)
    write_user_config("[cues]\nsay_next = false\nsay_notes = false\ncountdown = 3\n")
    assert main(["show", str(path), "--cues", "--json"]) == 0
    spoken = [c["sound"] for c in json.loads(capsys.readouterr().out)["cues"]]
    assert "Run, 30 seconds" in spoken  # the config's say_notes = false
    assert "Walk, 30 seconds. Next: Run, 20 seconds" in spoken  # the file's say_next = true
    assert "countdown" not in spoken  # the file's countdown = 0


def test_show_cues_with_a_broken_config_says_so_and_uses_the_defaults(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_session(tmp_path)
    write_user_config("[cues]\nsay_notes = maybe\n")
    assert main(["show", str(path), "--cues"]) == 0
    captured = capsys.readouterr()
    assert "config:" in captured.err and "using the defaults" in captured.err
    assert "Easy now" in captured.out


def test_show_says_every_config_mistake_and_that_the_rest_applies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A config that parses, with two mistakes: each is said, and what happens is told
    as it happens (docs/config.md): those entries are left out and the rest applies.
    It printed the first, "(and 1 more)", and "using the defaults" (QA)."""
    path = write_session(tmp_path)
    write_user_config('[treadmill]\nrun = "95 km/h"\nwlak = "5 km/h"\n[cues]\nsay_notes = false\n')
    assert main(["show", str(path), "--cues"]) == 0
    captured = capsys.readouterr()
    assert "treadmill.run" in captured.err and "treadmill.wlak" in captured.err
    assert "using the defaults" not in captured.err
    assert "left out; the rest applies" in captured.err
    assert "Easy now" not in captured.out  # the [cues] entry still applies: no notes said
