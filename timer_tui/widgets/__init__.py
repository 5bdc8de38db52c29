"""Widgets of the app: the big clock, progress lines, and their pure font and palette."""
