"""Once the window's package is loaded, PySide6 no longer reads the source text of each module an import
names (its ``__feature__`` scan); without it, it does. Fresh processes, so that nothing is loaded yet."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import ModuleType

from ui.feature_scan import skip_feature_scan

REPO_ROOT = Path(__file__).resolve().parents[2]

#: imports a module no one has loaded yet, then says whether its source text was read (linecache keeps it)
PROBE = ("import linecache, sys\n{first}\nimport colorsys\n"
         "print(any(name.endswith('colorsys.py') for name in linecache.cache))")


def _source_read(first: str) -> bool:
    done = subprocess.run([sys.executable, "-c", PROBE.format(first=first)], cwd=REPO_ROOT, capture_output=True,
                          text=True, check=True, env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    return done.stdout.strip() == "True"


def test_pyside_reads_each_imported_module_s_source_unless_the_window_s_package_is_loaded() -> None:
    assert _source_read("import PySide6.QtCore")  # the cost this avoids, as PySide6 ships
    assert not _source_read("import ui")
    assert not _source_read("import desktop.gui")


def test_a_pyside_without_the_scan_function_is_left_as_it_is() -> None:
    name = "shibokensupport.feature"
    real = sys.modules.get(name)
    stand_in = ModuleType(name)
    sys.modules[name] = stand_in
    try:
        assert skip_feature_scan() is False
        assert not hasattr(stand_in, "_mod_uses_pyside")
    finally:
        if real is not None:
            sys.modules[name] = real
        else:
            del sys.modules[name]
