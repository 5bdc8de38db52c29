"""Kind colours: the Okabe-Ito palette, readable text on each accent."""

from __future__ import annotations

from timer_tui.core.model import Kind
from timer_tui.ui.widgets.palette import KIND_COLOURS, contrast, kind_style, text_on

OKABE_ITO = {"#D55E00", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#CC79A7"}


def test_every_kind_has_an_okabe_ito_colour() -> None:
    assert set(KIND_COLOURS) == set(Kind)
    assert set(KIND_COLOURS.values()) <= OKABE_ITO


def test_the_phases_a_runner_alternates_have_distinct_colours() -> None:
    main = [Kind.RUN, Kind.WALK, Kind.REST, Kind.WORK, Kind.WARMUP, Kind.EXERCISE, Kind.STRETCH]
    assert len({KIND_COLOURS[k] for k in main}) == len(main)
    assert KIND_COLOURS[Kind.RUN] == "#D55E00"
    assert KIND_COLOURS[Kind.WALK] == "#009E73"
    assert KIND_COLOURS[Kind.REST] == "#56B4E9"
    assert KIND_COLOURS[Kind.WORK] == "#E69F00"
    assert KIND_COLOURS[Kind.WARMUP] == KIND_COLOURS[Kind.COOLDOWN] == "#CC79A7"


def test_contrast_ratio_matches_wcag_extremes() -> None:
    assert round(contrast("#000000", "#FFFFFF"), 1) == 21.0
    assert contrast("#123456", "#123456") == 1.0


def test_text_on_an_accent_is_the_more_readable_of_black_and_white() -> None:
    assert text_on("#F0E442") == "#000000"  # yellow
    assert text_on("#0072B2") == "#FFFFFF"  # blue
    for kind in Kind:
        style = kind_style(kind)
        assert contrast(style.accent, style.on_accent) >= 4.5


def test_every_kind_has_its_colours_in_the_countdowns_css() -> None:
    from timer_tui.ui.screens.countdown_layout import kind_class, kind_css

    css = kind_css()
    for kind in Kind:
        style = kind_style(kind)
        on = kind_class(kind)
        phase = f"#phase.{on} {{ background: {style.accent}; color: {style.on_accent}; }}"
        assert phase in css
        assert f".{on} {{ color: {style.accent}; }}" in css
    assert len({kind_class(k) for k in Kind}) == len(Kind)
