"""When the store refuses writes: a copy of it elsewhere, with the edits it refused.

The copy is a whole, consistent store file (SQLite's backup API reads the live store even
while another program holds its write lock), written under a temporary name and renamed
only when complete, so a failed copy never leaves a half-written file with the chosen name.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from storage import edits
from storage.database import Store, copy_store, discard_store_file, open_store
from storage.errors import StoreError, danish_reason
from storage.model import JSONValue


def save_copy(store: Store, target: Path, agreement_uuid: str,
              values: dict[tuple[str, str], JSONValue],
              rows: dict[str, dict[str, str]]) -> None:
    """Write a copy of ``store`` to ``target`` holding ``values`` (by owner and field) and ``rows``
    (row texts by row uuid) of the agreement as well. Raises a Danish StoreError; ``target`` is
    then untouched."""
    target = Path(target)
    if target.resolve() == Path(store.path).resolve():
        raise StoreError("Kopien skal gemmes et andet sted end selve databasen.")
    partial = target.with_name(target.name + ".delvis")
    try:
        copy_store(store.path, partial)
        copy = open_store(partial)
        try:
            for (owner_uuid, field_id), value in values.items():
                edits.set_value(copy, agreement_uuid, owner_uuid, field_id, value)
            for row_uuid, data in rows.items():
                edits.set_row_data(copy, row_uuid, data)
        finally:
            copy.close()
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        discard_store_file(partial)
        raise StoreError(f"Kopien '{target}' kunne ikke gemmes: {danish_reason(exc)}.") from exc
    except StoreError:
        discard_store_file(partial)
        raise

