"""The accent colour of each kind of step, and readable text on it.

The colours themselves (the Okabe-Ito palette, chosen to stay distinct for
colour-blind runners) live in ``core/kinds.py`` with the rest of each kind's
row; this module adds what only drawing needs: the text colour on an accent, and
in a light theme a darker shade of the accent for digits and text, so yellow and
sky-blue digits stay readable on a light background (the phase band keeps the
accent itself: its text is black or white, whichever reads better).
"""

from __future__ import annotations

from dataclasses import dataclass

from timer_tui.core.kinds import BLUE as BLUE
from timer_tui.core.kinds import BLUISH_GREEN as BLUISH_GREEN
from timer_tui.core.kinds import KINDS, Kind
from timer_tui.core.kinds import ORANGE as ORANGE
from timer_tui.core.kinds import REDDISH_PURPLE as REDDISH_PURPLE
from timer_tui.core.kinds import SKY_BLUE as SKY_BLUE
from timer_tui.core.kinds import VERMILLION as VERMILLION
from timer_tui.core.kinds import YELLOW as YELLOW

KIND_COLOURS: dict[Kind, str] = {kind: info.colour for kind, info in KINDS.items()}
"""Each kind's accent, from the core's table of kinds."""


@dataclass(frozen=True, slots=True)
class KindStyle:
    accent: str
    """The kind's colour: phase band, digits, progress bars."""
    on_accent: str
    """Text drawn on the accent: black or white, whichever contrasts more."""
    on_light: str
    """The accent as text on a light theme's background: darkened to WCAG AA (4.5:1)."""


LIGHT_BACKGROUND = "#D8D8D8"
"""The darkest background or surface of Textual's light themes (textual-light's surface)."""
READABLE = 4.5
"""WCAG AA contrast for text: the countdown's detail lines are ordinary-sized text."""


def _luminance(hex_colour: str) -> float:
    """WCAG relative luminance of ``#RRGGBB``."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two ``#RRGGBB`` colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(background: str) -> str:
    black, white = "#000000", "#FFFFFF"
    return black if contrast(background, black) >= contrast(background, white) else white


def darkened(hex_colour: str, factor: float) -> str:
    """The same hue, each channel scaled by ``factor`` (0 black, 1 unchanged)."""
    channels = (round(int(hex_colour[i : i + 2], 16) * factor) for i in (1, 3, 5))
    return "#" + "".join(f"{c:02X}" for c in channels)


def readable_on(accent: str, background: str = LIGHT_BACKGROUND, ratio: float = READABLE) -> str:
    """The lightest shade of ``accent`` that reads at ``ratio`` on ``background``."""
    factor = 1.0
    shade = accent
    while contrast(shade, background) < ratio and factor > 0:
        factor = round(factor - 0.02, 2)
        shade = darkened(accent, factor)
    return shade


def kind_style(kind: Kind) -> KindStyle:
    accent = KIND_COLOURS[kind]
    return KindStyle(accent, text_on(accent), readable_on(accent))
