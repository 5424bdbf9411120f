"""Minutes exported to Word, read back by LibreOffice (not python-docx): the Albertslund form."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from exporters.errors import ExportError
from exporters.minutes_docx import export_minutes, minutes_file_name
from storage.agreements import create_agreement
from storage.database import Store
from storage.edits import add_goal
from storage.minutes import add_item, create_meeting, edit_item, load_meeting, set_item_goals
from storage.template_model import Template
from tests.exporters.libreoffice import LibreOffice, find_in_order, normalise, pdf_text, require


@pytest.fixture
def meeting(store: Store, faaborg: Template) -> str:
    """Chefforum 3.3.2016 with two items; the second concerns IT-staben's Helpdesk goal."""
    agreement = create_agreement(store, faaborg, "IT-staben", 2008)
    add_goal(store, agreement, "faglig", values={"title": "Serviceportal"})
    helpdesk = add_goal(store, agreement, "faglig", values={"title": "Helpdesk"})
    uuid = create_meeting(store, "Chefforum", "3.3.2016", place="Mødelokale 2 - forhal", time="9.00")
    first = add_item(store, uuid, "CF - Godkendelse af dagsorden og referat")
    edit_item(store, first, "resume", "Her gives et kort resumé af sagen.")
    edit_item(store, first, "recommended_by", "Kommunaldirektøren")
    edit_item(store, first, "recommendation", ["dagsorden og referat fra d. 18. februar 2016 godkendes"])
    edit_item(store, first, "background", "Sagsfremstillingen skal så vidt muligt begrænses til 1 A4 side.")
    edit_item(store, first, "decision", "Dagsorden og referat blev godkendt.")
    second = add_item(store, uuid, "CF - Status på helpdesk")
    edit_item(store, second, "resume", "Der gives en status på helpdesken.")
    edit_item(store, second, "recommended_by", "Afdelingschefen for Økonomi & Stab")
    edit_item(store, second, "recommendation", ["status på indsatserne tages til efterretning",
                                                "processen for telefonpolitikken godkendes"])
    edit_item(store, second, "background", "Svartiden er faldet.\n- 85 % inden 4 timer\n- 60 % via portalen")
    edit_item(store, second, "decision", "Indstillingen blev godkendt.")
    set_item_goals(store, second, [helpdesk])
    return uuid


def test_minutes_read_back_in_the_albertslund_form(store: Store, meeting: str, tmp_path: Path,
                                                   libreoffice: LibreOffice) -> None:
    target = export_minutes(store, meeting, tmp_path / minutes_file_name(load_meeting(store, meeting)))
    assert target.name == "Referat Chefforum 2016-03-03.docx"
    text = normalise(libreoffice.text(target))
    start = find_in_order(text, [
        "REFERAT Chefforum d. 03.03.2016",
        "Mødedato Torsdag d. 3. marts 2016 kl. 09:00",
        "Mødested Mødelokale 2 - forhal",
        "Indholdsfortegnelse",
        "Punkt 1: CF - Godkendelse af dagsorden og referat",
        "Punkt 2: CF - Status på helpdesk",
    ])
    find_in_order(text, [
        "Punkt 1: CF - Godkendelse af dagsorden og referat",
        "Resume", "Her gives et kort resumé af sagen.",
        "Indstilling", "Kommunaldirektøren indstiller,",
        "1. at dagsorden og referat fra d. 18. februar 2016 godkendes",
        "Sagsfremstilling", "Sagsfremstillingen skal så vidt muligt begrænses til 1 A4 side.",
        "Beslutning", "Dagsorden og referat blev godkendt.",
        "Punkt 2: CF - Status på helpdesk",
        "Vedrører: Bilag 2b Faglig indsats – Helpdesk (IT-staben)",
        "Resume", "Der gives en status på helpdesken.",
        "Indstilling", "Afdelingschefen for Økonomi & Stab indstiller,",
        "1. at status på indsatserne tages til efterretning",
        "2. at processen for telefonpolitikken godkendes",
        "Sagsfremstilling", "Svartiden er faldet.", "85 % inden 4 timer", "60 % via portalen",
        "Beslutning", "Indstillingen blev godkendt.",
    ], start)
    assert text.count("Vedrører:") == 1  # only the item linked to a goal names one


def test_minutes_render_as_pages_with_header_and_page_numbers(store: Store, meeting: str, tmp_path: Path,
                                                              libreoffice: LibreOffice) -> None:
    target = export_minutes(store, meeting, tmp_path / "referat.docx")
    pdf = libreoffice.pdf(target)
    first_page = normalise(pdf_text(pdf, 1))
    assert "REFERAT Chefforum d. 03.03.2016" in first_page
    assert "Side 1 af" in first_page
    second_page = normalise(pdf_text(pdf, 2))
    assert "Punkt 1: CF - Godkendelse af dagsorden og referat" in second_page  # the items start after the contents
    png = tmp_path / "side"
    subprocess.run([require("pdftoppm"), "-png", "-r", "60", "-f", "2", "-l", "2", str(pdf), str(png)], check=True)
    assert list(tmp_path.glob("side*.png")), "pdftoppm wrote no picture"


def test_an_empty_meeting_and_empty_parts_still_export(store: Store, tmp_path: Path,
                                                       libreoffice: LibreOffice) -> None:
    empty = create_meeting(store, "Dialogmøde IT-staben", "1.9.2008")
    item_meeting = create_meeting(store, "Dialogmøde HR", "2.9.2008")
    add_item(store, item_meeting, "Status")
    texts = [normalise(t) for t in libreoffice.texts([export_minutes(store, empty, tmp_path / "a.docx"),
                                                      export_minutes(store, item_meeting, tmp_path / "b.docx")])]
    find_in_order(texts[0], ["REFERAT Dialogmøde IT-staben d. 01.09.2008", "Mødested —",
                             "Referatet har ingen punkter endnu."])
    find_in_order(texts[1], ["Punkt 1: Status", "Resume —", "Indstilling —", "Sagsfremstilling —", "Beslutning —"])


def test_a_target_that_cannot_be_written_is_refused_in_danish(store: Store, meeting: str, tmp_path: Path) -> None:
    blocker = tmp_path / "fil"
    blocker.write_text("ikke en mappe")
    with pytest.raises(ExportError, match="referat.docx. kunne ikke gemmes"):
        export_minutes(store, meeting, blocker / "referat.docx")
    broken = tmp_path / "reference.docx"
    broken.write_text("ikke en Word-fil")
    with pytest.raises(ExportError, match="Word-skabelonen .* kan ikke bruges"):
        export_minutes(store, meeting, tmp_path / "referat.docx", reference=broken)
    assert not (tmp_path / "referat.docx").exists()
    assert not list(tmp_path.glob(".referat-*"))
