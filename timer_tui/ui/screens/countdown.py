"""The countdown screen: what a runner sees from two metres away, out of breath.

Time comes only from the engine. The screen sleeps until the next thing that
changes on it or the engine's next deadline (``ui/wake.py``); each wake polls
the engine, so boundaries and cues fire on time, and repaints only the widgets
whose text changed (``widgets/readouts.py``). The step's kind is a CSS class on
the coloured widgets (``-kind-run``); ``kind_css`` gives each class its colours
from the table of kinds. The cue player is ``ui/cue_audio.py``'s.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import BindingType
from textual.events import Resize

from timer_tui.core.engine import (
    Clock,
    Engine,
    EngineState,
    Event,
    EventKind,
    Status,
    StepResult,
    Subscriber,
)
from timer_tui.core.model import Kind, Session
from timer_tui.core.safe_text import safe_text
from timer_tui.core.stops import stopped_notice
from timer_tui.core.timeline import Timeline
from timer_tui.library.sessions import SessionEntry
from timer_tui.ui import bindings, texts
from timer_tui.ui.cue_audio import AudioFactory, CueAudio
from timer_tui.ui.repaint import size_check
from timer_tui.ui.screens.countdown_layout import (
    CountdownLayout,
    clock_shape,
    kind_class,
    kind_css,
)
from timer_tui.ui.stop_watch import StopWatch
from timer_tui.ui.title import TerminalTitle
from timer_tui.ui.wake import Wake
from timer_tui.ui.widgets.notices import sound_state

if TYPE_CHECKING:
    # The dialogs and the summary are imported when they open: the first frame needs
    # none of them (tests/unit/test_lean_start.py).
    from timer_tui.ui.dialogs.reps import RepsEntry

AUDIO_PREPARE_TIMEOUT = 3.0
"""Start the session after this long even if audio is still rendering speech."""


class CountdownScreen(CountdownLayout):
    DEFAULT_CSS = kind_css()
    BINDINGS: ClassVar[list[BindingType]] = bindings.COUNTDOWN
    CHECKS_TERMINAL_SIZE = True
    """Its wakes (at least one a second while it runs, ``ui/wake.py``) look at the
    terminal's size too (``ui/repaint.py``)."""
    paused_by_browser = False
    """Paused because the served app's tab closed (``pause_for_browser``)."""

    def __init__(
        self,
        entry: SessionEntry,
        *,
        clock: Clock = time.monotonic,
        start_index: int = 0,
        subscribers: Sequence[Subscriber] | Callable[[], Sequence[Subscriber]] = (),
        audio: AudioFactory | None = None,
        mute: bool = False,
        voice: bool = True,
        earlier_results: Sequence[StepResult] = (),
        terminal_title: TerminalTitle | None = None,
        last_loads: dict[str, str] | Callable[[], dict[str, str]] | None = None,
    ) -> None:
        """``earlier_results``: a resumed run's logged steps, so its summary is the whole run.

        ``subscribers`` and ``last_loads`` may be callables: the log's recorder and the
        loads last logged, read when the session starts (after the first frame) rather
        than before the screen is drawn.
        """
        super().__init__()
        assert entry.session is not None, "only a session that loads can run"
        self.entry = entry
        self.session: Session = entry.session
        self.timeline: Timeline = entry.timeline()
        self.mute = mute
        self.voice = voice
        self.pauses = 0
        self.completed: list[str] = []
        self.loads: dict[str, str] = {} if callable(last_loads) else dict(last_loads or {})
        """Each exercise's last load (the log's, then this run's): the reps entry offers it."""
        self.run_loads: dict[str, str] = {}
        """Loads entered in this run: Enter on the next set of that exercise keeps it."""
        self.held = False
        """Not started yet: a resume offer is asked over it first (``release`` starts it)."""
        self.ask_first: Callable[[], None] | None = None
        """Asked once before the start (the app's resume offer, which may hold it)."""
        self.engine = Engine(
            self.timeline,
            clock=clock,
            cues=self.session.cues,
            start_index=start_index,
            earlier_results=earlier_results,
        )
        self._listeners = (subscribers, last_loads)
        """What hears the run and what the log knows (``_attach_listeners``, once, before the start)."""
        self._listening = False
        self._audio_factory = audio
        self.audio = CueAudio(self, None, mute=mute)
        """Replaced by the session's player when the run is attached, after the first frame."""
        self.terminal_title = terminal_title
        self.wake = Wake(self.set_timer, self.tick, lambda: self.engine.status is Status.RUNNING)
        self.stops = StopWatch(self.engine)
        """Ctrl+Z, SIGSTOP and a suspend: the stopped time is a pause."""
        self._kind: Kind | None = None
        self._where: tuple[int, Status, int] | None = None
        self._footer = (self.engine.step.is_timed, False)
        """(timed step, paused): what ``check_action`` answered when the footer was built."""
        self._notified: set[str] = set()
        self._drawn = False
        """Mounted and drawn once: a resize before that only sets the layout classes."""
        self._layout_shape = ""
        """The clock text's shape (digits as 0) the layout classes were chosen for."""
        self._audio_off = False
        """The audio process said it could not play (it falls back to the bell)."""
        self._build_readouts()

    def on_mount(self) -> None:
        self._apply_layout(self.size.width, self.size.height, "")
        self.stops.install(self.check_stop)
        self.app.app_suspend_signal.subscribe(self, lambda _: self.stops.stopping(), immediate=True)
        self.app.app_resume_signal.subscribe(self, lambda _: self.check_stop())
        self.wake.also = size_check(self.app)
        self.wake.start()
        self.app.sub_title = safe_text(self.session.name)
        # The player and the log after the first frame: the screen is drawn first.
        self.call_after_refresh(self._start_after_first_frame)
        self._show_sound()
        self._drawn = True
        self.refresh_view()

    def _start_after_first_frame(self) -> None:
        """The player and the log, then the start: at once when muted (the first unmute
        prepares the player), else once the player is prepared (or after a timeout)."""
        self._ask_first()
        self._attach_listeners()
        if self.audio.player is None or self.mute:
            self.start_session()
        else:
            self.audio.prepare_then(self.start_session)
            self.set_timer(AUDIO_PREPARE_TIMEOUT, self.start_session)

    def _attach_listeners(self) -> None:
        """The cue player and the log's recorder hear the engine from here on; the loads
        last logged are read. Once, before the session starts (a key may start it first)."""
        if self._listening:
            return
        self._listening = True
        self.audio = CueAudio.create(
            self,
            self._audio_factory,
            self.session,
            self.timeline,
            mute=self.mute,
            voice=self.voice,
            notify=self.notify_once,
            flash=self.flash,
        )
        if self.audio.player is not None:
            self.engine.subscribe(self.audio.player, first=True)  # before the log's commit
        subscribers, last_loads = self._listeners
        for subscriber in subscribers() if callable(subscribers) else subscribers:
            self.engine.subscribe(subscriber)
        if callable(last_loads):
            self.loads = {**last_loads(), **self.loads}
        self._show_sound()

    def on_resize(self, event: Resize) -> None:
        self._apply_layout(event.size.width, event.size.height, self.clock_digits.text)
        if self._drawn:
            self.refresh_view()  # the tiny line or the clock may have been hidden until now

    def on_unmount(self) -> None:
        self.stops.uninstall()
        self.wake.stop()
        self.audio.close()

    # -- from the cue player (any thread) ---------------------------------------------
    def flash(self) -> None:
        """The visual cue when sound falls back to the bell: the phase band blinks."""
        self.call_later(self._flash_band)

    def _flash_band(self) -> None:
        self.add_class("-cue")
        self.set_timer(0.3, lambda: self.remove_class("-cue"))

    def notify_once(self, message: str) -> None:
        """Show ``message`` once per session; safe to call from any thread."""
        if message in self._notified:
            return
        self._notified.add(message)
        if message.startswith("Audio is off"):
            self._audio_off = True
        self.call_later(self.app.notify, message, timeout=8)

    def show_notice(self, message: str, *, severity: str, timeout: float | None) -> None:
        """A notice in the top bar (``app.notify`` sends each here while this screen
        is on; its toasts are hidden so none covers the clock); the sound state may
        have changed with it."""
        self.notice.add(message, severity=severity, timeout=timeout)
        self._show_sound()

    def _show_sound(self) -> None:
        """Before the player is made (the first frame), the state it will have."""
        player = self.audio.player
        self.sound.show(
            sound_state(
                player=player is not None if self._listening else self._audio_factory is not None,
                muted=player.muted if player is not None else self.mute,
                audio_off=self._audio_off,
                voice=self.voice and not any(m.startswith("No speech") for m in self._notified),
            )
        )
        self.sound.set_class(self.sound.shown != "sound on", "-off")

    # -- the clock moves --------------------------------------------------------------
    def start_session(self) -> None:
        if self.engine.status is Status.READY and not self.held:
            self._ask_first()
            if self.held:  # a resume offer is asked over it
                return
            self._attach_listeners()
            self._handle(self.engine.start())

    def _ask_first(self) -> None:
        """``ask_first``, once: after the first frame, or at a key typed before it."""
        ask, self.ask_first = self.ask_first, None
        if ask is not None:
            ask()

    def release(self) -> None:
        """Start a run that was ``held`` (the resume offer over it was declined)."""
        self.held = False
        self.start_session()

    def tick(self) -> None:
        """Poll the engine and repaint what changed; tests call it after moving the clock."""
        resume = bool(getattr(getattr(self.app, "config", None), "resume_after_stop", False))
        self._handle([*self.stops.check(resume=resume), *self.engine.poll()])

    def check_stop(self) -> None:
        """Back from a stop (``fg``, ``SIGCONT``): pause from the stop, then repaint it all."""
        self.tick()
        self.app.refresh(repaint=True, layout=True)
        self.refresh(repaint=True, layout=True)

    def _handle(self, events: Iterable[Event]) -> None:
        for event in events:
            if event.kind is EventKind.STEP_ENDED and event.result is not None:
                step = self.timeline[event.result.index]
                self.completed.append(texts.completed_line(step, event.result))
            elif event.kind is EventKind.PAUSED:
                self.pauses += 1
                if event.stopped is not None:
                    self.app.notify(stopped_notice(event.stopped), timeout=30)
            elif event.kind in (EventKind.SESSION_FINISHED, EventKind.SESSION_QUIT):
                self._show_summary()
                return
        self.refresh_view()

    def _show_summary(self) -> None:
        from timer_tui.ui.screens.summary import SummaryScreen

        self.wake.stop()
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
            self._show_kind(step.kind)
        self.set_class(state.status is Status.PAUSED, "-paused")
        where = (state.index, state.status, len(self.completed))
        if where != self._where:  # a new step, status or completed step: the slow-changing parts
            self._where = where
            self._show_step(state)
        if self.has_class("-tiny"):
            self.tiny.show(texts.tiny_line(state, self.timeline))
        else:
            paused = state.status is Status.PAUSED
            clock_text = texts.clock_text(state)
            if clock_shape(clock_text) != self._layout_shape:  # 10:00 -> 9:59, a run -> reps
                self._apply_layout(self.size.width, self.size.height, clock_text)
            self.clock_digits.show(clock_text, paused=paused, flash=texts.flash_on(state))
            self.detail.show(texts.under_clock(state))
            self.step_bar.set(texts.step_fraction(state), texts.step_detail(state))
            self.session_bar.set(texts.session_fraction(state), texts.session_detail(state))
        self._show_title(texts.window_title(state))
        deadline = self.engine.next_deadline()
        self.wake.schedule(
            [texts.next_change_in(state), None if deadline is None else deadline - now]
        )

    def _show_kind(self, kind: Kind) -> None:
        """The kind's class on each coloured widget (not on the screen: restyling the
        whole screen costs ~15 ms, a few leaf widgets almost nothing)."""
        for widget in (self.phase, self.clock_digits, self.tiny, self.step_bar, self.session_bar):
            if self._kind is not None:
                widget.remove_class(kind_class(self._kind), update=False)
            widget.add_class(kind_class(kind))
        self._kind = kind

    def _show_step(self, state: EngineState) -> None:
        assert state.step is not None
        footer = (state.step.is_timed, state.status is Status.PAUSED)
        if footer != self._footer:
            # Only then do the footer's keys change: rebuilding it costs a relayout.
            self._footer = footer
            self.refresh_bindings()
        if self.controls is not None:
            self.controls.show_state(paused=footer[1], timed=footer[0])
        self.position.show(texts.position_text(state, self.timeline))
        self.next_up.show(texts.next_text(self.timeline, state.index))
        self.note.show(texts.note_text(state.step))
        self.treadmill.show_step(state.step)
        self.done_list.show_lines(self.completed)
        self.coming.show(texts.coming_up(self.timeline, state.index))
        self.phase.show_state(state)

    def _show_title(self, title: str) -> None:
        if self.app.title != title:
            # set_reactive: assigning app.title would repaint the whole screen every second.
            self.app.set_reactive(App.title, title)
            if self.terminal_title is not None:
                self.terminal_title.set(title)

    # -- keys -------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Which keys are on: the footer shows Pause or Resume (two bindings on one key,
        one id), Done on rep steps, +/- on timed steps."""
        paused = self.engine.status is Status.PAUSED
        timed = self.engine.step.is_timed
        if action == "pause":
            return not paused
        if action == "resume":
            return paused
        if action in ("done", "enter_reps"):
            return not timed
        if action == "adjust":
            return timed
        return True

    def action_pause(self) -> None:
        # A key typed while the audio still prepares ("starting…") starts the session
        # at once and then acts: keys typed as the screen appears are never lost.
        self.start_session()
        self._handle(self.engine.toggle_pause())

    def action_resume(self) -> None:
        self._handle(self.engine.toggle_pause())

    def action_done(self) -> None:
        self.start_session()
        if self.engine.step.score:
            self.action_enter_reps()  # a score is asked for, never the placeholder logged
            return
        self._handle(self.engine.done(load=self.run_loads.get(self.engine.step.name)))

    def action_enter_reps(self) -> None:
        """Reps done (default: planned; none for a score step) and the load, pre-filled
        with the exercise's last one; then done, and the log keeps both."""
        step = self.engine.step

        def entered(answer: RepsEntry | None) -> None:
            if answer is None or self.engine.step is not step or self.engine.status.is_over:
                return
            if answer.load:
                self.loads[step.name] = self.run_loads[step.name] = answer.load
            self._handle(self.engine.done(reps=answer.reps, load=answer.load))

        from timer_tui.ui.dialogs.reps import RepsScreen  # only when asked for: a light start

        planned = None if step.score else step.reps
        self.app.push_screen(RepsScreen(step.name, planned, self.loads.get(step.name)), entered)

    def action_next(self) -> None:
        self.start_session()  # a no-op once started; before that, the key starts it and acts
        self._handle(self.engine.next())

    def action_previous(self) -> None:
        self.start_session()
        self._handle(self.engine.previous())

    def action_adjust(self, seconds: int) -> None:
        self.start_session()
        self._handle(self.engine.adjust(seconds))

    def pause_for_browser(self) -> None:
        """The browser showing the served app went away: a running session pauses, and
        the log keeps it paused, not interrupted; the next visit resumes it."""
        if self.engine.status is Status.READY and not self.held:
            self.start_session()
        if self.engine.status is Status.RUNNING:
            self._handle(self.engine.pause())
            self.paused_by_browser = True

    def browser_back(self) -> None:
        """A browser shows the app again: say why the session is paused (a notice while
        nobody watched would have gone unseen)."""
        if self.paused_by_browser and self.engine.status is Status.PAUSED:
            self.app.notify(texts.BROWSER_GONE)
        self.paused_by_browser = False

    def action_mute(self) -> None:
        self._attach_listeners()  # a key as the screen appears: the player it mutes
        self.audio.toggle_mute()
        self._show_sound()

    def action_request_quit(self) -> None:
        if self.engine.status.is_over:
            return
        if self.engine.status is Status.READY:
            self._handle(self.engine.quit())
            return

        def confirmed(quit: bool | None) -> None:
            if quit:
                self._handle(self.engine.quit())

        from timer_tui.ui.dialogs.confirm import QuitScreen

        self.app.push_screen(QuitScreen(), confirmed)
