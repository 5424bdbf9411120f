"""``--version`` and ``--selftest``: what a user (or the installer's last step) runs to see that the program works."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from desktop import selftest
from exporters.errors import ExportError
from tests.conftest import REPO_ROOT
from tests.desktop.cli_runner import make_cli

CHECKS = [
    "Vinduet åbner på en midlertidig database",
    "Demoaftalen oprettes i vinduet",
    "Aftalen eksporteres til Word (DOCX)",
    "Statusoversigten eksporteres til Excel (XLSX)",
    "Statusoversigten eksporteres til PDF",
    "Aftalen sendes som pakke og importeres i en tom database",
]


def test_version_is_the_one_in_pyproject(tmp_path: Path) -> None:
    expected = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    result = make_cli(tmp_path / "data")("--version", data=False)
    assert result.stdout.strip() == f"Aftaler {expected}"
    assert not (tmp_path / "data").exists()


def test_the_selftest_passes_every_check_and_touches_no_data_folder(tmp_path: Path) -> None:
    """Run as the user runs it, without a display: the window opens offscreen."""
    data = tmp_path / "data"
    result = make_cli(data)("--selftest")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Aftaler ") and "selvtest" in lines[0]
    assert [line.split(":")[0] for line in lines[1:-1]] == [f"OK    {check}" for check in CHECKS]
    assert "»IT-staben. Aftale 2008«" in result.stdout
    assert lines[-1].startswith("Selvtest: alle kontroller bestået")
    assert not data.exists()  # everything happened in a temporary folder


def test_a_failing_check_is_named_with_its_reason_and_fails_the_run(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*_args: object, **_kwargs: object) -> Path:
        raise ExportError("PDF-filen kunne ikke gemmes: disken er fuld.")

    monkeypatch.setattr("exporters.overview_pdf.write_overview_pdf", refused)
    out = io.StringIO()
    assert selftest.run_selftest(out) == 1
    lines = out.getvalue().splitlines()
    failed = "FEJL  Statusoversigten eksporteres til PDF: PDF-filen kunne ikke gemmes: disken er fuld."
    assert any(line.startswith(failed) for line in lines)
    assert sum(line.startswith("OK    ") for line in lines) == len(CHECKS) - 1  # the others still ran
    assert lines[-1].startswith("Selvtest: 1 kontrol fejlede")
