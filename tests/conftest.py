"""Shared fixtures: real templates, a real SQLite store in tmp_path, the demo agreement."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from storage.agreements import create_agreement
from storage.database import Store, open_store
from storage.seed import create_from_seed, demo_seed
from storage.template_model import Template
from storage.templates import TemplateRegistry, load_registry

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from ui.main_window import MainWindow

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


# --- Qt: real main windows on a real store file ----------------------------------------------

WindowFactory = Callable[..., "MainWindow"]


@pytest.fixture
def make_window(qtbot: QtBot, registry: TemplateRegistry, tmp_path: Path) -> Iterator[WindowFactory]:
    """``make_window(path=None, read_only=False)``: a shown MainWindow with its own connection to the
    store at ``path`` (default ``store_path``), settings in tmp_path, the last agreement open.
    Windows and their stores are closed at teardown; a test may close them earlier."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ui.main_window import MainWindow

    windows: list[MainWindow] = []

    def factory(path: Path | None = None, read_only: bool = False) -> MainWindow:
        opened = open_store(path or tmp_path / "aftaler.sqlite", read_only=read_only)
        settings = QSettings(str(tmp_path / "indstillinger.ini"), QSettings.Format.IniFormat)
        window = MainWindow(opened, registry, settings, backup_dir=tmp_path / "sikkerhedskopier")
        windows.append(window)
        window.agreements.refresh()
        window.open_last()
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()  # shortcuts and focus-out need an active window
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
        return window

    yield factory
    for window in windows:
        if window.isVisible():
            window.close()
        window.store.close()
        window.deleteLater()


@pytest.fixture
def demo_window(make_window: WindowFactory, demo_uuid: str) -> MainWindow:
    """A window on the store holding the demo agreement, which is open."""
    window = make_window()
    assert window.doc is not None and window.doc.uuid == demo_uuid
    return window
