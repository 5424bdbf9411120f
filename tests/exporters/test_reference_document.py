"""A municipality's own reference document: its letterhead, fonts and colours are used."""

from __future__ import annotations

import subprocess
from pathlib import Path

from docx import Document
from docx.shared import RGBColor

from exporters.docx_writer import DocxOptions, write_docx
from exporters.reference_document import builtin_reference, reference_for
from storage.agreements import load_agreement, template_of
from storage.database import Store
from tests.exporters.libreoffice import LibreOffice, normalise

LETTERHEAD = "Faaborg-Midtfyn Kommune · Direktionssekretariatet · Tlf. 72 53 20 00"


def municipal_reference(path: Path) -> Path:
    """The built-in reference with a letterhead line in the header and green headings."""
    doc = Document(str(builtin_reference()))
    header = doc.sections[0].header
    header.paragraphs[0].text = LETTERHEAD
    doc.styles["Heading 1"].font.color.rgb = RGBColor(0x00, 0x66, 0x33)  # type: ignore[union-attr]
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def pdf_page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [normalise(page) for page in text.split("\f") if page.strip()]


def test_the_users_reference_document_gives_the_letterhead_on_every_page(
        tmp_path: Path, store: Store, demo_uuid: str, libreoffice: LibreOffice) -> None:
    word_dir = tmp_path / "word"
    reference = municipal_reference(word_dir / "reference.docx")
    assert reference_for(word_dir) == reference
    agreement = load_agreement(store, demo_uuid)
    out = write_docx(agreement, template_of(store, agreement), tmp_path / "ud" / "it.docx",
                     DocxOptions(reference=reference_for(word_dir)))

    pages = pdf_page_texts(libreoffice.pdf(out))
    assert len(pages) > 10
    assert all(LETTERHEAD in page for page in pages), "the letterhead is missing on some page"
    # the export's own header line comes below the letterhead, from page 2 on
    assert all("IT-staben. Aftale 2008" in page for page in pages[1:])
    assert "Side 1 af" not in pages[0]

    written = Document(str(out))
    heading = written.styles["Heading 1"]
    assert heading.font.color.rgb == RGBColor(0x00, 0x66, 0x33)  # type: ignore[union-attr]


def test_without_a_users_reference_document_the_builtin_one_is_used(tmp_path: Path) -> None:
    assert reference_for(tmp_path / "word") == builtin_reference()
    assert reference_for(None) == builtin_reference()
    section = Document(str(builtin_reference())).sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)  # type: ignore[union-attr]


def reference_without_list_numbering(path: Path) -> Path:
    doc = Document(str(builtin_reference()))
    for name in ("List Bullet", "List Number"):
        p_pr = doc.styles[name].element.pPr
        p_pr.remove(p_pr.numPr)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def test_list_styles_without_numbering_still_give_visible_lists(
        tmp_path: Path, store: Store, demo_uuid: str, libreoffice: LibreOffice) -> None:
    agreement = load_agreement(store, demo_uuid)
    section = agreement.section_by_key("4.1")
    assert section is not None
    section.values["text"] = "Indledning\n- første punkt\n- andet punkt\n1. trin et\n2. trin to\nAfslutning"
    reference = reference_without_list_numbering(tmp_path / "word" / "reference.docx")
    out = write_docx(agreement, template_of(store, agreement), tmp_path / "it.docx", DocxOptions(reference=reference))
    text = normalise(libreoffice.text(out))
    assert "Indledning • første punkt • andet punkt 1. trin et 2. trin to Afslutning" in text
