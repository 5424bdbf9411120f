"""The window's icons are drawn: each toolbar icon and the program's own, at the sizes menus, toolbars and the
task bar use (an icon that fails to load is an empty square a user would see)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from ui.icons import NAMES, app_icon, icon


def drawn_pixels(image: QImage) -> int:
    return sum(1 for x in range(image.width()) for y in range(image.height()) if image.pixelColor(x, y).alpha() > 0)


@pytest.mark.parametrize("name", NAMES)
def test_every_toolbar_icon_is_drawn_at_menu_and_toolbar_sizes(qtbot: QtBot, name: str) -> None:
    for size in (16, 20, 32):
        image = icon(name).pixmap(size, size).toImage()
        assert image.width() == size and drawn_pixels(image) > size, (name, size)


def test_the_program_icon_is_drawn_at_task_bar_sizes(qtbot: QtBot) -> None:
    for size in (16, 32, 64):
        image = app_icon().pixmap(size, size).toImage()
        assert not image.isNull() and image.width() == size
        assert drawn_pixels(image) > size * size // 4, size  # a document shape, not a dot
