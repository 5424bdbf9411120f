"""Errors the exporters raise; ``str()`` of each is a Danish message for the user."""

from __future__ import annotations

from storage.errors import danish_reason

__all__ = ["ExportError", "danish_reason"]


class ExportError(Exception):
    """An export could not be written; no half-written file was left behind."""
