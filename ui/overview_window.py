"""The status overview window: every goal of a year's agreements with its status in one round.

Filter by unit, goal kind and status, sort by any column, counts per unit and status below;
double-click a row to open its goal in the main window (``goalChosen``). "Udskriv …" opens a print
preview and "Gem som PDF …" writes the PDF — both painted by ``exporters.overview_pdf``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from exporters.errors import ExportError, danish_reason
from exporters.overview_pdf import (
    level_counts,
    overview_title,
    paint_overview,
    pdf_file_name,
    prepare_device,
    write_overview_pdf,
)
from storage.agreements import years
from storage.database import Store
from storage.errors import StoreError
from storage.followup import Round, rounds
from storage.overview import Overview, read_overview
from ui.overview_model import LINE_ROLE, ChoiceModel, OverviewFilter, OverviewModel, SummaryModel

ALL = "Alle"


class OverviewWindow(QMainWindow):
    #: (agreement uuid, goal uuid) of the row double-clicked
    goalChosen = Signal(str, str)  # noqa: N815 - Qt's naming

    def __init__(self, store: Store | Callable[[], Store], year: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store if callable(store) else (lambda: store)
        self.setWindowTitle("Statusoversigt")
        self.resize(1200, 760)
        self.overview: Overview = Overview(year=year or date.today().year, round=None)
        self.preview: QPrintPreviewDialog | None = None
        self.printer: QPrinter | None = None
        self.model = OverviewModel(self)
        self.proxy = OverviewFilter(self)
        self.proxy.setSourceModel(self.model)

        self.year_combo = self._combo()
        self.round_combo = self._combo()
        self.round_combo.setMinimumContentsLength(30)
        self.unit_combo = self._combo()
        self.kind_combo = self._combo()
        self.status_combo = self._combo()
        self.details_box = QCheckBox("Vis &delmål og handlinger", self)
        self.refresh_button = QPushButton("&Opdatér", self)
        self.refresh_button.setShortcut(QKeySequence.StandardKey.Refresh)
        self.print_button = QPushButton("&Udskriv …", self)
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.pdf_button = QPushButton("Gem som &PDF …", self)
        self.reason_label = QLabel(self)
        self.reason_label.setWordWrap(True)
        self.reason_label.setStyleSheet("color: #8a4b00;")

        self.table = QTableView(self)
        self.table.setObjectName("overviewTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the outline's order until a header is clicked
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        # one line per row (the whole text is in the tooltip): sizing thousands of rows to their text is slow
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        for column, width in enumerate((140, 170, 70, 290, 120, 150, 290, 80, 120)):
            self.table.setColumnWidth(column, width)
        header.setStretchLastSection(True)
        self.summary = SummaryModel(self)
        self.summary_view = QTableView(self)
        self.summary_view.setObjectName("overviewSummary")
        self.summary_view.setModel(self.summary)
        self.summary_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.summary_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        self._lay_out()
        self.year_combo.activated.connect(lambda: self.load(self.year_combo.currentData()))
        self.round_combo.activated.connect(lambda: self.load(self.overview.year, self.round_combo.currentData()))
        for combo in (self.unit_combo, self.kind_combo, self.status_combo):
            combo.activated.connect(self._apply_filter)
        self.details_box.toggled.connect(self._details_toggled)
        self.refresh_button.clicked.connect(self.reload)
        self.print_button.clicked.connect(self.print_preview)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.table.doubleClicked.connect(self._chosen)
        self.load(year)

    def _combo(self) -> QComboBox:
        combo = QComboBox(self)
        combo.setModel(ChoiceModel(combo))
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return combo

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        for text, widget in (("&År:", self.year_combo), ("&Runde:", self.round_combo), ("&Enhed:", self.unit_combo),
                             ("&Type:", self.kind_combo), ("&Status:", self.status_combo)):
            label = QLabel(text, self)
            label.setBuddy(widget)
            top.addWidget(label)
            top.addWidget(widget)
        top.addWidget(self.details_box)
        top.addStretch(1)
        for button in (self.refresh_button, self.print_button, self.pdf_button):
            top.addWidget(button)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(QLabel("<b>Indsatser pr. enhed og status</b>", self))
        lower_layout.addWidget(self.summary_view)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addLayout(top)
        layout.addWidget(self.reason_label)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

    # --- reading -------------------------------------------------------------------------------

    @property
    def store(self) -> Store:
        return self._store()

    def reload(self) -> None:
        """Read the shown year and round again (statuses may have changed in the main window)."""
        self.load(self.overview.year, self.overview.round.uuid if self.overview.round else None)

    def load(self, year: int | None = None, round_uuid: str | None = None) -> None:
        """Show ``year`` (default: the newest year with agreements) in ``round_uuid`` (default: its latest round)."""
        try:
            known = sorted(set(years(self.store)) | {r.year for r in rounds(self.store)}, reverse=True)
            year = year if year is not None else (known[0] if known else date.today().year)
            year_rounds = rounds(self.store, year)
            chosen = next((r for r in year_rounds if r.uuid == round_uuid), year_rounds[-1] if year_rounds else None)
            overview = read_overview(self.store, year, chosen, goals_only=not self.details_box.isChecked())
        except (StoreError, sqlite3.Error) as exc:
            reason = str(exc) if isinstance(exc, StoreError) else danish_reason(exc)
            QMessageBox.warning(self, "Statusoversigt", f"Oversigten kunne ikke læses: {reason}")
            return
        self._fill_combo(self.year_combo, [(str(y), y) for y in sorted(set(known) | {year}, reverse=True)], year)
        self._fill_combo(self.round_combo, [(self._round_text(r), r.uuid) for r in reversed(year_rounds)]
                         or [("(ingen runde)", None)], chosen.uuid if chosen else None)
        self.round_combo.setEnabled(bool(year_rounds))
        self.set_overview(overview)

    def _details_toggled(self, shown: bool) -> None:
        """Sub-goals and actions are read when first asked for (the goals alone fill the window fast)."""
        if shown and self.overview.goals_only:
            self.reload()
        else:
            self.set_overview(self.overview)

    @staticmethod
    def _round_text(the_round: Round) -> str:
        closed = " · lukket" if the_round.closed else ""
        scope = " · én aftale" if the_round.agreement_uuid else ""
        return f"{the_round.label}{scope}{closed}"

    def set_overview(self, overview: Overview) -> None:
        """Fill the table, the filters, the counts and the reason line from ``overview``."""
        self.overview = overview
        self.model.set_overview(overview, self.details_box.isChecked())
        goals = overview.goals()
        self._fill_combo(self.unit_combo, self._choices(sorted({g.unit for g in goals}, key=str.casefold)),
                         self.unit_combo.currentData())
        self._fill_combo(self.kind_combo, self._choices(list(dict.fromkeys(g.kind_name for g in goals))),
                         self.kind_combo.currentData())
        levels = [(f"{level.symbol} {level.name}", level.name) for level, _ in level_counts(overview, goals)]
        self._fill_combo(self.status_combo, [(ALL, None), *levels], self.status_combo.currentData())
        self._apply_filter()
        self.summary.set_overview(overview)
        self.reason_label.setText(self.reason())
        self.reason_label.setVisible(bool(self.reason_label.text()))
        self.setWindowTitle(overview_title(overview))

    def reason(self) -> str:
        """Why the table or its status cells are empty ('' when neither is)."""
        year = self.overview.year
        if not self.overview.lines:
            return f"Der er ingen aftaler med indsatser for {year}, så oversigten er tom."
        if self.overview.round is None:
            return (f"Der er ingen opfølgningsrunde for {year}: alle indsatser står som »ikke vurderet«. "
                    "Opret en runde under Opfølgning.")
        if self.overview.round.agreement_uuid is not None:
            return f"Runden »{self.overview.round.name}« gælder kun én aftale ({self.overview.lines[0].unit})."
        return ""

    @staticmethod
    def _choices(names: list[str]) -> list[tuple[str, str | None]]:
        return [(ALL, None)] + [(name, name) for name in names]

    @staticmethod
    def _fill_combo(combo: QComboBox, items: Sequence[tuple[str, object]], current: object) -> None:
        """New entries (text, value); the entry with value ``current`` stays chosen if there is one."""
        model = combo.model()
        assert isinstance(model, ChoiceModel)
        model.set_choices(list(items))
        values = [value for _, value in items]
        combo.setCurrentIndex(values.index(current) if current is not None and current in values else 0)

    def _apply_filter(self) -> None:
        self.proxy.set_filter(self.unit_combo.currentData(), self.kind_combo.currentData(),
                              self.status_combo.currentData())
        shown = self.proxy.rowCount()
        what = "linjer" if self.details_box.isChecked() else "indsatser"
        self.statusBar().showMessage(f"{shown} {what} vist")

    # --- acting ------------------------------------------------------------------------------------

    def _chosen(self, index: QModelIndex) -> None:
        line = index.data(LINE_ROLE)
        if line is not None:
            self.goalChosen.emit(line.agreement_uuid, line.goal_uuid)

    def print_preview(self) -> QPrintPreviewDialog:
        """The print preview of the rows shown (landscape A4); the user prints from it."""
        if self.preview is not None:
            self.preview.close()
            self.preview.deleteLater()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        prepare_device(printer)
        printer.setDocName(overview_title(self.overview))
        overview, lines = self.overview, self.proxy.visible_lines()
        dialog = QPrintPreviewDialog(printer, self)
        dialog.setWindowTitle(f"Udskriv – {overview_title(overview)}")
        dialog.paintRequested.connect(lambda device: paint_overview(device, overview, lines))
        dialog.open()
        self.preview, self.printer = dialog, printer  # the dialog does not own the printer: keep both alive
        return dialog

    def save_pdf(self, _checked: bool = False, target: Path | None = None) -> Path | None:
        """Write the rows shown as a PDF at ``target`` (asked for if None); problems in Danish."""
        if target is None:
            start = str(Path.home() / pdf_file_name(self.overview))
            chosen, _ = QFileDialog.getSaveFileName(self, "Gem statusoversigten som PDF", start, "PDF-fil (*.pdf)")
            if not chosen:
                return None
            target = Path(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf")
        try:
            written = write_overview_pdf(self.overview, target, lines=self.proxy.visible_lines())
        except ExportError as exc:
            QMessageBox.warning(self, "Gem som PDF", str(exc))
            return None
        self.statusBar().showMessage(f"PDF-filen er gemt: {written}", 10000)
        return written

