"""Python's cycle collector held off while a countdown starts, let go after its first frame.

Starting ``timer-tui run`` allocates some fifty thousand tracked objects (Textual's
modules and ours, the countdown's widgets and styles), nearly none of them garbage.
The collector does not know that: it ran about 140 times before the first frame, its
passes walking more and more of them (30 ms of the 0.3 s to the first frame, measured
with ``gc.callbacks``). ``cli.launch`` calls ``hold()`` before the UI is imported; the
app calls ``release()`` once its first frame is out, which freezes what the start
made (``gc.freeze``: later passes, while the session counts down, skip it) and turns
the collector back on.

What freezing costs: the start's own garbage cycles (about 1,900 objects, 185 KB,
Textual's layout caches mostly) are kept for the life of the process instead of
being freed by one full pass (17 ms). ``run``, ``next`` and ``resume`` hold it, and
the picker's start: before its first frame it reads at most the bundled files and 64
unknown user files (``sessions.Discovery``; more are read after the frame, with the
collector on), and a cached listing of thousands of files is kept, not garbage. An app
made by tests or embedded elsewhere never holds it, and ``release()`` is then a no-op.
"""

from __future__ import annotations

import gc

_held = False


def hold() -> None:
    """Off until ``release()``: called just before the app is imported and built."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def release() -> None:
    """Back on, with what the start made frozen; nothing if ``hold()`` did not turn it off."""
    global _held
    if not _held:
        return
    _held = False
    gc.freeze()
    gc.enable()
