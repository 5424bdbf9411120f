"""The last line of defence: an error nobody foresaw is shown in Danish and the window stays open.

Every write already reports its own failures (see :mod:`ui.document`); this catches the rest, e.g.
a bug in a slot. The details still go to stderr for IT support.
"""

from __future__ import annotations

import sys
import traceback
from datetime import datetime
from types import TracebackType

from PySide6 import QtWidgets  # its dialogs and message boxes: Python types made when first shown
from PySide6.QtWidgets import QApplication

UNEXPECTED = ("Aftaler stødte på en uventet fejl, og det, du lige gjorde, blev måske ikke udført.\n\n"
              "Alt, hvad der allerede var gemt, er i behold, og programmet kører videre. Kommer fejlen "
              "igen, så luk og åbn Aftaler, og fortæl IT-support, hvad du gjorde.")

_showing = False
_last_error: str | None = None


def note_error(text: str) -> None:
    """Remember ``text`` (a message the user was shown, or a traceback) for Hjælp → Kopiér fejlrapport."""
    global _last_error
    _last_error = f"{datetime.now().strftime('%d.%m.%Y %H.%M.%S')}: {text}"


def last_error() -> str | None:
    return _last_error


def report_unexpected(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """``sys.excepthook`` for the window: print the details, show one Danish message, carry on."""
    global _showing
    traceback.print_exception(exc_type, exc, tb, file=sys.stderr)
    note_error("".join(traceback.format_exception(exc_type, exc, tb)).rstrip())
    if issubclass(exc_type, KeyboardInterrupt) or _showing or QApplication.instance() is None:
        return
    _showing = True
    try:
        QtWidgets.QMessageBox.critical(QApplication.activeWindow(), "Uventet fejl", UNEXPECTED)
    finally:
        _showing = False


def install() -> None:
    sys.excepthook = report_unexpected
