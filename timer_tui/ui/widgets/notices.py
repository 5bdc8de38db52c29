"""The countdown's top bar keeps notices and the sound state, so nothing covers the time.

Textual's toasts sat over the step's remaining time, the session bar and the
Next line for ten seconds of every start (issue 12). On the countdown the toasts
are hidden (``app.tcss``) and each notice shows instead in the top bar, in place
of the session's name, one after another; the sound state ("muted", "audio off")
stays there for the whole session.
"""

from __future__ import annotations

from collections import deque

from textual.timer import Timer
from textual.widgets import Label

from timer_tui.ui.widgets.readouts import LabelReadout

NOTICE_SECONDS = 6.0
"""How long a notice stays when its sender gave no timeout (or a longer one)."""
NOTICE_SECONDS_MAX = 12.0


def sound_state(*, player: bool, muted: bool, audio_off: bool, voice: bool) -> str:
    """The sound state in two words: what the runner hears, or why nothing."""
    if not player or audio_off:
        return "audio off"
    if muted:
        return "muted"
    if not voice:
        return "tones only"
    return "sound on"


class NoticeLine(LabelReadout):
    """Notices one at a time, each for its time; hidden (and the name back) between them.

    Safe to call before mounting (a notice sent while the app starts): the timer
    starts on mount.
    """

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self._queue: deque[tuple[str, str, float]] = deque()
        self._timer: Timer | None = None
        self.display = False

    def add(self, message: str, *, severity: str = "information", timeout: float | None) -> None:
        text = " · ".join(line.strip() for line in message.splitlines() if line.strip())
        seconds = min(timeout or NOTICE_SECONDS, NOTICE_SECONDS_MAX)
        self._queue.append((text, severity, seconds))
        if self._timer is None and self.is_mounted:
            self._next()

    def on_mount(self) -> None:
        if self._timer is None and self._queue:
            self._next()

    def _next(self) -> None:
        self._timer = None
        for severity in ("warning", "error"):
            self.remove_class(f"-{severity}")
        if not self._queue:
            self.display = False
            self._name_shown(True)
            return
        text, severity, seconds = self._queue.popleft()
        self.show(text)
        self.add_class(f"-{severity}")
        self.display = True
        self._name_shown(False)
        self._timer = self.set_timer(seconds, self._next)

    def _name_shown(self, shown: bool) -> None:
        """The session's name gives way to the notice while one is shown."""
        if self.parent is not None:
            for label in self.parent.query("#session-name").results(Label):
                label.display = shown
