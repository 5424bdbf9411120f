"""Small helpers for window tests: walk the tree, pick editors, read the store file independently."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QTimer
from PySide6.QtWidgets import QApplication

from ui.editors.base import FieldEditor
from ui.main_window import MainWindow


def labels(model: QAbstractItemModel, parent: QModelIndex | None = None, depth: int = 0) -> list[str]:
    """Every label in the tree, depth-first, indented two spaces per level."""
    parent = parent or QModelIndex()
    out = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        out.append("  " * depth + str(model.data(index)))
        out.extend(labels(model, index, depth + 1))
    return out


def goals(window: MainWindow, kind: str) -> list[str]:
    assert window.doc is not None
    return [g.uuid for g in window.doc.agreement.goals_of_kind(kind)]


def section(window: MainWindow, key: str) -> str:
    assert window.doc is not None
    found = window.doc.agreement.section_by_key(key)
    assert found is not None, key
    return found.uuid


def show(window: MainWindow, node_uuid: str) -> None:
    """Select a node in the tree, as a click would."""
    window.select_node(node_uuid)
    assert window.form.node_uuid == node_uuid


def editor(window: MainWindow, field_id: str) -> Any:
    found: FieldEditor = window.form.editors[field_id]
    return found


# --- an independent reader of the store file ---------------------------------------------------

def _query(path: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def stored_value(path: Path, owner_uuid: str, field_id: str) -> Any:
    rows = _query(path, "SELECT value FROM field_values WHERE owner_uuid = ? AND field_id = ?", (owner_uuid, field_id))
    return json.loads(rows[0][0]) if rows else None


def stored_rows(path: Path, owner_uuid: str, field_id: str) -> list[dict[str, str]]:
    rows = _query(path, "SELECT data FROM rows WHERE owner_uuid = ? AND field_id = ? AND deleted = 0"
                  " ORDER BY position", (owner_uuid, field_id))
    return [json.loads(r[0]) for r in rows]


def stored_goals(path: Path, agreement_uuid: str, kind: str) -> list[str]:
    rows = _query(path, "SELECT uuid FROM goals WHERE agreement_uuid = ? AND kind = ? AND deleted = 0"
                  " ORDER BY position", (agreement_uuid, kind))
    return [r[0] for r in rows]


def stored_agreement(path: Path, agreement_uuid: str) -> dict[str, Any]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        row = conn.execute("SELECT * FROM agreements WHERE uuid = ?", (agreement_uuid,)).fetchone()
        return dict(row) if row else {}
    finally:
        conn.close()


def stored_row(path: Path, row_uuid: str) -> dict[str, Any] | None:
    rows = _query(path, "SELECT owner_uuid, field_id, data, deleted FROM rows WHERE uuid = ?", (row_uuid,))
    if not rows:
        return None
    owner, field_id, data, deleted = rows[0]
    return {"owner": owner, "field": field_id, "data": json.loads(data), "deleted": bool(deleted)}


def goal_is_live(path: Path, goal_uuid: str) -> bool:
    return bool(_query(path, "SELECT 1 FROM goals WHERE uuid = ? AND deleted = 0", (goal_uuid,)))


def drive_modal(qtbot: object, kind: type, steps: Callable[[Any], None]) -> list[BaseException]:
    """Run ``steps`` on the modal ``kind`` dialog once it is open; a failure rejects it so nothing hangs."""
    errors: list[BaseException] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(10, run)
            return
        try:
            steps(dialog)
        except BaseException as exc:  # noqa: BLE001 — handed to the test
            errors.append(exc)
            dialog.reject()

    QTimer.singleShot(0, run)
    return errors
