"""The help's rows, from the bindings registry: keys as the footer shows them, the
config's remaps applied, one row per binding id."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from timer_tui.ui import bindings
from timer_tui.ui.dialogs.help import help_rows


def plain(binding: Binding) -> str:
    return binding.key


def test_one_row_per_binding_id_with_every_key() -> None:
    rows = help_rows(bindings.COUNTDOWN + bindings.APP, {}, App().get_key_display)
    by_id = {ident: (keys, does) for keys, does, ident in rows}
    assert by_id["countdown.next"] == ("n, →", "Skip to the next step")
    assert by_id["countdown.add_time"] == ("+, =", "Add 10 s to this step")
    assert by_id["app.help"] == ("?", "List every key")
    # Pause and Resume are two bindings of one id: one row, one key.
    assert by_id["countdown.pause"] == ("space", "Pause or resume")
    assert [ident for _, _, ident in rows].count("countdown.pause") == 1
    assert len(rows) == len(bindings.binding_ids(bindings.COUNTDOWN + bindings.APP))


def test_the_keymap_replaces_the_default_keys() -> None:
    rows = help_rows(bindings.COUNTDOWN, {"countdown.pause": "k", "countdown.next": "j,l"}, plain)
    by_id = {ident: keys for keys, _, ident in rows}
    assert by_id["countdown.pause"] == "k"
    assert by_id["countdown.next"] == "j, l"
    assert by_id["countdown.quit"] == "q, escape"


def test_keys_the_focused_widget_takes_are_left_out() -> None:
    rows = help_rows(bindings.PICKER, {}, plain, consumed=lambda key: key == "slash")
    ids = {ident for _, _, ident in rows}
    assert ids == bindings.binding_ids(bindings.PICKER) - {"picker.filter"}


def test_bindings_without_an_id_or_a_description_are_not_listed() -> None:
    own = [
        Binding("x", "a", "Does a", id="own.a"),
        Binding("y", "b", "Does b"),  # a widget's own key: no id
        Binding("z", "c", "", id="own.c"),
    ]
    assert help_rows(own, {}, plain) == [("x", "Does a", "own.a")]
