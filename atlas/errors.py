"""Errors the CLI prints as one clear line instead of a traceback."""


class AtlasError(Exception):
    """A failure with a message meant for the person running the command."""
