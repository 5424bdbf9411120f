"""The window's look in one place: one margin scale, panel headers, muted text, the status colours."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

#: the margin scale: SPACING between related things, MARGIN around panels and pages
SPACING = 6
MARGIN = 12
MUTED = "#5f6b7a"
WARNING = "#a15c00"


def muted() -> str:
    return f"color: {MUTED};"


def panel_header(title: str, buddy: QWidget, parent: QWidget | None = None) -> QLabel:
    """A panel's header: small capitals-like bold text on a light band, with a line under it."""
    label = QLabel(title, parent)
    label.setObjectName("panelHeader")
    label.setBuddy(buddy)
    label.setStyleSheet(f"#panelHeader {{ font-weight: 600; color: #2c3e50; padding: {SPACING - 2}px {SPACING}px;"
                        " background: #eef1f5; border-bottom: 1px solid #d5dbe3; }")
    return label
