"""The full-screen app: the picker, or one session's countdown, then its summary.

Hooks for other features, all constructor arguments so tests can inject them:
``progress`` (the completion log's done/next sessions for the picker) and
``subscribers`` (a factory of engine subscribers per session run, e.g. the log
recorder). Audio is created by the countdown screen itself.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal

from textual import constants as textual_constants
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.driver import Driver
from textual.events import Resize
from textual.filter import LineFilter
from textual.notifications import SeverityLevel
from textual.screen import Screen

from timer_tui.core import exit_codes
from timer_tui.core.safe_text import safe_lines, safe_text
from timer_tui.core.stops import session_clock
from timer_tui.core.timeline import Timeline
from timer_tui.core.wording import suggest
from timer_tui.library.config import Config, load_config
from timer_tui.library.paths import config_path
from timer_tui.library.sessions import SessionEntry, discover
from timer_tui.ui import bindings, collector
from timer_tui.ui.control_filter import ControlCharacters
from timer_tui.ui.cue_audio import AudioFactory, default_audio
from timer_tui.ui.exit_signals import ExitSignals, status_for
from timer_tui.ui.log_hooks import LogHooks
from timer_tui.ui.repaint import Repainter
from timer_tui.ui.title import TerminalTitle

if TYPE_CHECKING:
    # Imported on first use, for a light start: ``run`` draws its countdown without
    # the picker, the palette's commands, the help, the summary or the editor
    # (tests/unit/test_lean_start.py).
    from textual.command import Provider

    from timer_tui.core.engine import Clock, Subscriber
    from timer_tui.log.views import Progress
    from timer_tui.ui.screens.countdown import CountdownScreen
    from timer_tui.ui.screens.editor import EditorScreen
    from timer_tui.ui.screens.picker import EntriesLoader, PreviewScreen, ProgressProvider
    from timer_tui.ui.screens.summary import SummaryScreen
    from timer_tui.ui.served import BrowserAttached, BrowserDetached  # only when served

SubscriberFactory = Callable[[SessionEntry, Timeline], Sequence["Subscriber"]]


def no_subscribers(entry: SessionEntry, timeline: Timeline) -> Sequence[Subscriber]:
    return ()


def no_progress(entries: Sequence[SessionEntry]) -> Progress:
    """Without the completion log: nothing done, nothing next (the picker's own default,
    here so that the app's signature does not import the picker)."""
    from timer_tui.log.views import Progress

    return Progress()


def timer_commands() -> type[Provider]:
    """The palette's own commands, imported when the palette first opens (Textual takes a
    callable in ``COMMANDS`` for that): they import the picker, which ``run`` never shows."""
    from timer_tui.ui.commands import TimerCommands

    return TimerCommands


def showing_picker(screen: Screen[object]) -> bool:
    """Is ``screen`` the picker? Without importing it: until the picker's module is
    loaded, no screen can be one (``check_action`` asks this on every footer refresh)."""
    picker = sys.modules.get("timer_tui.ui.screens.picker")
    return picker is not None and isinstance(screen, picker.PickerScreen)


def countdowns(screens: Iterable[Screen[object] | None]) -> list[CountdownScreen]:
    """The countdowns among ``screens``, without importing the countdown (the picker
    starts without it): until its module is loaded, no screen can be one."""
    module = sys.modules.get("timer_tui.ui.screens.countdown")
    if module is None:
        return []
    return [screen for screen in screens if isinstance(screen, module.CountdownScreen)]


class TimerApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "timer-tui"
    # ctrl+p: the app's own commands (ui/commands.py) beside Textual's (Theme, Keys...).
    COMMANDS = App.COMMANDS | {timer_commands}
    BINDINGS: ClassVar[list[BindingType]] = bindings.APP

    def __init__(
        self,
        *,
        start: SessionEntry | None = None,
        start_index: int = 0,
        load_entries: EntriesLoader = discover,
        clock: Clock = session_clock,
        audio: AudioFactory | Literal["default"] | None = "default",
        mute: bool = False,
        voice: bool = True,
        progress: ProgressProvider = no_progress,
        subscribers: SubscriberFactory = no_subscribers,
        log_hooks: LogHooks | None = None,
        config_file: Path | None = None,
        terminal_title: bool = True,
    ) -> None:
        super().__init__()
        self.repainter = Repainter(self)
        self.start_entry = start
        self.start_index = start_index
        self.load_entries = load_entries
        self.clock = clock
        self.audio = default_audio() if audio == "default" else audio
        self.mute = mute
        self.voice = voice
        self.progress = progress
        self.subscribers = subscribers
        self.log_hooks = log_hooks
        if log_hooks is not None:  # the completion log: picker marks, a recorder per run, resume
            self.progress, self.subscribers = log_hooks.progress, log_hooks.subscribers
            log_hooks.attach(self)
        self.config_file = config_file
        self.window_title = TerminalTitle(self, enabled=terminal_title)
        self.exit_signals = ExitSignals(self.exit_for_signal)
        self._control_characters = ControlCharacters()
        self.config = Config()
        self._theme_at_start = self.theme

    def get_driver_class(self) -> type[Driver]:
        """``LeanDriver`` on Linux and macOS, unless ``TEXTUAL_DRIVER`` names one
        (``timer-tui serve`` does): Textual's driver, minus its idle wake-ups."""
        if textual_constants.DRIVER is None and sys.platform != "win32":
            from timer_tui.ui.lean_driver import LeanDriver

            return LeanDriver
        return super().get_driver_class()

    def get_key_display(self, binding: Binding) -> str:
        return bindings.shown_key(binding) or super().get_key_display(binding)

    def get_default_screen(self) -> Screen[None]:
        if self.start_entry is not None:
            # Read before on_mount would: the countdown's steps take [treadmill]'s speeds.
            self.config = load_config(self.config_file, known_binding_ids())
            countdown = self.countdown_for(self.start_entry, self.start_index)
            hooks = self.log_hooks
            if hooks is not None and self.start_index == 0:
                # `run X` while a run of X was interrupted: ask before starting afresh.
                # The log is read after the first frame, or at a key that starts it first.
                countdown.ask_first = partial(self._offer_first, countdown)
            return countdown
        from timer_tui.ui.screens.picker import PickerScreen

        return PickerScreen(self.load_entries, self.progress)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Toasts carry file names and TOML text ("[keys]", "[[steps]]"): never markup.

        Every toast of every screen comes here, so here their control characters are
        shown escaped (a newline stays: toasts are written with them).
        """
        super().notify(
            safe_lines(message),
            title=safe_text(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )
        for screen in countdowns(
            self.screen_stack[-1:]
        ):  # its toasts are hidden: the top bar says it
            said = f"{title}: {message}" if title else message
            screen.show_notice(safe_lines(said), severity=severity, timeout=timeout)

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, and last the one that keeps control characters off the terminal."""
        return [*super().get_line_filters(), self._control_characters]

    def on_resize(self, event: Resize) -> None:
        """Everything drawn again, not only what moved (``ui/repaint.py``)."""
        self.repainter.resized()

    def on_mount(self) -> None:
        self.call_after_refresh(collector.release)  # held by cli.launch for a quick start
        if not (self.is_headless or self.is_web):  # the web driver has its own
            self.exit_signals.install()
        self.repainter.started()
        self.config = load_config(self.config_file, known_binding_ids())
        if self.config.keys:
            self.set_keymap(self.config.keys)
        self._apply_theme(self.config.theme)
        self.theme_changed_signal.subscribe(self, lambda theme: self._save_theme())
        if self.config.errors:  # one message, however many mistakes (the list is capped)
            text = "\n".join(error.format() for error in self.config.errors)
            self.notify(text, title="Config", severity="error", timeout=10)
        if self.start_entry is None and self.log_hooks is not None:
            # After the picker's first frame: the offer opens the log and, when there is
            # a run to offer, lists every session file (the first frame reads only some).
            self.call_after_refresh(self.log_hooks.offer_resume, self)

    def _offer_first(self, countdown: CountdownScreen) -> None:
        """Before the first countdown starts: the resume offer over it, held, if the log
        has an interrupted run of its session."""
        assert self.log_hooks is not None and self.start_entry is not None
        offer = self.log_hooks.offer_for(self.start_entry)
        if offer is not None:
            countdown.held = True
            self.log_hooks.offer_over(self, offer, countdown)

    def _apply_theme(self, name: str | None) -> None:
        """``[ui] theme`` from the config; ``TEXTUAL_THEME`` set for one run wins over it."""
        if name is not None and not os.environ.get("TEXTUAL_THEME"):
            if name in self.available_themes:
                self.theme = name
            else:
                themes = sorted(self.available_themes)
                self.notify(
                    f"[ui] theme: no theme `{name}`{suggest(name, themes)}; "
                    "ctrl+p, then Theme, lists them",
                    title="Config",
                    severity="error",
                    timeout=10,
                )
        self._theme_at_start = self.theme

    def _save_theme(self) -> None:
        """A theme chosen in the app (ctrl+p, Theme) is kept in the config for the next start."""
        if self.theme == self._theme_at_start:
            return
        from timer_tui.library.settings import SettingNotSaved, save_setting

        path = self.config_file if self.config_file is not None else config_path()
        try:
            save_setting(path, "ui", "theme", self.theme)
        except SettingNotSaved as exc:
            self.notify(f"The theme is not kept for next time: {exc}", severity="warning")
        self._theme_at_start = self.theme

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's, less Screenshot (a file in Downloads is no help at the treadmill)."""
        for command in super().get_system_commands(screen):
            if command.title != "Screenshot":
                yield command

    def toggle_mute(self) -> None:
        """From the palette away from a countdown: sound for the runs that follow."""
        self.mute = not self.mute
        self.notify("Sound off for the next runs" if self.mute else "Sound on for the next runs")

    def start_from_palette(self, entry: SessionEntry) -> None:
        """A session chosen in the palette: its countdown over the current screen."""
        self.push_screen(self.countdown_for(entry))

    def on_summary_screen_closed(self, message: SummaryScreen.Closed) -> None:
        """Leaving the summary: back to the picker, or the end when run directly."""
        if self.start_entry is not None:
            status = self._direct_run_status()
            self.exit(status, return_code=status)
        else:
            self.pop_screen()

    def _direct_run_status(self) -> int:
        """A session run directly (``run``, ``next``, ``resume``) ends as in plain mode:
        0 when it ran to its end, 1 when it was left before (``core.exit_codes``)."""
        from timer_tui.ui.screens.summary import SummaryScreen  # loaded by now, if it is one

        screen = self.screen
        finished = isinstance(screen, SummaryScreen) and screen.figures.finished
        return exit_codes.OK if finished else exit_codes.QUIT

    def countdown_for(self, entry: SessionEntry, start_index: int = 0) -> CountdownScreen:
        """The countdown screen for ``entry``, with this app's clock, audio settings and hooks.

        A resumed session (the log's ``resume_row``, from the dialog or ``timer-tui
        resume``) starts with the steps already logged, so its summary is the whole run.
        """
        entry = entry.with_treadmill(self.config.treadmill)  # the runner's [treadmill] speeds
        entry = entry.with_cues(self.config.cues)  # and their [cues], under the file's own
        hooks = self.log_hooks
        resume_row = hooks.resume_row.get(entry.id) if hooks is not None else None
        earlier = hooks.earlier_results(resume_row) if hooks and resume_row is not None else []
        # The log's recorder and loads when the run starts: after the first frame.
        timeline = entry.timeline()
        from timer_tui.ui.screens.countdown import CountdownScreen

        return CountdownScreen(
            entry,
            clock=self.clock,
            start_index=start_index,
            subscribers=partial(self.subscribers, entry, timeline),
            audio=self.audio,
            mute=self.mute,
            voice=self.voice,
            earlier_results=earlier,
            terminal_title=self.window_title,
            last_loads=partial(hooks.last_loads, timeline) if hooks is not None else None,
        )

    async def action_quit(self) -> None:
        """ctrl+q: unsaved edits in the editor are never lost silently; it asks first."""
        from timer_tui.ui.screens.editor import EditorScreen

        if EditorScreen.ask_before_quit(self):
            return
        if self.start_entry is not None:
            status = self._direct_run_status()
            self.exit(status, return_code=status)
        else:
            await super().action_quit()

    def on_editor_screen_run(self, message: EditorScreen.Run) -> None:
        """ctrl+r in the editor: the countdown goes over it, and back to it after."""
        self.push_screen(self.countdown_for(message.entry))

    def on_preview_screen_start(self, message: PreviewScreen.Start) -> None:
        self.switch_screen(self.countdown_for(message.entry))

    def action_history(self) -> None:
        from timer_tui.ui.screens.history import HistoryScreen  # loaded on first use: a light start

        if not isinstance(self.screen, HistoryScreen):
            hooks = self.log_hooks or LogHooks()
            self.push_screen(HistoryScreen(path=hooks.path, now=hooks.now))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``?`` is a letter of the picker's filter there (its help key is F1)."""
        return not (action == "help" and showing_picker(self.screen))

    def action_help(self) -> None:
        self.action_keys()

    def action_keys(self) -> None:
        """The help: ``?`` (``help``), and F1 on the picker, where ``?`` filters."""
        from timer_tui.ui.dialogs.help import HelpScreen, help_rows_for

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(help_rows_for(self.screen, self.config.keys)))

    def on_unmount(self) -> None:
        self.exit_signals.uninstall()
        self.window_title.restore()

    def exit_for_signal(self, signum: int) -> None:
        """SIGTERM, SIGHUP or SIGINT (``ui/exit_signals.py``): end as ``ctrl+q`` ends, the
        terminal given back whole and a running session left interrupted in the log."""
        status = status_for(signum)
        self.exit(status, return_code=status)

    def on_browser_detached(self, message: BrowserDetached) -> None:
        """``timer-tui serve``: the tab closed; a running countdown pauses (``ui/served.py``)."""
        for screen in countdowns(self.screen_stack):
            screen.pause_for_browser()

    def on_browser_attached(self, message: BrowserAttached) -> None:
        """A new tab shows the app: its terminal is blank, so everything is drawn again."""
        self.repainter.resized()
        for screen in countdowns(self.screen_stack):
            screen.browser_back()


def known_binding_ids() -> set[str]:
    """Every binding id of the app, its screens and dialogs: what ``[keys]`` may set.

    From the registry, not from the screen classes imported so far: the editor
    and the history screen are imported on first use, after the config is read.
    """
    return set(bindings.ALL_BINDING_IDS)
