"""The demo agreement (Faaborg-Midtfyn, IT-staben 2008) and the demo store that holds it."""

from __future__ import annotations

from typing import Any

from desktop.context import load_templates
from desktop.paths import DataPaths
from storage.agreements import list_agreements
from storage.database import Store, open_store
from storage.errors import StoreError, danish_reason
from storage.seed import create_from_seed, demo_seed
from storage.templates import TemplateRegistry

DEMO_STORE_NAME = "demo.sqlite"


def load_demo_seed() -> dict[str, Any]:
    try:
        return demo_seed()
    except (OSError, ValueError) as exc:
        reason = danish_reason(exc) if isinstance(exc, OSError) else "filen er ikke gyldig"
        raise StoreError(f"Demoaftalen kan ikke læses fra programmets filer: {reason}.") from exc


def add_demo_agreement(store: Store, registry: TemplateRegistry) -> str:
    """Add the demo agreement to ``store``; return its uuid."""
    return create_from_seed(store, registry, load_demo_seed())


def ensure_demo_store(paths: DataPaths) -> DataPaths:
    """The paths with the store moved to ``demo.sqlite`` in the data folder, which then holds
    the demo agreement (added only if the demo store has no agreements yet)."""
    demo = DataPaths(root=paths.root, store=paths.root / DEMO_STORE_NAME)
    store = open_store(demo.store)
    try:
        if not list_agreements(store):
            add_demo_agreement(store, load_templates(demo))
    finally:
        store.close()
    return demo
