"""Python's cycle collector, paused while the program starts.

Starting the window makes some hundred thousand objects that live as long as the program (modules,
classes, Qt's enum types, the open agreement) and next to no garbage, yet the collector walks the
young ones again and again while they are made: about a tenth of the start-up. The entry point
(``desktop/__main__.py``) pauses it first thing; it resumes as soon as a command starts
(:func:`desktop.cli.main`), or once the window has painted (:func:`desktop.gui.run_gui`). On resuming,
``gc.freeze`` moves what the start made out of later collections' way for good: a full collection
then takes 2–3 ms instead of 15–20. The price: the reference cycles of the agreement first opened
(a few hundred objects, tens of kB) are never collected once the user has moved on to another.
"""

from __future__ import annotations

import gc


def pause() -> None:
    gc.disable()


def resume() -> None:
    """Collect from now on (again); what exists now is left out of later collections."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
