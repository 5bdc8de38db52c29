"""The countdown's widgets: which are built, which are mounted at once, and which
only when a size first shows them.

``CountdownLayout`` is the countdown screen's base: its widgets as attributes (each
repaints only when its text changes, ``widgets/readouts.py``), what ``compose``
mounts, and the size classes (``ui/layout``) with the parts they show. The side
panel, the tiny line and the buttons are mounted when a size first shows them,
and the treadmill readout only in a session with speeds: at 100x30 none of them
is shown, and building and styling them was a fifth of ``run``'s start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Label

from timer_tui.core.model import Kind, Session
from timer_tui.core.safe_text import safe_text
from timer_tui.core.timeline import Timeline
from timer_tui.ui.layout import LAYOUT_CLASSES, countdown_layout
from timer_tui.ui.widgets.bigclock import BigClock
from timer_tui.ui.widgets.keybar import KeyBar
from timer_tui.ui.widgets.notices import NoticeLine
from timer_tui.ui.widgets.palette import kind_style
from timer_tui.ui.widgets.progress import ProgressLine
from timer_tui.ui.widgets.readouts import (
    DoneList,
    LabelReadout,
    PhaseBand,
    Readout,
    WordCutLines,
    WordCutReadout,
)
from timer_tui.ui.widgets.treadmill import TreadmillReadout

if TYPE_CHECKING:
    from timer_tui.ui.widgets.controls import ControlPad  # with Textual's Button: when shown

MAX_COMPLETED_SHOWN = 40


def clock_shape(clock_text: str) -> str:
    """``1:24`` and ``5:07`` take the same room; ``10:00`` and ``15`` do not."""
    return "".join("0" if c.isdigit() else c for c in clock_text)


def kind_class(kind: Kind) -> str:
    """The coloured widgets' class while a step of ``kind`` is on: ``-kind-run``."""
    return f"-kind-{kind.value}"


def kind_css() -> str:
    """Each kind's colours, by kind class: the phase band on the accent (its text black
    or white, whichever reads better), the digits, tiny line and bars in it (in a
    light theme a darker shade of it, ``KindStyle.on_light``).

    The screen's ``DEFAULT_CSS``: loaded whenever the screen is used, even as the
    app's first screen (a screen's ``CSS`` is not, then).
    """
    rules = []
    for kind in Kind:
        style = kind_style(kind)
        on = kind_class(kind)
        rules.append(
            f"CountdownScreen #phase.{on} {{ background: {style.accent}; color: {style.on_accent}; }}"
        )
        rules.append(f"CountdownScreen .{on} {{ color: {style.accent}; }}")
        rules.append(f"CountdownScreen .{on}:light {{ color: {style.on_light}; }}")
    return "\n".join(rules)


class CountdownLayout(Screen[None]):
    """The countdown screen's widgets and layout; ``CountdownScreen`` runs the session."""

    session: Session
    timeline: Timeline
    _footer: tuple[bool, bool]
    """(timed step, paused): the state the buttons show when they are first made."""
    _layout_shape: str
    """The clock text's shape (digits as 0) the layout classes were chosen for."""

    def _build_readouts(self) -> None:
        """The screen's widgets, kept as attributes: each repaints only when its text changes."""
        self.position = LabelReadout(id="position", relayout=True)
        self.notice = NoticeLine(id="notice")
        self.sound = LabelReadout(id="sound", relayout=True)
        self.phase = PhaseBand(id="phase")
        self.clock_digits = BigClock(id="clock")
        self.treadmill = TreadmillReadout(id="treadmill")
        self.treadmill.display = any(s.treadmill_text for s in self.timeline.steps)
        self.detail = LabelReadout(id="detail")
        self.step_bar = ProgressLine(id="step-bar")
        self.session_bar = ProgressLine(id="session-bar")
        self.next_up = WordCutReadout(id="next")
        self.note = WordCutReadout(id="note")
        self.coming = WordCutLines(id="coming")
        self.done_list = DoneList(id="done", limit=MAX_COMPLETED_SHOWN)
        self.tiny = Readout(id="tiny")
        self.controls: ControlPad | None = None
        """The buttons, once a size (a phone's, or served) has shown them."""
        self.body = Horizontal(id="body")
        self.side: Vertical | None = None
        """The side panel (what comes next, what is done), once a size has shown it."""
        self.footer = KeyBar()  # Textual's footer's line as one widget; ctrl+p still works

    # -- layout -----------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        """What the countdown shows at its usual sizes. The side panel, the tiny line
        and the buttons are mounted when a size first shows them (``_mount_shown``),
        and the treadmill readout only in a session with speeds: at 100x30 none of
        them is shown, and building and styling them cost a fifth of the start."""
        with Horizontal(id="top"):
            yield Label(safe_text(self.session.name), id="session-name", markup=False)
            yield self.notice
            yield self.sound
            yield self.position
        yield self.phase
        with self.body, Vertical(id="main"):
            yield self.clock_digits
            if self.treadmill.display:
                yield self.treadmill
            yield self.detail
            yield self.step_bar
            yield self.session_bar
            yield self.next_up
            yield self.note
        yield self.footer

    def _mount_shown(self, classes: frozenset[str]) -> None:
        """Mount the parts the layout ``classes`` show, the first time they do, where
        ``compose`` would have put them: the side panel after the main column, the tiny
        line after the body, the buttons before the footer. Until then they keep what
        they were last told to show, and draw it once mounted."""
        if "-wide" in classes and self.side is None:
            self.side = Vertical(
                Label("Coming up", id="side-title"),
                self.coming,
                Label("Done", id="done-title"),
                self.done_list,
                id="side",
            )
            self.body.mount(self.side)
        if "-tiny" in classes and self.tiny.parent is None:
            self.mount(self.tiny, after=self.body)
        if "-controls" in classes and self.controls is None:
            from timer_tui.ui.widgets.controls import ControlPad

            self.controls = ControlPad(id="controls")
            self.controls.show_state(paused=self._footer[1], timed=self._footer[0])
            self.mount(self.controls, before=self.footer)

    def _apply_layout(self, width: int, height: int, clock_text: str) -> None:
        """The size classes; the side panel only where the digits keep their size
        beside it, which depends on the text shown (``1:24`` is wider than ``15``)."""
        self._layout_shape = clock_shape(clock_text)
        wanted = countdown_layout(width, height, clock_text, served=self.app.is_web)
        for name in LAYOUT_CLASSES:
            self.set_class(name in wanted, name)
        self._mount_shown(wanted)
        # once laid out: the readout is big only where the clock keeps its size
        self.call_after_refresh(self.treadmill.fit_under, self.clock_digits)
