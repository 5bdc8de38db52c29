"""Dialogs over the current screen: confirmations, the reps entry, the list of keys.

One module per dialog, imported where it is used, so a screen that never asks
loads none of them. Their CSS is one file, ``dialogs.tcss``: the frame, the
wrapping text and the buttons that stack in narrow windows are the same for all.
"""

from pathlib import Path

DIALOG_CSS = Path(__file__).with_name("dialogs.tcss")
"""Absolute: Textual resolves a relative ``CSS_PATH`` beside the subclass's module."""
