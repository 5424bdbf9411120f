"""Imports point down only: storage/ and exporters/ never import Qt (nor the layers above them).

The one exception (STYLE.md): the overview's PDF is painted with Qt's printing, in one module,
exporters/overview_pdf.py, and that module uses QtCore and QtGui only — never widgets."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

FORBIDDEN = {
    "storage": ("PySide6", "shiboken6", "PyQt5", "PyQt6", "ui", "desktop", "exporters"),
    "exporters": ("PySide6", "shiboken6", "PyQt5", "PyQt6", "ui", "desktop"),
}


def imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "import_module" and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.append((node.lineno, node.args[0].value))
    return found


#: module → the Qt modules it may import
QT_PRINTING = {"exporters/overview_pdf.py": ("PySide6", "PySide6.QtCore", "PySide6.QtGui")}


def allowed(path: Path, module: str) -> bool:
    return module in QT_PRINTING.get(path.relative_to(REPO_ROOT).as_posix(), ())


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_does_not_import_qt_or_upper_layers(package: str) -> None:
    files = sorted((REPO_ROOT / package).rglob("*.py"))
    assert files, f"{package}/ has no Python files"
    offences = [
        f"{path.relative_to(REPO_ROOT)}:{line}: {module}"
        for path in files
        for line, module in imported_modules(path)
        if module.split(".")[0] in FORBIDDEN[package] and not allowed(path, module)
    ]
    assert offences == []


def test_the_qt_printing_exception_is_one_module_without_widgets() -> None:
    [(path, permitted)] = QT_PRINTING.items()
    modules = [module for _, module in imported_modules(REPO_ROOT / path) if module.startswith("PySide6")]
    assert modules and all(module in permitted for module in modules), modules
