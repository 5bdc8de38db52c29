"""The countdown's key bar (``ui/widgets/keybar.py``): the keys Textual's Footer would
show, drawn as one widget, and pressed by a click as the footer's keys are.

How it looks is held by the snapshots, which did not change when the countdown's
``Footer`` became a ``KeyBar`` (every size, theme and the phone's)."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.pilot import Pilot
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tests.app.conftest import MakeApp, column_of, countdown
from timer_tui.core.engine import Status
from timer_tui.library.sessions import SessionEntry
from timer_tui.ui.screens import countdown_layout
from timer_tui.ui.widgets.keybar import KeyBar

SIZE = (100, 30)


def bar(app: App[Any]) -> KeyBar:
    return app.screen.query_one(KeyBar)


def status(app: App[Any]) -> Status:
    return countdown(app).engine.status


async def test_the_bar_shows_the_keys_textuals_footer_shows(
    make_app: MakeApp, intervals: SessionEntry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same session twice, the second with Textual's footer in the bar's place."""
    app = make_app(start=intervals)
    with_footer = make_app(start=intervals)
    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr(countdown_layout, "KeyBar", lambda: Footer(show_command_palette=False))
        async with with_footer.run_test(size=SIZE) as other:
            await compare(pilot, other)


async def compare(pilot: Pilot[Any], other: Pilot[Any]) -> None:
    """The bar of ``pilot``'s app against the footer of ``other``'s, key by key."""
    for keys in ((), ("space",), ("space", "n")):  # running; paused; the next step
        for each in (pilot, other):
            await each.press(*keys)
            await each.pause()
            await each.pause()
        shown = [(k.key, k.key_display, k.description) for k in other.app.query(FooterKey)]
        assert len(shown) >= 5, "the footer drew no keys to compare with"
        assert [(k.key, k.shown, k.description) for k in bar(pilot.app).keys] == shown


async def test_a_click_on_a_key_presses_it(make_app: MakeApp, intervals: SessionEntry) -> None:
    app = make_app(start=intervals)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = countdown(app)
        await pilot.click(KeyBar, offset=(column_of(bar(app), "Pause"), 0))
        await pilot.pause()
        assert status(app) is Status.PAUSED
        await pilot.click(KeyBar, offset=(column_of(bar(app), "Resume"), 0))
        await pilot.pause()
        assert status(app) is Status.RUNNING
        await pilot.click(KeyBar, offset=(column_of(bar(app), "Next"), 0))
        await pilot.pause()
        assert screen.engine.index == 1
        await pilot.click(KeyBar, offset=(SIZE[0] - 2, 0))  # past the last key: nothing
        await pilot.pause()
        assert screen.engine.index == 1 and status(app) is Status.RUNNING


async def test_hovering_a_key_gives_its_tooltip(make_app: MakeApp, intervals: SessionEntry) -> None:
    app = make_app(start=intervals)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.hover(KeyBar, offset=(column_of(bar(app), "Next"), 0))
        await pilot.pause()
        assert bar(app).tooltip == "Skip to the next step"
        await pilot.hover(KeyBar, offset=(SIZE[0] - 2, 0))
        await pilot.pause()
        assert bar(app).tooltip is None


class Disabled(App[None]):
    """A key shown but off (``check_action`` says None), as the footer shows it dim."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "go", "Go"),
        Binding("y", "other", "Other"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.went = 0
        self.bells = 0

    def compose(self) -> ComposeResult:
        yield KeyBar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "go" else True

    def action_go(self) -> None:  # pragma: no cover - the test is that it is not called
        self.went += 1

    def bell(self) -> None:
        self.bells += 1


async def test_a_disabled_key_is_dim_and_rings_the_bell() -> None:
    app = Disabled()
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        keybar = bar(app)
        assert [(k.key, k.enabled) for k in keybar.keys] == [("x", False), ("y", True)]
        line = keybar.render()
        assert line.plain == " x Go  y Other "
        dim = [span for span in line.spans if "dim" in str(span.style)]
        assert [(span.start, span.end) for span in dim] == [(0, len(" x Go "))]
        await pilot.click(KeyBar, offset=(1, 0))
        await pilot.pause()
        assert app.went == 0 and app.bells == 1


async def test_the_palette_key_is_on_the_right_and_opens_the_palette(make_app: MakeApp) -> None:
    """The picker's bar has the command palette's key docked right, as the footer had:
    at 60 columns over the keys that do not fit, and a click there opens the palette."""
    from textual.command import CommandPalette

    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        keybar = bar(app)
        assert keybar.palette is not None and keybar.palette.shown == "^p"
        line = keybar.render().plain
        assert len(line) == 60 and line.endswith(f"▏^p {keybar.palette.description} ")
        assert keybar.key_at(58) == keybar.palette
        assert keybar.key_at(60 - len(line.rsplit("▏", 1)[1]) - 2) == keybar.keys[-2]
        await pilot.hover(KeyBar, offset=(58, 0))
        await pilot.pause()
        assert keybar.tooltip == keybar.palette.tooltip
        await pilot.click(KeyBar, offset=(58, 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
