"""The pure core: the session format, loader, timeline, engine and cues. Imports neither textual nor rich, nor any other layer."""
