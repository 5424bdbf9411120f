"""The composition root: builds the store and the templates that the window and CLI share."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from desktop.paths import DataPaths
from storage.damage import refuse_empty_store
from storage.database import Store, open_store
from storage.records import record
from storage.templates import TemplateRegistry, load_registry


@record
class AppContext:
    """What the window and each command work on: the data folder, the open store and the templates."""

    paths: DataPaths
    store: Store
    templates: TemplateRegistry


def load_templates(paths: DataPaths, lazily: bool = False) -> TemplateRegistry:
    """The built-in templates and the data folder's; ``lazily``: read and checked on first use."""
    return load_registry([paths.templates], lazily=lazily)


def open_context(paths: DataPaths, read_only: bool = False) -> AppContext:
    """Open the store (raising StoreError with a Danish message) and load the templates. An empty
    store file where good backups exist is damage, not a new store."""
    refuse_empty_store(paths.store, paths.backups)
    store = open_store(paths.store, read_only=read_only)
    return AppContext(paths=paths, store=store, templates=load_templates(paths))


@contextmanager
def opened(paths: DataPaths, args: argparse.Namespace) -> Iterator[AppContext]:
    """The context for one command-line command; the store is closed afterwards."""
    context = open_context(paths, read_only=args.read_only)
    try:
        yield context
    finally:
        context.store.close()
