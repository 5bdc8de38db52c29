"""The screen's keys on the bottom line: what Textual's ``Footer`` shows, as one widget.

Textual's footer is a scrolling container that builds a widget for each key (a
``FooterKey``, styled and laid out on its own) and builds them all again whenever
the bindings change: on the countdown nine of its 26 widgets. This bar draws the
same line, in the same styles, as one ``Text`` (the countdown's peak RSS 36.9 -> 36.4
MB and its CPU in the first 4 s 0.310 -> 0.289 s, ``benchmarks/start_cost.py``); a
click, the pointer's hover and its tooltip find their key by column. Its widths
(``item_text``, ``palette_text``) and ``render`` spell the same text twice: the
tests click keys found by those widths on the rendered bar.

What it shows is the footer's: each action once (its first key), in the order the
bindings come, only those with ``show``; a key whose action is disabled is dim and
rings the bell when clicked; a click presses the key (``App.simulate_key``).
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


class BarKey(NamedTuple):
    """One key the bar shows."""

    key: str
    shown: str
    description: str
    enabled: bool
    tooltip: str


class KeyBar(Widget, can_focus=False):
    """The active bindings of the screen, a key and its word each, in one line; with
    ``palette``, the command palette's key on the right, as the footer shows it."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "keybar--key",
        "keybar--description",
        "keybar--hover",
        "keybar--palette-border",
    }
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
        .keybar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .keybar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .keybar--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        .keybar--palette-border {
            color: $foreground 20%;
        }
    }
    """

    def __init__(
        self, *, palette: bool = False, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.show_palette = palette
        self.keys: tuple[BarKey, ...] = ()
        """What the bar shows now, left to right (the palette's key apart)."""
        self.palette: BarKey | None = None
        """The command palette's key, on the right; None when not shown."""
        self._hovered: int | None = None
        """The index of the key under the pointer; ``len(keys)`` is the palette's."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        keys = bar_keys(self)
        palette = palette_key(self) if self.show_palette else None
        if (keys, palette) != (self.keys, self.palette):
            self.keys, self.palette = keys, palette
            self._hover(None)
            self.refresh()

    def _areas(self) -> list[tuple[int, int]]:
        """The columns (start, end) of each key, the palette's last (``_all_keys``)."""
        width = self.size.width
        room = width - cell_len(palette_text(self.palette)) if self.palette else width
        areas = []
        start = 0
        for key in self.keys:
            end = min(start + cell_len(item_text(key)), max(room, 0))
            areas.append((start, end))
            start = end
        if self.palette is not None:
            areas.append((max(room, 0), width))
        return areas

    def key_at(self, x: int) -> BarKey | None:
        """The key drawn at column ``x``, if any."""
        index = self._index_at(x)
        return None if index is None else self._all_keys()[index]

    def _all_keys(self) -> tuple[BarKey, ...]:
        return self.keys if self.palette is None else (*self.keys, self.palette)

    def _index_at(self, x: int) -> int | None:
        for index, (start, end) in enumerate(self._areas()):
            if start <= x < end:
                return index
        return None

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keybar--key", partial=True)
        description_style = self.get_component_rich_style("keybar--description", partial=True)
        line = Text(no_wrap=True, overflow="crop", end="")
        for index, key in enumerate(self.keys):
            if key.description:
                item = Text.assemble((f" {key.shown} ", key_style))
                item.append(f"{key.description} ", description_style)
            else:  # as the footer: the key alone, without its padding
                item = Text(key.shown, key_style)
            line.append_text(self._as_shown(item, key, index))
        if self.palette is None:
            return line
        # As the footer's palette key: docked right over the others, a thin rule before it,
        # compact (no padding around the key), one column of padding after its word.
        palette = Text.assemble(
            ("▏", self.get_component_rich_style("keybar--palette-border")),
            (self.palette.shown, key_style),
        )
        if self.palette.description:
            palette.append(f" {self.palette.description}", description_style)
        palette.append(" ")
        room = self.size.width - palette.cell_len
        line.truncate(max(room, 0), pad=True)
        line.append_text(self._as_shown(palette, self.palette, len(self.keys)))
        return line

    def _as_shown(self, item: Text, key: BarKey, index: int) -> Text:
        """``item`` under the pointer's highlight, or dim when its key is off."""
        if index == self._hovered:
            item.stylize_before(self.get_component_rich_style("keybar--hover", partial=True))
        if not key.enabled:
            item.stylize("dim")
        return item

    def _hover(self, index: int | None) -> None:
        if index == self._hovered:
            return
        self._hovered = index
        self.tooltip = self._all_keys()[index].tooltip or None if index is not None else None
        self.refresh()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover(self._index_at(event.x))

    def on_leave(self) -> None:
        self._hover(None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self.key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()


def item_text(key: BarKey) -> str:
    """A key's text in the bar: `` space Pause `` (the footer's padding), or the key."""
    return f" {key.shown} {key.description} " if key.description else key.shown


def palette_text(key: BarKey | None) -> str:
    """The palette key's text in the bar: ``▏^p palette ``."""
    if key is None:
        return ""
    return f"▏{key.shown} {key.description} " if key.description else f"▏{key.shown} "


def palette_key(widget: Widget) -> BarKey | None:
    """The command palette's key, as the footer finds it, when the app has a palette."""
    app = widget.app
    if not app.ENABLE_COMMAND_PALETTE:
        return None
    found = widget.screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
    if found is None:
        return None
    binding = found.binding
    tooltip = binding.tooltip or binding.description
    return BarKey(
        binding.key, app.get_key_display(binding), binding.description, found.enabled, tooltip
    )


def bar_keys(widget: Widget) -> tuple[BarKey, ...]:
    """The keys the footer would show on ``widget``'s screen: each action once, by its
    first key shown (``Binding.show``), in the bindings' order."""
    seen: set[str] = set()
    keys: list[BarKey] = []
    for _node, binding, enabled, tooltip in widget.screen.active_bindings.values():
        if not binding.show or binding.action in seen:
            continue
        seen.add(binding.action)
        shown = widget.app.get_key_display(binding)
        keys.append(BarKey(binding.key, shown, binding.description, enabled, tooltip))
    return tuple(keys)
