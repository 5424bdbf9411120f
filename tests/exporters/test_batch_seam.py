"""Batch export takes its format as a parameter: a writer other than Word plugs in with the same
progress, cancelling and summary, in the window and on the command line."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from exporters.batch import AgreementWriter, export_batch, progress_text
from exporters.errors import ExportError
from storage.agreements import create_agreement
from storage.canonical import to_json
from storage.database import Store
from storage.model import Agreement
from storage.template_model import Template
from tests.conftest import WindowFactory
from tests.desktop.cli_runner import cli_env, make_cli
from tests.fingerprints import folder_listing

UNITS = ("Borgerservice", "HR-staben", "IT-staben")


def write_json(agreement: Agreement, template: Template, target: Path) -> Path:
    """A second format, as small as one can be: the canonical JSON, one file per agreement."""
    if agreement.unit == "Afvist":
        raise ExportError(f"JSON-filen '{target.name}' kunne ikke skrives: enheden er afvist.")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(to_json(agreement, template), encoding="utf-8")
    return target


JSON = AgreementWriter(".json", "JSON", "JSON-filer", write_json)


@pytest.fixture
def three(store: Store, faaborg: Template) -> list[str]:
    return [create_agreement(store, faaborg, unit, 2008) for unit in UNITS]


def test_another_format_plugs_in_with_the_same_progress_and_summary(store: Store, faaborg: Template,
                                                                   three: list[str], tmp_path: Path) -> None:
    refused = create_agreement(store, faaborg, "Afvist", 2008)
    said: list[str] = []

    def progress(done: int, title: str) -> bool:
        said.append(progress_text(done, 4, title) if title else f"færdig efter {done}")
        return True

    result = export_batch(store, [three[0], refused, *three[1:]], tmp_path / "ud", JSON, progress)

    assert folder_listing(tmp_path / "ud") == [f"{unit} - Aftale 2008.json" for unit in UNITS]
    read_back = [json.loads(p.read_text(encoding="utf-8"))["agreement"] for p in result.written]
    assert [(a["uuid"], a["unit"]) for a in read_back] == list(zip(three, UNITS, strict=True))
    assert said == ["Skriver 1 af 4: Borgerservice. Aftale 2008", "Skriver 2 af 4: Afvist. Aftale 2008",
                    "Skriver 3 af 4: HR-staben. Aftale 2008", "Skriver 4 af 4: IT-staben. Aftale 2008",
                    "færdig efter 4"]
    assert result.summary() == ("3 aftaler skrevet.\n1 kunne ikke skrives:\n  • Afvist. Aftale 2008: JSON-filen"
                                " 'Afvist - Aftale 2008.json' kunne ikke skrives: enheden er afvist.")


def test_cancelling_stops_any_writer_before_the_next_agreement(store: Store, three: list[str],
                                                              tmp_path: Path) -> None:
    result = export_batch(store, three, tmp_path / "ud", JSON, lambda done, title: done < 2)
    assert result.cancelled
    assert folder_listing(tmp_path / "ud") == ["Borgerservice - Aftale 2008.json", "HR-staben - Aftale 2008.json"]
    assert result.summary() == "2 aftaler skrevet.\nEksporten blev afbrudt; resten er ikke skrevet."


def test_the_window_exports_many_with_another_writer(make_window: WindowFactory, three: list[str],
                                                      tmp_path: Path) -> None:
    window = make_window()
    folder = tmp_path / "json"
    result = window.exports.export_many(2008, three, folder, writer=JSON)
    assert result is not None and len(result.written) == 3
    assert folder_listing(folder) == [f"{unit} - Aftale 2008.json" for unit in UNITS]
    box = window.exports.last_message
    assert isinstance(box, QMessageBox)
    assert box.windowTitle() == "Eksportér flere til JSON"
    assert box.text() == f"3 aftaler skrevet.\n\nMappe: {folder}"


def test_window_and_command_line_give_the_same_summary(make_window: WindowFactory, three: list[str],
                                                       tmp_path: Path) -> None:
    """The same failure (a folder where HR-staben's file should go) reads the same in both."""
    shown, printed = tmp_path / "vindue", tmp_path / "kommandolinje"
    for folder in (shown, printed):
        (folder / "HR-staben - Aftale 2008.docx").mkdir(parents=True)
    window = make_window()
    window.exports.export_many(2008, three, shown)
    box = window.exports.last_message
    assert isinstance(box, QMessageBox)
    in_window = box.text().removesuffix(f"\n\nMappe: {shown}")

    result = make_cli(tmp_path)("export", "docx", *three, "--out", str(printed), expect=1)

    assert in_window.startswith("2 aftaler skrevet.\n1 kunne ikke skrives:\n  • HR-staben. Aftale 2008: Filen ")
    assert result.stderr.rstrip("\n") == in_window.replace(str(shown), str(printed))
    assert [Path(line).name for line in result.stdout.splitlines()] == [
        "Borgerservice - Aftale 2008.docx", "IT-staben - Aftale 2008.docx"]


def test_ctrl_c_on_the_command_line_is_the_windows_cancel(store: Store, faaborg: Template, tmp_path: Path) -> None:
    """Ctrl+C stops before the next agreement: the files written so far are whole, the summary says it
    was stopped, and the exit status is 130."""
    uuids = [create_agreement(store, faaborg, f"Enhed {n:02d}", 2008) for n in range(60)]
    out = tmp_path / "ud"
    command = [sys.executable, "-m", "desktop", "--data-dir", str(tmp_path), "export", "docx", "--all", "--out",
               str(out)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               encoding="utf-8", env=cli_env(), cwd=tmp_path)
    deadline = time.monotonic() + 60
    while not (out.is_dir() and any(p.suffix == ".docx" for p in out.iterdir())):
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)

    assert process.returncode == 130, (stdout, stderr)
    assert "Traceback" not in stderr
    written = [Path(line).name for line in stdout.splitlines()]
    assert 1 <= len(written) < len(uuids)
    assert folder_listing(out) == sorted(written)  # no half-written or temporary file
    counted = "1 aftale" if len(written) == 1 else f"{len(written)} aftaler"
    assert stderr == f"{counted} skrevet.\nEksporten blev afbrudt; resten er ikke skrevet.\n"
