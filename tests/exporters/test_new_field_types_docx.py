"""The field types of issue 10 in a real Word file, read back by LibreOffice: milestones as a
Hvornår | Milepæl table, the template's own table with its headers, and the weights' overview with
its total and what it must give."""

from __future__ import annotations

from pathlib import Path

from exporters.docx_export import export_agreement
from storage.database import Store
from tests.exporters.libreoffice import LibreOffice, find_in_order, normalise, pdf_text
from tests.storage.test_new_field_types import make, seed


def test_the_new_types_read_back_from_word(store: Store, tmp_path: Path, libreoffice: LibreOffice) -> None:
    docx = export_agreement(store, make(store, seed(weights=(60, 30))), tmp_path / "scorekort.docx")
    pdf, = libreoffice.convert([docx], "pdf")
    text = normalise(pdf_text(pdf))
    find_in_order(text, [
        "1. Mål – Mål nummer 1", "Vægt", "60",
        "Milepæle", "Hvornår", "Milepæl", "31.03.2023", "Plan vedtaget", "2. kvt. 2023", "Ti pladser",
        "september–december 2023", "Evaluering",
        "Pointskala", "Opfyldelsesgrad", "Point", "Fuldt opfyldt", "10", "Ikke opfyldt", "0",
        "2. Mål – Mål nummer 2", "Vægt", "30",
        "Vægt for alle indsatser", "Indsats", "Vægt", "1. Mål – Mål nummer 1", "60", "2. Mål – Mål nummer 2", "30",
        "I alt", "90 (skal give 100)", "Underskrifter",
    ])


def test_a_total_that_adds_up_is_printed_plainly(store: Store, tmp_path: Path, libreoffice: LibreOffice) -> None:
    docx = export_agreement(store, make(store, seed(weights=(60, 40))), tmp_path / "scorekort.docx")
    pdf, = libreoffice.convert([docx], "pdf")
    text = normalise(pdf_text(pdf))
    find_in_order(text, ["Vægt for alle indsatser", "I alt", "100", "Underskrifter"])
    assert "skal give" not in text
