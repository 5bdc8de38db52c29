"""The accent colour of each kind of step: the Okabe-Ito palette.

Okabe and Ito chose these eight colours to stay distinct for the common forms of
colour blindness (protanopia, deuteranopia), so run and walk never look alike to
a red-green colour-blind runner. The phase word is always written as well:
colour is never the only signal.
"""

from __future__ import annotations

from dataclasses import dataclass

from timer_tui.core.model import Kind

VERMILLION = "#D55E00"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
REDDISH_PURPLE = "#CC79A7"

KIND_COLOURS: dict[Kind, str] = {
    Kind.RUN: VERMILLION,
    Kind.WALK: BLUISH_GREEN,
    Kind.REST: SKY_BLUE,
    Kind.WORK: ORANGE,
    Kind.WARMUP: REDDISH_PURPLE,
    Kind.COOLDOWN: REDDISH_PURPLE,
    Kind.EXERCISE: BLUE,
    Kind.STRETCH: YELLOW,
}


@dataclass(frozen=True, slots=True)
class KindStyle:
    accent: str
    """The kind's colour: phase band, digits, progress bars."""
    on_accent: str
    """Text drawn on the accent: black or white, whichever contrasts more."""


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


def kind_style(kind: Kind) -> KindStyle:
    accent = KIND_COLOURS[kind]
    return KindStyle(accent, text_on(accent))
