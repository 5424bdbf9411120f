"""The demo store the window starts on with --demo."""

from __future__ import annotations

from pathlib import Path

from desktop.demo import DEMO_STORE_NAME, ensure_demo_store
from desktop.paths import data_paths
from storage.agreements import list_agreements, load_agreement
from storage.database import open_store


def test_ensure_demo_store_creates_it_once(tmp_path: Path) -> None:
    paths = data_paths(tmp_path)
    demo = ensure_demo_store(paths)
    assert demo.root == paths.root and demo.store == tmp_path / DEMO_STORE_NAME
    assert not paths.store.exists()

    again = ensure_demo_store(paths)
    assert again == demo
    store = open_store(demo.store)
    try:
        [summary] = list_agreements(store)
        agreement = load_agreement(store, summary.uuid)
        assert (agreement.unit, agreement.year, agreement.template_id) == ("IT-staben", 2008, "faaborg-midtfyn")
        assert len(agreement.goals) == 11
    finally:
        store.close()
