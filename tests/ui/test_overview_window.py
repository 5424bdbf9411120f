"""The status overview window on a real store: the demo agreement (Faaborg) and a Skanderborg agreement,
two rounds of 2008. What the user reads in the table and the counts, what the filters, sorting and
double-click do, and what print preview and "Gem som PDF" produce."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QTableView
from pytestqt.qtbot import QtBot

from storage.database import Store, open_store
from storage.followup import create_round
from storage.formatting import format_date
from storage.seed import create_from_seed, demo_seed
from storage.templates import TemplateRegistry
from tests.conftest import WindowFactory
from tests.exporters.test_overview_pdf import (
    FollowedUp,
    add_own_scale_agreement,
    header_row,
    pdf_pages,
    seed_followed_up,
)
from ui.overview_model import COLUMNS
from ui.overview_window import OverviewWindow


@pytest.fixture
def seeded_on() -> date:
    """The local date just before the statuses are set (a run may pass midnight before the test reads them)."""
    return date.today()


@pytest.fixture
def followed_up(store: Store, registry: TemplateRegistry, seeded_on: date) -> FollowedUp:
    return seed_followed_up(store, registry)


@pytest.fixture
def overview(qtbot: QtBot, store_path: Path, followed_up: FollowedUp) -> OverviewWindow:
    """The window on its own connection to the seeded store, as the benchmark builds it."""
    own = open_store(store_path)
    window = OverviewWindow(own, 2008)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    own.close()


def table(window: OverviewWindow) -> list[dict[str, str]]:
    """The rows as shown (filtered and sorted), by column header."""
    view = window.table
    model = view.model()
    return [{name: str(model.index(row, column).data() or "") for column, name in enumerate(COLUMNS)}
            for row in range(model.rowCount())]


def row_of(window: OverviewWindow, title: str) -> int:
    return next(i for i, row in enumerate(table(window)) if row["Indsats"].strip() == title)


def choose(combo: QComboBox, text: str) -> None:
    """Pick an entry as the user does (activated, not only the current index)."""
    index = combo.findText(text)
    assert index >= 0, [combo.itemText(i) for i in range(combo.count())]
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def summary(window: OverviewWindow) -> dict[str, dict[str, str]]:
    model = window.summary_view.model()
    columns = [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]
    return {str(model.headerData(r, Qt.Orientation.Vertical)):
            {name: str(model.index(r, c).data()) for c, name in enumerate(columns)} for r in range(model.rowCount())}


def background(window: OverviewWindow, row: int, column: str) -> QColor:
    brush = window.table.model().index(row, COLUMNS.index(column)).data(Qt.ItemDataRole.BackgroundRole)
    return brush.color()


# --- what the table shows -------------------------------------------------------------------------

def test_every_goal_of_both_agreements_in_the_latest_round(overview: OverviewWindow, seeded_on: date) -> None:
    assert overview.round_combo.currentText() == "Status-opfølgning (1. september 2008)"
    assert overview.windowTitle() == "Statusoversigt 2008 – Status-opfølgning (1. september 2008)"
    rows = table(overview)
    assert len(rows) == 11 + 3
    assert [r["Nr."] for r in rows[:3]] == ["Bilag 1", "Bilag 2a", "Bilag 2b"]
    helpdesk = rows[row_of(overview, "Helpdesk")]
    set_by = helpdesk.pop("Sat af")
    assert set_by in {f"mette {format_date(day.isoformat())}" for day in (seeded_on, date.today())}
    assert helpdesk == {"Enhed": "IT-staben", "Aftale": "IT-staben. Aftale 2008", "Nr.": "Bilag 2a",
                        "Indsats": "Helpdesk", "Type": "Faglig indsats", "Status": "✓ Grøn",
                        "Kommentar": "Serviceportalen kører", "Målt værdi": "4,5"}
    skanderborg = rows[row_of(overview, "Nedbringelse af sygefravær")]
    assert (skanderborg["Enhed"], skanderborg["Nr."], skanderborg["Type"], skanderborg["Status"],
            skanderborg["Målt værdi"]) == ("Ældre og Handicap", "A.", "Udviklingsmål", "✓ Grøn", "5")
    assert rows[row_of(overview, "Digitalisering")]["Status"] == "? Kan ikke vurderes"
    # a goal nobody assessed in the round says so, and why its cells are empty
    groupwise = rows[row_of(overview, "Groupwise")]
    assert (groupwise["Status"], groupwise["Kommentar"], groupwise["Sat af"]) == \
        ("– Ikke vurderet", "(ikke vurderet i runden)", "")
    assert not overview.reason_label.isVisible()


def test_rows_are_coloured_by_status_and_read_without_colour(overview: OverviewWindow) -> None:
    green, yellow, red = (row_of(overview, t) for t in ("Helpdesk", "Sikkerhedspolitik, herunder IT-Sikkerhed",
                                                        "IKT-strategi"))
    colours = {name: background(overview, row, "Status") for name, row in
               (("green", green), ("yellow", yellow), ("red", red))}
    assert colours["green"].green() > colours["green"].red()
    assert colours["red"].red() > colours["red"].green()
    assert colours["yellow"].red() > colours["yellow"].blue() and colours["yellow"].green() > colours["yellow"].blue()
    assert background(overview, green, "Enhed") != background(overview, red, "Enhed")  # the whole row, lighter
    # the same rows read in black and white: a symbol and a word
    statuses = [r["Status"] for r in table(overview)]
    assert {s.split(" ", 1)[0] for s in statuses} == {"✓", "!", "✗", "?", "–"}


def test_counts_per_unit_and_status(overview: OverviewWindow) -> None:
    counts = summary(overview)
    assert list(counts) == ["IT-staben", "Ældre og Handicap", "I alt"]
    assert list(counts["I alt"]) == ["✓ Grøn", "! Gul", "✗ Rød", "? Kan ikke vurderes", "– Ikke vurderet", "I alt"]
    assert counts["IT-staben"] == {"✓ Grøn": "1", "! Gul": "1", "✗ Rød": "1", "? Kan ikke vurderes": "0",
                                   "– Ikke vurderet": "8", "I alt": "11"}
    assert counts["Ældre og Handicap"]["✓ Grøn"] == "1" and counts["Ældre og Handicap"]["I alt"] == "3"
    assert counts["I alt"]["✓ Grøn"] == "2" and counts["I alt"]["I alt"] == "14"


# --- filters, sorting, rounds -----------------------------------------------------------------------

def test_filter_by_status_unit_and_kind(overview: OverviewWindow) -> None:
    choose(overview.status_combo, "! Gul")
    assert [r["Indsats"] for r in table(overview)] == ["Sikkerhedspolitik, herunder IT-Sikkerhed"]
    choose(overview.status_combo, "Alle")
    choose(overview.unit_combo, "Ældre og Handicap")
    assert [r["Indsats"] for r in table(overview)] == ["Nedbringelse af sygefravær", "Digitalisering",
                                                       "Rekruttering"]
    choose(overview.status_combo, "✓ Grøn")
    assert [r["Indsats"] for r in table(overview)] == ["Nedbringelse af sygefravær"]
    assert overview.statusBar().currentMessage() == "1 indsatser vist"
    choose(overview.status_combo, "Alle")
    choose(overview.unit_combo, "Alle")
    choose(overview.kind_combo, "Koncernindsats")
    assert [r["Nr."] for r in table(overview)] == ["Bilag 4a", "Bilag 4b"]
    assert [overview.kind_combo.itemText(i) for i in range(overview.kind_combo.count())] == \
        ["Alle", "Politisk indsats", "Faglig indsats", "Eget indsats", "Koncernindsats", "Udviklingsmål"]


def test_sub_goals_and_actions_shown_on_request(overview: OverviewWindow) -> None:
    choose(overview.unit_combo, "IT-staben")
    overview.details_box.setChecked(True)
    rows = table(overview)
    helpdesk = [r["Indsats"].strip() for r in rows if r["Nr."] == "Bilag 2a"]
    assert helpdesk[0] == "Helpdesk" and len(helpdesk) == 6
    assert helpdesk[1].startswith("Delmål: Helpdesk serviceportal") and helpdesk[3].startswith("Handling: ")
    assert overview.unit_combo.currentText() == "IT-staben"  # the filter stays
    overview.details_box.setChecked(False)
    assert len(table(overview)) == 11


def test_sorting_by_status_measured_value_and_back_to_the_outline(overview: OverviewWindow) -> None:
    overview.table.sortByColumn(COLUMNS.index("Status"), Qt.SortOrder.AscendingOrder)
    statuses = [r["Status"] for r in table(overview)]
    assert statuses[:5] == ["✓ Grøn", "✓ Grøn", "! Gul", "✗ Rød", "? Kan ikke vurderes"]
    assert set(statuses[5:]) == {"– Ikke vurderet"}
    overview.table.sortByColumn(COLUMNS.index("Status"), Qt.SortOrder.DescendingOrder)
    assert table(overview)[-1]["Status"] == "✓ Grøn" and table(overview)[0]["Status"] == "– Ikke vurderet"
    overview.table.sortByColumn(COLUMNS.index("Målt værdi"), Qt.SortOrder.AscendingOrder)
    assert [r["Målt værdi"] for r in table(overview)[:2]] == ["4,5", "5"]
    overview.table.sortByColumn(COLUMNS.index("Enhed"), Qt.SortOrder.DescendingOrder)
    assert table(overview)[0]["Enhed"] == "Ældre og Handicap"
    overview.table.sortByColumn(COLUMNS.index("Nr."), Qt.SortOrder.AscendingOrder)
    assert [r["Nr."] for r in table(overview)][:4] == ["Bilag 1", "Bilag 2a", "Bilag 2b", "Bilag 2c"]


def test_an_earlier_round_is_chosen_in_the_round_box(overview: OverviewWindow) -> None:
    assert [overview.round_combo.itemText(i) for i in range(overview.round_combo.count())] == \
        ["Status-opfølgning (1. september 2008)", "Forårsstatus (1. marts 2008)"]
    choose(overview.round_combo, "Forårsstatus (1. marts 2008)")
    helpdesk = table(overview)[row_of(overview, "Helpdesk")]
    assert (helpdesk["Status"], helpdesk["Kommentar"]) == ("✗ Rød", "Serviceportalen er ikke startet")
    assert summary(overview)["I alt"]["I alt"] == "14" and summary(overview)["I alt"]["✓ Grøn"] == "0"
    assert summary(overview)["IT-staben"]["✗ Rød"] == "1"


def test_no_round_shows_every_goal_and_says_why_statuses_are_empty(
        qtbot: QtBot, store: Store, registry: TemplateRegistry) -> None:
    create_from_seed(store, registry, demo_seed())
    window = OverviewWindow(store, 2008)
    qtbot.addWidget(window)
    window.show()
    assert window.round_combo.currentText() == "(ingen runde)" and not window.round_combo.isEnabled()
    assert window.reason_label.isVisible()
    assert "Der er ingen opfølgningsrunde for 2008" in window.reason_label.text()
    rows = table(window)
    assert len(rows) == 11
    assert {(r["Status"], r["Kommentar"]) for r in rows} == {("– Ikke vurderet", "(ingen opfølgningsrunde for året)")}


def test_no_agreements_says_so(qtbot: QtBot, store: Store) -> None:
    window = OverviewWindow(store)
    qtbot.addWidget(window)
    window.show()
    assert table(window) == [] and window.summary_view.model().rowCount() == 0
    assert window.reason_label.text() == f"Der er ingen aftaler med indsatser for {date.today().year}, så " \
                                         "oversigten er tom."


# --- print and PDF ----------------------------------------------------------------------------------

def test_save_as_pdf_prints_the_rows_shown(overview: OverviewWindow, tmp_path: Path) -> None:
    choose(overview.unit_combo, "Ældre og Handicap")
    written = overview.save_pdf(target=tmp_path / "oversigt.pdf")
    assert written == tmp_path / "oversigt.pdf"
    page = pdf_pages(written)[0]
    assert "Statusoversigt 2008 – Status-opfølgning (1. september 2008)" in page and header_row(page)
    assert "Nedbringelse af sygefravær" in page and "Rekruttering" in page and "Helpdesk" not in page
    assert "PDF-filen er gemt" in overview.statusBar().currentMessage()


def test_a_pdf_that_cannot_be_written_is_said_in_danish(overview: OverviewWindow, tmp_path: Path,
                                                        qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QMessageBox

    from tests.ui.helpers import drive_modal

    seen: list[str] = []
    errors = drive_modal(qtbot, QMessageBox, lambda box: (seen.append(box.text()), box.accept()))
    assert overview.save_pdf(target=tmp_path / "mangler" / "o.pdf") is None
    assert not errors and len(seen) == 1
    assert seen[0].startswith("PDF-filen") and "kunne ikke gemmes" in seen[0]


def test_print_preview_shows_the_pages_of_the_pdf(overview: OverviewWindow, tmp_path: Path, qtbot: QtBot) -> None:
    overview.details_box.setChecked(True)  # sub-goals and actions too: several pages
    pages = len(pdf_pages(overview.save_pdf(target=tmp_path / "alt.pdf")))
    assert pages > 1
    dialog = overview.print_preview()
    assert isinstance(dialog, QPrintPreviewDialog) and dialog.isVisible()
    preview = dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: preview.pageCount() == pages, timeout=5000)
    assert preview.orientation().name == "Landscape"
    dialog.close()


# --- in the main window -----------------------------------------------------------------------------

def test_the_menu_opens_the_window_and_double_click_selects_the_goal(
        make_window: WindowFactory, followed_up: FollowedUp, qtbot: QtBot) -> None:
    main = make_window()
    entries = [a for a in main.followup_menu.actions() if not a.isSeparator()]
    assert entries[0] is main.overview_action
    assert main.overview_action.text().replace("&", "") == "Statusoversigt …"
    assert main.overview_action.shortcut().toString(QKeySequence.SequenceFormat.PortableText) == "Ctrl+Shift+O"
    main.overview_action.trigger()
    window = main.overview_window
    assert isinstance(window, OverviewWindow) and window.isVisible() and not window.isModal()
    assert len(table(window)) == 14

    for title, agreement in (("Nedbringelse af sygefravær", followed_up.skanderborg),
                             ("IKT-strategi", followed_up.demo)):
        view: QTableView = window.table
        index = view.model().index(row_of(window, title), COLUMNS.index("Indsats"))
        view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        centre: QPoint = view.visualRect(index).center()
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        assert main.doc is not None and main.doc.uuid == agreement
        assert main.selected_goal() == followed_up.goals[title]
        assert main.form.node_uuid == followed_up.goals[title]


def test_the_menu_again_rereads_what_changed(make_window: WindowFactory, followed_up: FollowedUp) -> None:
    from storage.followup import set_status

    main = make_window()
    window = main.show_overview()
    assert table(window)[row_of(window, "Groupwise")]["Status"] == "– Ikke vurderet"
    set_status(main.store, followed_up.autumn, followed_up.goals["Groupwise"], "rød", "Klyngen mangler", None, "lis")
    assert main.show_overview() is window
    assert (table(window)[row_of(window, "Groupwise")]["Status"],
            table(window)[row_of(window, "Groupwise")]["Kommentar"]) == ("✗ Rød", "Klyngen mangler")


def test_a_second_scale_and_a_round_of_one_agreement(
        qtbot: QtBot, store: Store, registry: TemplateRegistry, followed_up: FollowedUp) -> None:
    school = add_own_scale_agreement(store, registry, followed_up.autumn)
    window = OverviewWindow(store, 2008)
    qtbot.addWidget(window)
    window.show()
    assert table(window)[row_of(window, "Inklusion")]["Status"] == "▲ I risiko"
    assert "▲ I risiko" in [window.status_combo.itemText(i) for i in range(window.status_combo.count())]
    choose(window.status_combo, "▲ I risiko")
    assert [r["Enhed"] for r in table(window)] == ["Skolen"]
    counts = summary(window)
    assert counts["Skolen"]["▲ I risiko"] == "1" and counts["Skolen"]["● Efter planen"] == "0"
    assert counts["Skolen"]["I alt"] == "2" and counts["I alt"]["I alt"] == "16"

    create_round(store, "Skolens egen status", date(2008, 10, 1), agreement_uuid=school)
    window.reload()  # reading again keeps the round shown …
    assert window.round_combo.currentText() == "Status-opfølgning (1. september 2008)"
    window.load(2008)  # … the year afresh shows its latest round: now the school's own
    assert window.round_combo.currentText() == "Skolens egen status (1. oktober 2008) · én aftale"
    assert window.reason_label.text() == "Runden »Skolens egen status« gælder kun én aftale (Skolen)."
    assert {r["Enhed"] for r in table(window)} == {"Skolen"}
    choose(window.round_combo, "Status-opfølgning (1. september 2008)")
    assert len(table(window)) == 16 and not window.reason_label.isVisible()
