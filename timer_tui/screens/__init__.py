"""The app's screens: picker, countdown, summary, dialogs (and texts/layout, their pure logic)."""
