"""The Qt binding itself: PySide6 6.12.0 lost a reference to None on every call of a method that
returns nothing, so a window that painted or styled a few thousand times died with "Fatal Python
error: none_dealloc". pyproject.toml excludes it; this test fails on any release that does it."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject
from PySide6.QtGui import QFont


def test_calls_returning_nothing_keep_none_alive() -> None:
    font, thing = QFont(), QObject()
    before = sys.getrefcount(None)
    for _ in range(2000):
        font.setBold(True)
        thing.setObjectName("x")
    assert sys.getrefcount(None) - before > -100  # a binding that leaks loses 4000
