"""Qt's item data roles as plain ints, for the models' ``data()``.

Qt asks a model's ``data()`` for a dozen roles per cell whenever it lays out or paints a view. Each
``Qt.ItemDataRole.X`` looked up there is a Python call (an enum member's descriptor); compared with
these ints, a role the model does not answer costs almost nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

DISPLAY = int(Qt.ItemDataRole.DisplayRole)
DECORATION = int(Qt.ItemDataRole.DecorationRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
FONT = int(Qt.ItemDataRole.FontRole)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
USER = int(Qt.ItemDataRole.UserRole)
