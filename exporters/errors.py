"""Errors the exporters raise; ``str()`` of each is a Danish message for the user."""


class ExportError(Exception):
    """An export could not be written; no half-written file was left behind."""
