"""The window's icons: one set of line drawings in resources/icons, loaded with importlib.resources."""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QIcon, QPixmap

NAMES = ("new-agreement", "add-goal", "delete-goal", "move-up", "move-down", "undo", "redo", "export-word",
         "send-colleague", "import", "demo")


@cache
def _folder() -> Traversable:
    return resources.files("resources").joinpath("icons")


@cache
def icon(name: str) -> QIcon:
    """The icon ``name`` (one of :data:`NAMES`), drawn from its SVG at every size asked for: by Qt's SVG
    icon engine when it is drawn (nothing is rendered at start-up), or, where the resources are not
    plain files, rendered here at the sizes menus and toolbars use."""
    resource = _folder().joinpath(f"{name}.svg")
    if isinstance(resource, Path) and resource.is_file():
        found = QIcon(str(resource))
        if not found.isNull():
            return found
    data = resource.read_bytes()
    found = QIcon()
    for size in (16, 24, 32, 48):
        scaled = QPixmap()
        scaled.loadFromData(QByteArray(data.replace(b'width="24" height="24"',
                                                    f'width="{size}" height="{size}"'.encode())), "SVG")
        found.addPixmap(scaled)
    return found


@cache
def app_icon() -> QIcon:
    """The program's own icon (a document with a signature), for its windows and the about box: read
    when it is first drawn (after the first paint), from the file where the resources are plain files."""
    resource = _folder().joinpath("aftaler.png")
    if isinstance(resource, Path) and resource.is_file():
        return QIcon(str(resource))
    pixmap = QPixmap()
    pixmap.loadFromData(QByteArray(resource.read_bytes()), "PNG")
    return QIcon(pixmap)
