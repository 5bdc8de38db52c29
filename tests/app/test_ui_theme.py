"""The command palette's own commands, the theme kept in the config, light themes legible."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.theme import BUILTIN_THEMES

from tests.app.conftest import AudioRecorder, MakeApp, countdown, notices
from tests.app.test_ui_snapshots import advance
from tests.conftest import FakeClock
from timer_tui.core.kinds import Kind
from timer_tui.library.sessions import SessionEntry
from timer_tui.ui.screens.countdown import CountdownScreen
from timer_tui.ui.screens.history import HistoryScreen
from timer_tui.ui.widgets.palette import contrast, kind_style

SnapCompare = Callable[..., bool]
LIGHT_THEMES = [name for name, theme in BUILTIN_THEMES.items() if not theme.dark]


def config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


async def palette(pilot: Pilot[Any], query: str) -> None:
    """ctrl+p, type ``query``, take the first match."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*query)
    await pilot.pause(0.3)  # the providers search in the background
    await pilot.press("enter")
    await pilot.pause()


@pytest.mark.parametrize("name", LIGHT_THEMES[:-1])  # ansi-light: the terminal's own colours
def test_every_kinds_text_reads_on_every_light_theme(name: str) -> None:
    colours = BUILTIN_THEMES[name].to_color_system().generate()
    for kind in Kind:
        style = kind_style(kind)
        for surface in (colours["background"], colours["surface"]):
            assert contrast(style.on_light, surface) >= 4.5, (kind, name, surface)


async def test_a_light_themes_digits_are_the_darker_shade(
    make_app: MakeApp, intervals: SessionEntry, tmp_path: Path
) -> None:
    path = config(tmp_path, '[ui]\ntheme = "textual-light"\n')
    app = make_app(start=intervals, config_file=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "textual-light"
        digits = countdown(app).query_one("#clock")
        assert digits.styles.color.hex.upper() == kind_style(Kind.WARMUP).on_light


@pytest.mark.parametrize("size", [(100, 30), (60, 20)], ids=["100x30", "60x20"])
def test_run_step_in_a_light_theme(
    snap_compare: SnapCompare,
    make_app: MakeApp,
    intervals: SessionEntry,
    clock: FakeClock,
    tmp_path: Path,
    size: tuple[int, int],
) -> None:
    app = make_app(start=intervals, config_file=config(tmp_path, '[ui]\ntheme = "textual-light"\n'))
    assert snap_compare(app, terminal_size=size, run_before=advance(clock, 66))


async def test_a_theme_chosen_in_the_palette_is_kept_in_the_config(
    make_app: MakeApp, tmp_path: Path
) -> None:
    path = config(tmp_path, '# mine\n[keys]\n"countdown.pause" = "k"\n')
    app = make_app(config_file=path)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.press(*"theme", "enter")
        await pilot.pause(0.3)
        await pilot.press(*"nord")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "nord"
    assert path.read_text() == '# mine\n[keys]\n"countdown.pause" = "k"\n\n[ui]\ntheme = "nord"\n'
    again = make_app(config_file=path)
    async with again.run_test() as pilot:
        await pilot.pause()
        assert again.theme == "nord"


async def test_an_unknown_theme_is_a_clear_error_and_the_default_stays(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app(config_file=config(tmp_path, '[ui]\ntheme = "nordd"\n'))
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        [said] = notices(app)
        assert "no theme `nordd`; did you mean `nord`?" in said


async def test_textual_theme_set_for_one_run_wins_over_the_config(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEXTUAL_THEME", "gruvbox")
    path = config(tmp_path, '[ui]\ntheme = "nord"\n')
    app = make_app(config_file=path)
    async with app.run_test() as pilot:
        await pilot.pause()
    assert path.read_text() == '[ui]\ntheme = "nord"\n'  # nothing chosen, nothing written


async def test_history_and_a_session_start_from_the_palette(
    make_app: MakeApp, intervals: SessionEntry
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await palette(pilot, "history")
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("escape")
        await pilot.pause()
        await palette(pilot, f"start {intervals.name}")
        assert isinstance(app.screen, CountdownScreen)
        assert app.screen.entry.id == intervals.id


async def test_during_a_countdown_the_palette_mutes_and_starts_nothing(
    make_app: MakeApp, intervals: SessionEntry
) -> None:
    recorder = AudioRecorder()
    app = make_app(start=intervals, audio=recorder)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = countdown(app)
        [player] = recorder.made
        assert not player.muted
        await palette(pilot, "sound off")
        assert countdown(app) is screen and player.muted
        await pilot.press("ctrl+p")
        await pilot.press(*"start")
        await pilot.pause(0.3)
        palette_screen = app.screen
        assert isinstance(palette_screen, CommandPalette)
        shown = [str(option.prompt) for option in palette_screen.query_one("CommandList").options]  # type: ignore[attr-defined]
        assert not any(text.startswith("Start:") for text in shown), shown


async def test_the_palette_key_is_in_the_help_and_can_be_moved(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app(config_file=config(tmp_path, '[keys]\n"app.command_palette" = "f2"\n'))
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape", "f1")
        await pilot.pause()
        from timer_tui.ui.dialogs.help import HelpScreen

        assert isinstance(app.screen, HelpScreen)
        assert [keys for keys, _, bid in app.screen.rows if bid == "app.command_palette"] == ["f2"]
