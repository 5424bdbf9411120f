"""Issue 11, the layout a secretary sees, read from the Word file's XML with lxml (not python-docx) and
from LibreOffice's PDF: heading styles, the contents list with page numbers and no question on opening,
the shaded label column, the action table's repeated header row and whole rows, the borderless signature
table, a page break before every appendix, page size and margins; and 6.1, Bilag 1, the action-plan
columns and the Skanderborg title page as the example agreements have them."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from exporters.contents_pages import tools
from exporters.docx_export import export_agreement
from storage.database import open_store
from storage.seed import create_from_seed, demo_seed
from storage.templates import TemplateRegistry
from tests.exporters.libreoffice import LibreOffice, normalise, pdf_text
from tests.exporters.test_docx_content import make_skanderborg

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CM = 567  # twips per centimetre (rounded as Word stores them)


@dataclass
class Docx:
    path: Path
    body: etree._Element
    settings: etree._Element
    pdf: Path

    def paragraphs(self) -> list[etree._Element]:
        return [p for p in self.body if p.tag == f"{W}p"]

    def tables(self) -> list[etree._Element]:
        return [t for t in self.body if t.tag == f"{W}tbl"]


def text(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def style(paragraph: etree._Element) -> str | None:
    found = paragraph.find(f"{W}pPr/{W}pStyle")
    return None if found is None else found.get(f"{W}val")


def read(docx: Path, pdf: Path) -> Docx:
    with zipfile.ZipFile(docx) as archive:
        body = etree.fromstring(archive.read("word/document.xml")).find(f"{W}body")
        settings = etree.fromstring(archive.read("word/settings.xml"))
    return Docx(docx, body, settings, pdf)


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory, registry: TemplateRegistry,
         libreoffice: LibreOffice) -> Iterator[dict[str, Docx]]:
    folder = tmp_path_factory.mktemp("layout")
    store = open_store(folder / "aftaler.sqlite")
    try:
        files = {"demo": export_agreement(store, create_from_seed(store, registry, demo_seed()), folder / "demo.docx"),
                 "skanderborg": export_agreement(
                     store, make_skanderborg(store, registry.get("skanderborg-udviklingsaftale")),
                     folder / "skanderborg.docx")}
        pdfs = libreoffice.pdfs(list(files.values()))
        yield {name: read(path, pdf) for (name, path), pdf in zip(files.items(), pdfs, strict=True)}
    finally:
        store.close()


@pytest.mark.parametrize("name", ["demo", "skanderborg"])
def test_page_size_and_margins_are_a4_with_the_reference_margins(docs: dict[str, Docx], name: str) -> None:
    sect = docs[name].body.find(f"{W}sectPr")
    size, margins = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
    assert (int(size.get(f"{W}w")), int(size.get(f"{W}h"))) == (11906, 16838)  # A4 portrait
    assert [round(int(margins.get(f"{W}{side}")) / CM, 1) for side in ("top", "bottom", "left", "right")] == \
        [2.5, 2.2, 2.3, 2.3]


def test_headings_have_heading_styles(docs: dict[str, Docx]) -> None:
    styles = {normalise(text(p)): style(p) for p in docs["demo"].paragraphs()}
    assert styles["1.0 Indledning"] == "Heading1"
    assert styles["1.1 Aftalens parter og løbetid"] == "Heading2"
    assert styles["6.1 Driftsbudget for aftaleholderen"] == "Heading2"
    assert styles["Bilag 2a Faglig indsats – Helpdesk"] == "Heading1"
    assert styles["Indholdsfortegnelse"] == "TOCHeading"


@pytest.mark.parametrize("name", ["demo", "skanderborg"])
def test_contents_has_the_page_numbers_where_the_headings_land_and_asks_nothing(docs: dict[str, Docx],
                                                                                name: str) -> None:
    if tools() is None:
        pytest.skip("LibreOffice or pdftotext is not installed: the contents is updated by Word on opening")
    doc = docs[name]
    instructions = [i.text for i in doc.body.iter(f"{W}instrText")]
    assert any("TOC" in (i or "") for i in instructions)  # still a real TOC field Word can rebuild
    assert doc.settings.find(f"{W}updateFields") is None
    assert not [c for c in doc.body.iter(f"{W}fldChar") if c.get(f"{W}dirty")]
    entries = [p for p in doc.paragraphs() if style(p) in ("TOC1", "TOC2")]
    assert len(entries) >= 6
    pages = [normalise(pdf_text(doc.pdf, page)) for page in range(1, 40) if page <= _pages(doc.pdf)]
    for entry in entries:
        runs = [t.text or "" for t in entry.iter(f"{W}t")]
        heading, number = "".join(runs[:-1]), runs[-1]
        assert number.isdigit(), (heading, number)
        on_page = normalise(pages[int(number) - 1]).replace("- ", "-")
        assert normalise(heading).split(" – ")[0] in on_page, (heading, number)
        assert entry.find(f"{W}pPr/{W}tabs/{W}tab[@{W}leader='dot']") is not None


def _pages(pdf: Path) -> int:
    from tests.exporters.libreoffice import pdf_pages

    return pdf_pages(pdf)


def test_label_column_is_shaded_and_bold(docs: dict[str, Docx]) -> None:
    helpdesk = next(t for t in docs["demo"].tables() if text(t).startswith("Faglig indsatsområdeHelpdesk"))
    for row in helpdesk.iter(f"{W}tr"):
        label, _ = row.findall(f"{W}tc")
        assert label.find(f"{W}tcPr/{W}shd").get(f"{W}fill") == "E8EDF4"
        assert style(label.find(f"{W}p")) == "Feltnavn"


def test_action_table_repeats_its_header_keeps_rows_whole_and_leaves_the_empty_status_out(
        docs: dict[str, Docx]) -> None:
    table = next(t for t in docs["demo"].tables() if "Fællessekretariatet" in text(t))
    rows = table.findall(f"{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows[1:])
    assert [text(c) for c in rows[0].findall(f"{W}tc")] == ["Aktivitet", "Ansvarlig"]  # no row has a Status
    widths = [int(c.get(f"{W}w")) for c in table.find(f"{W}tblGrid").findall(f"{W}gridCol")]
    # "Fællessekretariatet" (19 letters at 9.5 pt, about 3.2 cm) fits on one line in Ansvarlig
    assert widths[1] >= 3.4 * CM, widths


def test_signature_table_has_no_borders(docs: dict[str, Docx]) -> None:
    table = next(t for t in docs["skanderborg"].tables() if "Lars Kirkegaard" in text(t))
    borders = table.find(f"{W}tblPr/{W}tblBorders")
    assert {b.get(f"{W}val") for b in borders} == {"nil"}
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in table.findall(f"{W}tr"))


def test_every_appendix_starts_on_a_new_page(docs: dict[str, Docx]) -> None:
    appendices = [p for p in docs["demo"].paragraphs() if style(p) == "Heading1" and text(p).startswith("Bilag")]
    assert len(appendices) == 11
    for heading in appendices:
        assert heading.find(f"{W}pPr/{W}pageBreakBefore") is not None, text(heading)


def test_budget_section_is_the_one_sentence_of_the_example(docs: dict[str, Docx]) -> None:
    paragraphs = [normalise(text(p)) for p in docs["demo"].paragraphs()]
    at = paragraphs.index("6.1 Driftsbudget for aftaleholderen")
    following = paragraphs[at + 1:paragraphs.index("Bilag 1 Politisk indsats – Politiske indsatsområder 2008")]
    assert following[0].startswith("IT-stabens samlede driftsbudget i 2008 er budgetlagt med netto 32.925.000 kr.")
    for stray in ("Tekst", "Driftsbudget (netto)", "32.925.000 kr.", "netto"):
        assert stray not in following, following


def test_a_goal_with_one_filled_part_prints_it_alone(docs: dict[str, Docx]) -> None:
    body = list(docs["demo"].body)
    start = next(i for i, e in enumerate(body) if style(e) == "Heading1" and text(e).startswith("Bilag 1 "))
    end = next(i for i, e in enumerate(body) if style(e) == "Heading1" and text(e).startswith("Bilag 2a "))
    between = [e for e in body[start + 1:end] if text(e).strip()]
    assert [(e.tag, text(e)) for e in between] == [(f"{W}p", "Der er ingen politiske indsatsområder")]
    assert "—" not in "".join(text(e) for e in body[start:end])


def test_skanderborg_title_page_has_the_whole_title_and_the_approval_in_the_header(docs: dict[str, Docx]) -> None:
    doc = docs["skanderborg"]
    titles = [text(p) for p in doc.paragraphs() if style(p) == "Title"]
    assert titles == ["Udviklingsaftale 2016 for Ældre og Handicap"]
    assert not [p for p in doc.paragraphs() if style(p) == "Subtitle"]  # the title says it already
    header = normalise(pdf_text(doc.pdf, 2)).split("Indholdsfortegnelse")[0]
    assert "Godkendt 14.12.2015" in header and "Udkast" not in header
    assert re.search(r"Udviklingsaftale 2016 for Ældre og Handicap", header)
