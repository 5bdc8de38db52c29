"""The block font and the choice of clock size: pure arithmetic, no screen."""

from __future__ import annotations

import pytest

from timer_tui.ui.widgets.font import (
    ClockSize,
    block_height,
    block_width,
    can_draw,
    digits_width,
    fit_clock,
    overlay,
    render_block,
    render_pixels,
)


def test_block_width_counts_glyphs_and_one_pixel_gaps() -> None:
    # "1:24": 3 + 1 + 3 + 3 pixels, 3 gaps -> 13 pixels, each 2 cells wide at scale 1.
    assert block_width("1:24", 1) == 26
    assert block_width("1:24", 2) == 52
    assert block_width("12:34", 3) == 102
    assert block_width("", 2) == 0


def test_block_height_is_five_pixels_per_scale() -> None:
    assert [block_height(s) for s in (1, 2, 3)] == [5, 10, 15]


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((200, 60), ClockSize.BLOCK3),
        ((100, 16), ClockSize.BLOCK3),
        ((100, 14), ClockSize.BLOCK2),
        ((66, 21), ClockSize.BLOCK5X3),  # columns short of block3, rows to spare
        ((54, 16), ClockSize.BLOCK4X3),
        ((66, 14), ClockSize.BLOCK2),
        ((43, 43), ClockSize.BLOCK3X2),  # a phone held upright
        ((40, 5), ClockSize.BLOCK1),
        ((40, 4), ClockSize.DIGITS),
        ((20, 3), ClockSize.DIGITS),
        ((12, 3), ClockSize.DIGITS),
        ((11, 3), ClockSize.LINE),
        ((80, 2), ClockSize.LINE),
    ],
)
def test_fit_clock_picks_the_largest_size_that_fits(
    size: tuple[int, int], expected: ClockSize
) -> None:
    assert fit_clock("1:24", *size) == expected


def test_long_times_fall_back_to_smaller_sizes_on_narrow_windows() -> None:
    assert fit_clock("1:02:03", 40, 12) == ClockSize.DIGITS  # 46 cells at scale 1
    assert fit_clock("1:02:03", 50, 12) == ClockSize.BLOCK1


def test_digits_width_mirrors_textual() -> None:
    from textual.renderables.digits import Digits

    for text in ("1:24", "15", "1:02:03", "0:00"):
        assert digits_width(text) == Digits.get_width(text)


def test_scales_only_grow_with_the_window() -> None:
    order = list(ClockSize)
    last = len(order)
    for width in range(10, 160, 7):
        index = order.index(fit_clock("12:34", width, width // 3))
        assert index <= last
        last = index


def test_render_block_draws_the_glyph_grid_at_scale() -> None:
    rows = render_block("1", 1)
    assert rows == ["  ██  ", "████  ", "  ██  ", "  ██  ", "██████"]
    big = render_block("1", 2)
    assert len(big) == 10 and all(len(r) == 12 for r in big)
    assert big[0] == big[1]  # each pixel row drawn twice


def test_every_clock_and_paused_character_can_be_drawn() -> None:
    assert can_draw("0123456789:")
    assert can_draw("PAUSED")
    assert not can_draw("x")
    assert fit_clock("15 reps", 200, 60) in (ClockSize.DIGITS, ClockSize.LINE)


def test_overlay_centres_the_word_and_clears_a_band_through_the_digits() -> None:
    base = ["█" * 10] * 7
    top = ["AB"]
    rows = overlay(base, top, 10)
    assert len(rows) == 7
    text = [r for r, _ in rows]
    assert text[3] == "    AB    "  # the word, centred, on a cleared row
    assert text[2].strip() == "" and text[4].strip() == ""  # one clear row each side
    assert text[0] == "█" * 10  # the digits stay outside the band
    assert rows[3][1] == [False] * 4 + [True, True] + [False] * 4


def test_overlay_without_a_word_keeps_the_digits() -> None:
    rows = overlay(["██", "██"], [], 6)
    assert [r for r, _ in rows] == ["  ██  ", "  ██  "]


def test_rendered_rows_match_the_computed_width_and_height() -> None:
    for text in ("0:00", "12:34", "1:02:03", "15", "PAUSED"):
        for scale in (1, 2, 3):
            rows = render_block(text, scale)
            assert len(rows) == block_height(scale)
            assert {len(r) for r in rows} == {block_width(text, scale)}


def test_taller_pixels_are_never_more_than_half_as_tall_again_as_square() -> None:
    for size in ClockSize:
        if size.pixel is not None:
            cells, rows = size.pixel
            assert rows <= 1.5 * cells / 2, size
            drawn = render_pixels("1:24", size.pixel)
            assert len(drawn) == 5 * rows and {len(r) for r in drawn} == {13 * cells}


def test_nothing_fits_in_a_one_cell_window_but_a_line() -> None:
    assert fit_clock("0:05", 1, 1) is ClockSize.LINE
    assert ClockSize.LINE.scale is None and ClockSize.BLOCK2.scale == 2
