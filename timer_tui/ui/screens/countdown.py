"""The countdown screen: what a runner sees from two metres away, out of breath.

Time comes only from the engine. The screen sleeps until the next thing that
changes on it (a second ticking over, a flash ending) or the engine's next
deadline, whichever is sooner; each wake polls the engine, so boundaries and
cues fire on time, and repaints only the widgets whose text changed.

A stall (a slow subscriber, a suspended laptop, a long GC) must never freeze
the screen: every wake is re-armed whatever happens, a wake is never shorter
than ``MIN_WAKE`` (Textual drops a one-shot timer that is already late when it
starts, and a zero delay kills its task), and a low-rate safety check polls the
engine whenever the wake it expects is overdue.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any, ClassVar

from textual import work
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Label, Static

from timer_tui.core.engine import Clock, Engine, EngineState, Event, EventKind, Status, Subscriber
from timer_tui.core.model import Kind, Session
from timer_tui.core.timeline import Timeline
from timer_tui.library.sessions import SessionEntry
from timer_tui.ui import bindings, texts
from timer_tui.ui.dialogs.confirm import QuitScreen
from timer_tui.ui.dialogs.reps import RepsEntry
from timer_tui.ui.layout import LAYOUT_CLASSES, countdown_layout
from timer_tui.ui.log_hooks import recorder_in
from timer_tui.ui.screens.summary import SummaryScreen
from timer_tui.ui.widgets.bigclock import BigClock
from timer_tui.ui.widgets.palette import kind_style
from timer_tui.ui.widgets.progress import ProgressLine

_log = logging.getLogger(__name__)

ADJUST_SECONDS = 10
AUDIO_PREPARE_TIMEOUT = 3.0
"""Start the session after this long even if audio is still rendering speech."""
MAX_COMPLETED_SHOWN = 40
MIN_WAKE = 0.02
"""The shortest wake: a due-now deadline still gets a timer Textual will fire."""
SAFETY_INTERVAL = 1.0
"""Seconds between the safety checks that poll the engine when a wake is overdue."""
WAKE_GRACE = 0.25
"""How late a wake may be (real seconds) before the safety check polls instead."""


PAUSE_BINDING_ID = "countdown.pause"

AudioFactory = Callable[..., Any]
"""``timer_tui.audio.create_cue_subscriber`` or a stand-in with its signature."""


def default_audio() -> AudioFactory | None:
    """The audio feature's cue player factory; None if it cannot be imported."""
    try:
        from timer_tui.audio import create_cue_subscriber
    except ImportError:  # pragma: no cover - a broken install: run silently
        return None
    return create_cue_subscriber


class CountdownScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings.COUNTDOWN

    def __init__(
        self,
        entry: SessionEntry,
        *,
        clock: Clock = time.monotonic,
        start_index: int = 0,
        subscribers: Sequence[Subscriber] = (),
        audio: AudioFactory | None = None,
        mute: bool = False,
        voice: bool = True,
    ) -> None:
        super().__init__()
        assert entry.session is not None, "only a session that loads can run"
        self.entry = entry
        self.session: Session = entry.session
        self.timeline: Timeline = entry.timeline()
        self.mute = mute
        self.voice = voice
        self.pauses = 0
        self.completed: list[str] = []
        self.audio: Any = None
        self._audio_factory = audio
        self._subscribers = tuple(subscribers)
        self.engine = Engine(
            self.timeline, clock=clock, cues=self.session.cues, start_index=start_index
        )
        for subscriber in self._subscribers:
            self.engine.subscribe(subscriber)
        self._wake: Timer | None = None
        self._wake_at: float | None = None
        """When (real ``time.monotonic``) the armed wake should fire."""
        self._paused_footer = False
        """Whether the footer's pause key says Resume (as last built)."""
        self._shown: dict[str, str] = {}
        self._kind: Kind | None = None
        self._where: tuple[int, Status, int] | None = None
        self._timed = self.engine.step.is_timed
        """What ``check_action`` depends on, as the footer was last built for."""
        self._labels: dict[str, Static] = {}
        self._notified: set[str] = set()

    # -- layout -----------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        # Session files are text, not markup: a note with [brackets] shows as written.
        with Horizontal(id="top"):
            yield Label(self.session.name, id="session-name", markup=False)
            yield Label("", id="position", markup=False)
        yield Static("", id="phase", markup=False)
        with Horizontal(id="body"):
            with Vertical(id="main"):
                yield BigClock(id="clock")
                yield Label("", id="detail", markup=False)
                yield ProgressLine(id="step-bar")
                yield ProgressLine(id="session-bar")
                yield Label("", id="next", markup=False)
                yield Label("", id="note", markup=False)
            with Vertical(id="side"):
                yield Label("Done", id="done-title")
                yield Static("", id="done", markup=False)
        yield Static("", id="tiny", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._labels = {w.id: w for w in self.query(Static) if w.id}
        self._clock_widget = self.query_one(BigClock)
        self._step_bar = self.query_one("#step-bar", ProgressLine)
        self._session_bar = self.query_one("#session-bar", ProgressLine)
        self._apply_layout(self.size.width, self.size.height)
        self.set_interval(SAFETY_INTERVAL, self._safety_check, name="countdown-safety")
        self.app.sub_title = self.session.name
        self.audio = self.create_audio()
        if self.audio is not None:
            self.engine.subscribe(self.audio)
        if self.audio is None or self.mute:
            # Muted: nothing to prepare yet; the first unmute prepares the player.
            self.start_session()
        else:
            # After the first frame: starting the player process competes for the CPU.
            self.call_after_refresh(self._prepare_audio)
            self.set_timer(AUDIO_PREPARE_TIMEOUT, self.start_session)
        self.refresh_view()

    def on_resize(self, event: Resize) -> None:
        self._apply_layout(event.size.width, event.size.height)
        if self._labels:
            self.refresh_view()  # the tiny line or the clock may have been hidden until now

    def _apply_layout(self, width: int, height: int) -> None:
        wanted = countdown_layout(width, height)
        for name in LAYOUT_CLASSES:
            self.set_class(name in wanted, name)

    # -- audio ------------------------------------------------------------------------
    def create_audio(self) -> Any:
        """The cue player for this session (``timer_tui.audio``), or None without audio.

        It is subscribed to the engine, prepared in a thread before the session
        starts, toggled by ``m`` and closed when the screen goes.
        """
        if self._audio_factory is None:
            return None
        try:
            return self._audio_factory(
                self.session,
                self.timeline,
                mute=self.mute,
                voice=self.voice,
                notify=self.notify_once,
                bell=self.app.bell,
                flash=self.flash,
            )
        except Exception:  # audio must never stop the timer
            _log.exception("could not create the cue player")
            self.notify_once("Audio is off: the cue player could not start.")
            return None

    def flash(self) -> None:
        """The visual cue when sound falls back to the bell: the phase band blinks."""
        self._from_any_thread(self._flash_band)

    def _flash_band(self) -> None:
        self.add_class("-cue")
        self.set_timer(0.3, lambda: self.remove_class("-cue"))

    @work(thread=True, exclusive=True, group="audio-prepare")
    def _prepare_audio(self) -> None:
        try:
            self.audio.prepare()
        except Exception:
            _log.exception("audio prepare failed")
        self.app.call_from_thread(self.start_session)

    def notify_once(self, message: str) -> None:
        """Show ``message`` once per session; safe to call from any thread."""
        if message in self._notified:
            return
        self._notified.add(message)
        self._from_any_thread(self.app.notify, message, timeout=8)

    def _from_any_thread(self, callback: Callable[..., object], *args: Any, **kwargs: Any) -> None:
        try:
            self.app.call_from_thread(callback, *args, **kwargs)
        except RuntimeError:  # already on the app's thread
            callback(*args, **kwargs)

    # -- the clock moves --------------------------------------------------------------
    def start_session(self) -> None:
        if self.engine.status is Status.READY:
            self._handle(self.engine.start())

    def tick(self) -> None:
        """Poll the engine and repaint what changed; tests call it after moving the clock."""
        self._handle(self.engine.poll())

    def _on_wake(self) -> None:
        self._wake = None
        self._wake_at = None
        try:
            self.tick()
        finally:
            # Whatever the tick did (or raised), a running session always has a wake.
            if self._wake is None and self.engine.status is Status.RUNNING:
                self._arm(SAFETY_INTERVAL)

    def _safety_check(self) -> None:
        """The low-rate backstop: poll if a running session's wake is missing or overdue."""
        if self.engine.status is not Status.RUNNING:
            return
        if (
            self._wake is None
            or self._wake_at is None
            or time.monotonic() > self._wake_at + WAKE_GRACE
        ):
            _log.debug("countdown wake overdue: polling the engine")
            self.tick()

    def _arm(self, delay: float) -> None:
        if self._wake is not None:
            self._wake.stop()
        delay = max(MIN_WAKE, delay)
        self._wake_at = time.monotonic() + delay
        self._wake = self.set_timer(delay, self._on_wake)

    def _schedule_wake(self, state: EngineState, now: float) -> None:
        if self._wake is not None:
            self._wake.stop()
            self._wake = None
            self._wake_at = None
        delays = [texts.next_change_in(state)]
        deadline = self.engine.next_deadline()
        if deadline is not None:
            delays.append(deadline - now)
        due = [d for d in delays if d is not None]
        if due:
            self._arm(min(due))

    def _handle(self, events: Iterable[Event]) -> None:
        for event in events:
            if event.kind is EventKind.STEP_ENDED and event.result is not None:
                step = self.timeline[event.result.index]
                self.completed.append(texts.completed_line(step, event.result))
            elif event.kind is EventKind.PAUSED:
                self.pauses += 1
            elif event.kind in (EventKind.SESSION_FINISHED, EventKind.SESSION_QUIT):
                self._show_summary()
                return
        self.refresh_view()

    def _show_summary(self) -> None:
        if self._wake is not None:
            self._wake.stop()
        summary = SummaryScreen(self.entry, self.timeline, self.engine, self.pauses)
        if self.app.screen_stack[0] is self:
            # The first screen of a direct run: Textual cannot switch away from it.
            self.app.push_screen(summary)
        else:
            self.app.switch_screen(summary)

    # -- drawing ----------------------------------------------------------------------
    def refresh_view(self) -> None:
        """Draw the engine's state now; only widgets whose text changed repaint."""
        now = self.engine.clock()
        state = self.engine.state(now)
        step = state.step
        if step is None:
            return
        if step.kind is not self._kind:
            self._apply_kind(step.kind)
        paused = state.status is Status.PAUSED
        self.set_class(paused, "-paused")
        where = (state.index, state.status, len(self.completed))
        if where != self._where:  # a new step, status or completed step: the slow-changing parts
            self._where = where
            if step.is_timed != self._timed or paused != self._paused_footer:
                # Only then do the footer's keys change: rebuilding it costs a relayout.
                self._timed = step.is_timed
                if paused != self._paused_footer:
                    self._paused_footer = paused
                    self._describe_pause("Resume" if paused else "Pause")
                self.refresh_bindings()
            self._set("position", texts.position_text(state, self.timeline), layout=True)
            self._set("next", texts.next_text(self.timeline, state.index))
            self._set("note", f"“{step.note}”" if step.note else "")
            self._set("done", "\n".join(reversed(self.completed[-MAX_COMPLETED_SHOWN:])))
            phase = texts.phase_word(step.kind)
            name = "" if step.name == step.kind.label else f"  ·  {step.name}"
            status = {Status.PAUSED: "   ⏸ PAUSED", Status.READY: "   starting…"}
            self._set("phase", f" {phase}{name}{status.get(state.status, '')}")
        if self.has_class("-tiny"):
            self._set("tiny", texts.tiny_line(state, self.timeline))
        else:
            self._clock_widget.show(
                texts.clock_text(state), paused=paused, flash=texts.flash_on(state)
            )
            self._set("detail", texts.under_clock(state))
            self._step_bar.set(texts.step_fraction(state), texts.step_detail(state))
            self._session_bar.set(texts.session_fraction(state), texts.session_detail(state))
        title = texts.window_title(state)
        if self.app.title != title:
            # set_reactive: assigning app.title would repaint the whole screen every second.
            self.app.set_reactive(App.title, title)
            set_title = getattr(self.app, "set_terminal_title", None)
            if set_title is not None:
                set_title(title)
        self._schedule_wake(state, now)

    def _set(self, widget_id: str, text: str, *, layout: bool = False) -> None:
        """Update a label only when its text changed (most wakes change two or three).

        Without ``layout`` the update repaints the label alone: every label but
        the position has a fixed size, so no reflow of the screen is needed.
        """
        if self._shown.get(widget_id) == text:
            return
        self._shown[widget_id] = text
        self._labels[widget_id].update(text, layout=layout)

    def _apply_kind(self, kind: Kind) -> None:
        self._kind = kind
        style = kind_style(kind)
        phase = self.query_one("#phase")
        phase.styles.background = style.accent
        phase.styles.color = style.on_accent
        self.query_one("#tiny").styles.color = style.accent
        self.query_one(BigClock).styles.color = style.accent
        for bar in self.query(ProgressLine):
            bar.set_accent(style.accent)

    # -- keys -------------------------------------------------------------------------
    def _describe_pause(self, description: str) -> None:
        """Name the pause key for what it does now: "Pause", or "Resume" while paused.

        Only this screen's own copy of its bindings changes (the lists are shared
        with the class, so each is replaced, not edited); a keymap from the config
        is applied on top later and keeps the description.
        """
        bindings = self._bindings.key_to_bindings
        for key, key_bindings in list(bindings.items()):
            if any(b.id == PAUSE_BINDING_ID for b in key_bindings):
                bindings[key] = [
                    replace(b, description=description) if b.id == PAUSE_BINDING_ID else b
                    for b in key_bindings
                ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        timed = self.engine.step.is_timed
        if action in ("done", "enter_reps"):
            return not timed
        if action == "adjust":
            return timed
        return True

    def action_toggle_pause(self) -> None:
        if self.engine.status is Status.READY:
            self.start_session()
            return
        self._handle(self.engine.toggle_pause())

    def action_done(self) -> None:
        self._handle(self.engine.done())

    def action_enter_reps(self) -> None:
        """Reps done (default: planned) and an optional load, then done; the log keeps both."""
        step = self.engine.step

        def entered(answer: RepsEntry | None) -> None:
            if answer is None or self.engine.step is not step or self.engine.status.is_over:
                return
            recorder = recorder_in(self._subscribers)
            if recorder is not None:
                recorder.set_load(step.index, answer.load)
            self._handle(self.engine.done(reps=answer.reps))

        from timer_tui.ui.dialogs.reps import RepsScreen  # only when asked for: a light start

        self.app.push_screen(RepsScreen(step.name, step.reps), entered)

    def action_next(self) -> None:
        self._handle(self.engine.next())

    def action_previous(self) -> None:
        self._handle(self.engine.previous())

    def action_adjust(self, seconds: int) -> None:
        self._handle(self.engine.adjust(seconds))

    def action_mute(self) -> None:
        if self.audio is None:
            self.notify("No audio in this session: nothing to mute.", timeout=3)
            return
        if self.mute:  # started muted, so the player was never prepared: do it now
            self.mute = False
            self._prepare_then_unmute()
            return
        self._toggle_mute()

    @work(thread=True, exclusive=True, group="audio-prepare")
    def _prepare_then_unmute(self) -> None:
        try:
            self.audio.prepare()
        except Exception:
            _log.exception("audio prepare failed")
        self.app.call_from_thread(self._toggle_mute)

    def _toggle_mute(self) -> None:
        muted = self.audio.toggle_mute()
        if not isinstance(muted, bool):
            muted = bool(getattr(self.audio, "muted", False))
        self.notify("Muted" if muted else "Sound on", timeout=2)

    def action_request_quit(self) -> None:
        if self.engine.status.is_over:
            return
        if self.engine.status is Status.READY:
            self._handle(self.engine.quit())
            return

        def confirmed(quit: bool | None) -> None:
            if quit:
                self._handle(self.engine.quit())

        self.app.push_screen(QuitScreen(), confirmed)

    def on_unmount(self) -> None:
        if self._wake is not None:
            self._wake.stop()
        close = getattr(self.audio, "close", None)
        if close is not None:
            try:
                close()
            except Exception:
                _log.exception("closing the cue player failed")
