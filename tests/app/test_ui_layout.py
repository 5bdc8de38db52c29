"""Which parts of the countdown fit a window: the CSS classes per size."""

from __future__ import annotations

import pytest

from timer_tui.ui.layout import countdown_layout


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((200, 60), {"-wide"}),
        ((100, 30), set()),  # "00:00" beside a panel would be smaller: no panel
        ((80, 24), set()),
        ((60, 20), set()),
        ((40, 12), {"-short"}),
        ((100, 12), {"-short"}),
        ((60, 8), {"-short", "-tiny"}),
        ((30, 20), {"-tiny"}),
        ((40, 3), {"-short", "-tiny", "-no-footer"}),
    ],
)
def test_layout_classes_for_window_sizes(size: tuple[int, int], expected: set[str]) -> None:
    assert countdown_layout(*size) == expected


def test_every_size_down_to_one_cell_has_a_layout() -> None:
    for width in range(1, 120, 9):
        for height in range(1, 40, 3):
            classes = countdown_layout(width, height)
            assert "-wide" not in classes or "-tiny" not in classes
