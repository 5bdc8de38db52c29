"""Every key of the app, its screens and its dialogs, in one registry.

The config file remaps keys by binding id (``[keys] "editor.save" = "ctrl+w"``),
so the ids must all be known when it is read, at start-up. Walking the screen
classes found only the screens imported so far, and the editor and the history
screen are imported on first use (for a fast start): their ids were refused.
Here every list is written out, each screen takes its own (``BINDINGS =
bindings.COUNTDOWN``), and ``ALL_BINDING_IDS`` is the lot (harlequin keeps the
same kind of registry in ``actions.py``).

Importing this module costs nothing but Textual's ``Binding`` and its key names.
"""

from __future__ import annotations

import re

from textual.binding import Binding, BindingType
from textual.keys import KEY_DISPLAY_ALIASES

APP: list[BindingType] = [
    Binding("question_mark", "help", "Keys", id="app.help", tooltip="List every key"),
    # Ctrl+Z in raw mode is a key, not SIGTSTP: hand the terminal back to the shell
    # (a running session pauses; `fg` returns). A text area's undo comes first.
    Binding(
        "ctrl+z",
        "suspend_process",
        "Suspend",
        id="app.suspend",
        show=False,
        tooltip="Back to the shell; fg returns (a running session pauses)",
    ),
    # Textual binds ctrl+p itself (the footer shows it); here it gets an id, so the
    # help lists it and [keys] can move it.
    Binding(
        "ctrl+p",
        "command_palette",
        "Commands",
        id="app.command_palette",
        show=False,
        tooltip="Start a session by name, history, sound, theme...",
    ),
]

PICKER: list[BindingType] = [
    # Every printable key types into the filter (issue 12: `h` of "hello" opened the
    # history), so the picker's actions sit on Enter, ctrl and function keys.
    # priority: shown in the footer over the list's own (hidden) Enter, and Enter in the
    # filter box opens the session the cursor is on.
    Binding(
        "enter",
        "open",
        "Open",
        id="picker.open",
        tooltip="Preview the session, then start",
        priority=True,
    ),
    Binding(
        "slash",
        "filter",
        "Filter",
        id="picker.filter",
        show=False,
        tooltip="Edit the filter (or just type)",
    ),
    Binding("escape", "clear_filter", "Clear filter", id="picker.clear", show=False),
    Binding(
        "ctrl+e", "edit_session", "Edit", id="picker.edit", tooltip="Edit the session in $EDITOR"
    ),
    Binding(
        "ctrl+o",
        "open_editor",
        "Editor",
        id="picker.editor",
        tooltip="Edit the session here, with a live preview",
    ),
    Binding(
        "ctrl+l", "app.history", "History", id="picker.history", tooltip="Past sessions (the log)"
    ),
    Binding("f1", "app.keys", "Keys", id="picker.help", tooltip="List every key"),
    Binding("ctrl+q", "app.quit", "Quit", id="picker.quit", priority=True),
]

PREVIEW: list[BindingType] = [
    Binding("enter", "start", "Start", id="preview.start", priority=True),
    Binding("escape,backspace", "app.pop_screen", "Back", id="preview.back"),
    Binding("q", "app.pop_screen", "Back", id="preview.quit", show=False),
]

COUNTDOWN_PAUSE = "countdown.pause"
"""One id for the pause key, whatever it says in the footer (Pause or Resume)."""

COUNTDOWN: list[BindingType] = [
    # Two bindings on one key and one id: the screen's check_action turns on one of
    # them, so the footer says Pause or Resume, and a remap of the id moves both.
    Binding("space", "pause", "Pause", id=COUNTDOWN_PAUSE, tooltip="Pause or resume"),
    Binding("space", "resume", "Resume", id=COUNTDOWN_PAUSE, tooltip="Pause or resume"),
    Binding("enter,d", "done", "Done", id="countdown.done", tooltip="Mark a rep step done"),
    Binding(
        "r",
        "enter_reps",
        "Reps",
        id="countdown.reps",
        tooltip="Enter the reps done and a load (20 kg), then done",
        show=False,  # listed under ?; the footer has no room for it at 60 columns
    ),
    Binding("n,right", "next", "Next", id="countdown.next", tooltip="Skip to the next step"),
    Binding(
        "p,left",
        "previous",
        "Back",
        id="countdown.previous",
        tooltip="Previous step (restarts this one if more than 3 s in)",
    ),
    Binding(
        "plus,equals_sign",
        "adjust(10)",
        "10s",
        key_display="+",
        id="countdown.add_time",
        tooltip="Add 10 s to this step",
    ),
    Binding(
        "minus",
        "adjust(-10)",
        "10s",
        key_display="-",
        id="countdown.remove_time",
        tooltip="Take 10 s off this step",
    ),
    Binding("m", "mute", "Mute", id="countdown.mute", tooltip="Sound off or on"),
    Binding("q,escape", "request_quit", "Quit", id="countdown.quit", tooltip="End the session"),
]

SUMMARY: list[BindingType] = [
    Binding("enter,escape", "close", "Back", id="summary.close", priority=True),
    Binding("q", "app.quit", "Quit", id="summary.quit"),
]

HISTORY: list[BindingType] = [
    Binding("escape,q,h", "app.pop_screen", "Back", id="history.back"),
    Binding("tab", "focus_next", "Sessions/steps", id="history.focus", show=False),
]

EDITOR: list[BindingType] = [
    Binding("ctrl+s", "save", "Save", id="editor.save", priority=True),
    Binding("ctrl+r", "run", "Save & run", id="editor.run", priority=True),
    Binding("f8", "next_error", "Next error", id="editor.next_error", priority=True),
    Binding("escape", "close", "Close", id="editor.close", priority=True),
]

# -- dialogs ----------------------------------------------------------------------------
HELP: list[BindingType] = [
    Binding("escape,q,question_mark,enter", "dismiss", "Close", id="help.close", priority=True),
]

QUIT: list[BindingType] = [
    Binding("y,q,enter", "answer(True)", "Quit", id="quit.yes", priority=True),
    Binding("n,escape", "answer(False)", "Keep going", id="quit.no", priority=True),
]

DISCARD: list[BindingType] = [
    Binding("y,d", "answer(True)", "Discard", id="discard.yes", priority=True),
    Binding("n,escape", "answer(False)", "Keep editing", id="discard.no", priority=True),
]

RESUME: list[BindingType] = [
    Binding("r,enter", "answer('resume')", "Resume", id="resume.yes", priority=True),
    Binding("d", "answer('dismiss')", "Dismiss", id="resume.dismiss", priority=True),
    Binding("escape,l", "answer('later')", "Later", id="resume.later", priority=True),
]

REPS: list[BindingType] = [
    Binding("escape", "cancel", "Cancel", id="reps.cancel", priority=True),
]

ALL: dict[str, list[BindingType]] = {
    "app": APP,
    "picker": PICKER,
    "preview": PREVIEW,
    "countdown": COUNTDOWN,
    "summary": SUMMARY,
    "history": HISTORY,
    "editor": EDITOR,
    "help": HELP,
    "quit": QUIT,
    "discard": DISCARD,
    "resume": RESUME,
    "reps": REPS,
}
"""Each list by the prefix its ids share."""


def binding_ids(bindings: list[BindingType]) -> set[str]:
    return {b.id for b in bindings if isinstance(b, Binding) and b.id}


ALL_BINDING_IDS: frozenset[str] = frozenset().union(*(binding_ids(b) for b in ALL.values()))
"""What ``[keys]`` in the config file may name."""


PUNCTUATION_KEYS: dict[str, str] = {
    "exclamation_mark": "!",
    "quotation_mark": '"',
    "number_sign": "#",
    "dollar_sign": "$",
    "percent_sign": "%",
    "ampersand": "&",
    "apostrophe": "'",
    "left_parenthesis": "(",
    "right_parenthesis": ")",
    "asterisk": "*",
    "plus": "+",
    "comma": ",",
    "minus": "-",
    "full_stop": ".",
    "slash": "/",
    "colon": ":",
    "semicolon": ";",
    "less_than_sign": "<",
    "equals_sign": "=",
    "greater_than_sign": ">",
    "question_mark": "?",
    "at": "@",
    "left_square_bracket": "[",
    "backslash": "\\",
    "right_square_bracket": "]",
    "circumflex_accent": "^",
    "underscore": "_",
    "grave_accent": "`",
    "left_curly_bracket": "{",
    "vertical_line": "|",
    "right_curly_bracket": "}",
    "tilde": "~",
}
"""Textual's names for ASCII's punctuation keys, and the character each stands for."""

KEYS_SHOWN_AS_NAMED = re.compile(r"[a-z0-9]|f[0-9]{1,2}|tab|home|end|insert")
"""Keys Textual shows by their own name (no Unicode character is called that)."""


def shown_key(binding: Binding) -> str | None:
    """The key as Textual's footer and key panel show it, or None where Textual must say.

    The same text as ``App.get_key_display`` (tests/unit/test_ui_key_display.py), without
    its way there: it looks every key up by Unicode name (``unicodedata.lookup``,
    even ``q``), which paged 0.3 MB of name tables into a countdown's memory for its
    footer (Textual's own ``keys.key_to_character`` still pages in the rest).
    """
    if binding.key_display:
        return binding.key_display
    modifiers, key = binding.parse_key()
    shown = KEY_DISPLAY_ALIASES.get(key) or PUNCTUATION_KEYS.get(key)
    if shown is None and KEYS_SHOWN_AS_NAMED.fullmatch(key):
        shown = key
    if shown is None:
        return None
    if "ctrl" in modifiers:
        modifiers.remove("ctrl")
        shown = f"^{shown}"
    return "+".join([*modifiers, shown])
