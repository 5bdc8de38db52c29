"""`timer-tui show SESSION --cues`: a dry run listing every tone and spoken text at its time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from timer_tui.cli.commands.sessions import cue_offset
from timer_tui.cli.main import main


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "s.toml"
    path.write_text('name = "Dry run"\n' + body, encoding="utf-8")
    return path


def test_text_lists_each_cue_at_its_offset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path,
        '[cues]\ncountdown = 2\nhalfway_min = "1m"\n'
        '[[steps]]\nkind = "run"\nduration = "2m"\n'
        '[[steps]]\nkind = "walk"\nduration = 30\n',
    )
    assert main(["show", str(path), "--cues"]) == 0
    lines = capsys.readouterr().out.splitlines()
    body = [line.split() for line in lines[3:] if line.strip()]
    assert body[0][:5] == ["0:00", "1", "+0:00", "tone", "start-run"]
    assert body[1][:4] == ["0:00", "1", "+0:00", "say"]
    assert '"Run, 2 minutes"' in lines[4]
    assert body[2] == ["1:00", "1", "+1:00", "tone", "halfway"]
    assert body[3] == ["1:00", "1", "+1:00", "say", '"halfway"']
    assert [b[:5] for b in body[4:6]] == [
        ["1:58", "1", "+1:58", "tone", "countdown"],
        ["1:59", "1", "+1:59", "tone", "countdown"],
    ]
    assert body[6][:5] == ["2:00", "2", "+0:00", "tone", "start-walk"]
    assert body[-2][:5] == ["2:30", "2", "+0:30", "tone", "finished"]
    assert body[-1][:4] == ["2:30", "2", "+0:30", "say"]


def test_voice_off_leaves_only_tones(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, '[cues]\nvoice = false\n[[steps]]\nkind = "run"\nduration = 10\n')
    assert main(["show", str(path), "--cues"]) == 0
    out = capsys.readouterr().out
    assert "say " not in out
    assert "tone start-run" in out


def test_json_has_every_cue(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(
        tmp_path,
        '[[steps]]\nname = "Squat"\nreps = 5\n[[steps]]\nkind = "rest"\nduration = 10\n',
    )
    assert main(["show", str(path), "--cues", "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["name"] == "Dry run"
    cues = record["cues"]
    assert cues[0] == {
        "at": 0.0,
        "step": 0,
        "step_offset": 0.0,
        "cue": "tone",
        "sound": "start-exercise",
        "priority": "boundary",
    }
    assert {"cue": "speech", "sound": "Squat, 5 reps"}.items() <= cues[1].items()
    # The rep step takes no time in a dry run, so the rest starts at 0.
    rest_start = next(c for c in cues if c["sound"] == "start-rest")
    assert rest_start["at"] == 0.0 and rest_start["step"] == 1
    assert cues[-1]["sound"] == "session complete"
    assert cues[-1]["at"] == 10.0


def test_rep_steps_are_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, '[[steps]]\nname = "Squat"\nreps = 5\nsets = 2\n')
    assert main(["show", str(path), "--cues"]) == 0
    assert "2 rep steps count as 0:00 here" in capsys.readouterr().out


def test_a_broken_file_is_a_located_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "[[steps]]\ndurration = 5\n")
    assert main(["show", str(path), "--cues"]) == 2
    assert f"{path}:3" in capsys.readouterr().err


@pytest.mark.parametrize(("seconds", "text"), [(0, "0:00"), (62, "1:02"), (62.5, "1:02.5")])
def test_offsets_are_exact(seconds: float, text: str) -> None:
    assert cue_offset(seconds) == text
