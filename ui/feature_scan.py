"""PySide6's ``__feature__`` scan, turned off: Aftaler selects no PySide feature.

Once PySide6 is loaded, it reads the source text of every module that an import statement names (the
first time it sees the name) and looks for "PySide6" in it, so that a module which says
``from __feature__ import snake_case`` can be told apart (PYSIDE-2029). A module found to use PySide6
gets 0 ("no feature"), any other -1 ("ignore this module"). Aftaler never selects a feature, so both
mean the same here, and the reading is pure cost: about 120 modules at start-up, some 25 ms, a tenth of
what the window adds to a bare PySide6 window. :func:`skip_feature_scan` answers "ignore" without
reading. Should PySide6 move the function, nothing is changed and the scan simply goes on.
"""

from __future__ import annotations

import sys
from types import ModuleType


def _ignore(module: ModuleType) -> bool:
    """``_mod_uses_pyside``'s answer, without reading the module's source: nothing here selects a feature."""
    return False


def skip_feature_scan() -> bool:
    """Turn the scan off in the loaded PySide6; False where its feature module is not as expected."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = _ignore  # type: ignore[attr-defined]
    return True
