"""Shared fixtures: real templates, a real SQLite store in tmp_path, the demo agreement."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.agreements import create_agreement
from storage.database import Store, open_store
from storage.seed import create_from_seed, demo_seed
from storage.template_model import Template
from storage.templates import TemplateRegistry, load_registry

TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = TESTS_DIR.parent


@pytest.fixture(scope="session")
def registry() -> TemplateRegistry:
    """The built-in templates only."""
    return load_registry()


@pytest.fixture
def faaborg(registry: TemplateRegistry) -> Template:
    template = registry.get("faaborg-midtfyn")
    assert template is not None, [str(e) for e in registry.errors]
    return template


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "aftaler.sqlite"


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    opened = open_store(store_path)
    yield opened
    opened.close()


@pytest.fixture
def agreement_uuid(store: Store, faaborg: Template) -> str:
    """An empty Faaborg-Midtfyn agreement for IT-staben 2008."""
    return create_agreement(store, faaborg, "IT-staben", 2008)


@pytest.fixture
def demo_uuid(store: Store, registry: TemplateRegistry) -> str:
    """The demo agreement (IT-staben 2008, from resources/demo)."""
    return create_from_seed(store, registry, demo_seed())


@pytest.fixture
def third_template_path() -> Path:
    """A valid template that is not built in (goals placed in a section)."""
    return TESTS_DIR / "data" / "odense-kontrakt.toml"
