"""Qt only: the main window, its models, editors, dialogs and undo commands."""

from ui.quick_enums import install_quick_enums

install_quick_enums()  # before PySide6 makes its first enum

from PySide6 import QtCore  # noqa: E402, F401 — loaded first, so the feature scan is off for every ui module

from ui.feature_scan import skip_feature_scan  # noqa: E402

skip_feature_scan()
