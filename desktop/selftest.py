"""``--selftest``: the program checks itself end to end on a temporary store, as a user would use it.

It opens the main window offscreen, creates the demo agreement in it, exports the agreement to Word,
the status overview to Excel and PDF, and the agreement as a bundle that a second, empty store
imports. Each check prints one line (OK or FEJL with the reason and the time it took); the exit status
is 0 only if every check passed. Nothing outside a temporary folder is read or written, so it is safe
to run on a user's machine (the built program's own check after installing).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

Check = tuple[str, Callable[[], str]]


class SelfTest:
    """The checks share one temporary folder, one application and the window they open in turn."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.window: Any = None
        self.uuid = ""
        self.bundle = root / "pakke.aftale"

    def checks(self) -> list[Check]:
        return [
            ("Vinduet åbner på en midlertidig database", self.open_window),
            ("Demoaftalen oprettes i vinduet", self.create_demo),
            ("Aftalen eksporteres til Word (DOCX)", self.export_word),
            ("Statusoversigten eksporteres til Excel (XLSX)", self.export_xlsx),
            ("Statusoversigten eksporteres til PDF", self.export_pdf),
            ("Aftalen sendes som pakke og importeres i en tom database", self.bundle_round_trip),
        ]

    def open_window(self) -> str:
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication

        from desktop.context import open_context
        from desktop.paths import data_paths
        from ui.locale_setup import install_danish
        from ui.main_window import MainWindow

        app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "aftaler"])
        if isinstance(app, QApplication):
            install_danish(app)
        paths = data_paths(self.root / "data")
        paths.root.mkdir(parents=True, exist_ok=True)
        context = open_context(paths)
        settings = QSettings(str(paths.settings), QSettings.Format.IniFormat)
        self.window = MainWindow(context.store, context.templates, settings, backup_dir=paths.backups,
                                 word_dir=paths.word, template_dir=paths.templates)
        self.window.show()
        QApplication.processEvents()
        handle = self.window.windowHandle()
        if handle is None or not handle.isExposed():
            raise AssertionError("vinduet blev ikke vist")
        return f"{QApplication.platformName()}, {self.window.width()}×{self.window.height()} px"

    def create_demo(self) -> str:
        from PySide6.QtWidgets import QApplication

        window = self._window()
        window.open_demo()
        QApplication.processEvents()
        if window.doc is None:
            raise AssertionError("demoaftalen blev ikke åbnet")
        self.uuid = window.doc.uuid
        goals = len(window.doc.agreement.goals)
        if window.tree_model is None or window.tree_model.rowCount() == 0 or goals == 0:
            raise AssertionError("aftalens indhold vises ikke i træet")
        return f"»{window.doc.agreement.title}«, {goals} indsatser"

    def export_word(self) -> str:
        from exporters.docx_export import export_agreement

        window = self._window()
        target = export_agreement(window.store, self._uuid(), self.root / "aftale.docx", window.exports.options())
        with zipfile.ZipFile(target) as docx:
            body = docx.read("word/document.xml").decode("utf-8")
        title = window.doc.agreement.unit
        if title not in body:
            raise AssertionError(f"Word-filen nævner ikke '{title}'")
        return f"{target.stat().st_size // 1024} KB"

    def _overview(self) -> Any:
        from storage.overview import read_overview

        window = self._window()
        overview = read_overview(window.store, window.doc.agreement.year, None)
        if not overview.lines:
            raise AssertionError("statusoversigten har ingen linjer")
        return overview

    def export_xlsx(self) -> str:
        from exporters.overview_xlsx import write_overview_xlsx

        overview = self._overview()
        target = write_overview_xlsx(overview, self.root / "statusoversigt.xlsx")
        with zipfile.ZipFile(target) as xlsx:
            if not any(name.startswith("xl/worksheets/") for name in xlsx.namelist()):
                raise AssertionError("Excel-filen har intet regneark")
        return f"{len(overview.lines)} linjer, {target.stat().st_size // 1024} KB"

    def export_pdf(self) -> str:
        from exporters.overview_pdf import write_overview_pdf

        target = write_overview_pdf(self._overview(), self.root / "statusoversigt.pdf")
        data = target.read_bytes()
        if not data.startswith(b"%PDF") or b"/Page" not in data:
            raise AssertionError("PDF-filen har ingen sider")
        return f"{len(data) // 1024} KB"

    def bundle_round_trip(self) -> str:
        from exporters.bundle_write import write_bundle
        from storage.agreements import load_agreement, template_of
        from storage.bundle_apply import apply_bundle, plan_import
        from storage.bundle_read import read_bundle
        from storage.canonical import to_json
        from storage.database import open_store

        window = self._window()
        write_bundle(window.store, [self._uuid()], self.bundle)
        other = open_store(self.root / "kollega" / "aftaler.sqlite")
        try:
            bundle = read_bundle(self.bundle)
            plan = plan_import(other, bundle)
            if plan.conflicts:
                raise AssertionError("en tom database har konflikter med pakken")
            apply_bundle(other, bundle, self.root / "kollega" / "sikkerhedskopier")
            mine = load_agreement(window.store, self._uuid())
            theirs = load_agreement(other, self._uuid())
            if to_json(mine, template_of(window.store, mine)) != to_json(theirs, template_of(other, theirs)):
                raise AssertionError("den importerede aftale er ikke den samme som den sendte")
        finally:
            other.close()
        return f"{self.bundle.stat().st_size // 1024} KB, indholdet ens begge steder"

    def _window(self) -> Any:
        if self.window is None:
            raise AssertionError("vinduet er ikke åbnet")
        return self.window

    def _uuid(self) -> str:
        if not self.uuid:
            raise AssertionError("der er ingen demoaftale")
        return self.uuid

    def close(self) -> None:
        if self.window is not None:
            self.window.close()
            self.window.store.close()


def run_selftest(out: TextIO | None = None) -> int:
    """Run every check and print one line for each; 0 if all passed, else 1."""
    out = out or sys.stdout
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before the application: the same with or without a screen
    from storage.version import program_version

    print(f"Aftaler {program_version()} – selvtest ({sys.platform}, Python {sys.version.split()[0]})",
          file=out, flush=True)
    started = time.perf_counter()
    failed = 0
    with tempfile.TemporaryDirectory(prefix="aftaler-selvtest-") as temporary:
        test = SelfTest(Path(temporary))
        try:
            for name, check in test.checks():
                begun = time.perf_counter()
                try:
                    detail = check()
                except Exception as exc:  # noqa: BLE001 - every failure is a line of the report
                    failed += 1
                    reason = str(exc) or type(exc).__name__
                    print(f"FEJL  {name}: {reason} ({time.perf_counter() - begun:.1f} s)", file=out, flush=True)
                    if os.environ.get("AFTALER_DEBUG"):
                        traceback.print_exc()
                    continue
                print(f"OK    {name}: {detail} ({time.perf_counter() - begun:.1f} s)", file=out, flush=True)
        finally:
            test.close()
    total = time.perf_counter() - started
    verdict = "alle kontroller bestået" if not failed else f"{failed} kontrol{'ler' if failed > 1 else ''} fejlede"
    print(f"Selvtest: {verdict} på {total:.1f} s.", file=out, flush=True)
    return 0 if not failed else 1
