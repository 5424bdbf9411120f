"""Qt only: the main window, its models, editors, dialogs and undo commands."""

from PySide6 import QtCore  # noqa: F401 — loaded first, so the feature scan is off for every ui module

from ui.feature_scan import skip_feature_scan

skip_feature_scan()
