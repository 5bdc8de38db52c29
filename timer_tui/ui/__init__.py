"""The Textual app: screens, dialogs and widgets. Never imports the command line."""
