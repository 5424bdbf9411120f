"""The exported documents as LibreOffice reads them: every heading, label and text, in order.

Two agreements are exported once per module and converted in one LibreOffice run each to text
and to PDF: the demo (Faaborg-Midtfyn, IT-staben 2008) and a Skanderborg agreement with three goals.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from exporters.docx_export import export_agreement
from storage import edits
from storage.agreements import create_agreement, load_agreement, template_of
from storage.database import Store, open_store
from storage.seed import create_from_seed, demo_seed
from storage.template_model import Template
from storage.templates import TemplateRegistry
from tests.exporters.expected import Expected, expected_document
from tests.exporters.libreoffice import LibreOffice, find_in_order, normalise, pdf_pages, pdf_text

SKANDERBORG_GOALS = [
    {
        "title": "Nedbringelse af sygefravær",
        "order": "Dialog og videndeling.\n\nFremadrettet lægges der vægt på en dialogbaseret opfølgning.",
        "goal_type": "resultatmål",
        "shared_sub_goal": "Alle ledere arbejder aktivt med nedbringelse af sygefraværet.",
        "local_sub_goal": "En fraværsprocent på højest 3,75 % ultimo 2016.",
        "activities": "- Aktiv anvendelse af TARGIT\n- Dialog i LMU\n• Sygefravær på dagsordenen hvert kvartal",
        "follow_up": "I efteråret tager Chefgruppen stilling til målet.",
    },
    {"title": "Effektivisering i fællesskab", "goal_type": "procesmål"},
    {
        "title": "Implementering af Socialpolitikken",
        "order": "Implementering af strategisporene.",
        "activities": "1. Strategi for rehabilitering\n2. Plejeboligplanen udfoldes\n3. Strategi for kapaciteten",
        "follow_up": "Status i efteråret 2016.",
    },
]
# Every goal's number as the documents print it: the 2008 IT-staben agreement
# (../shared/examples/faaborg-midtfyn-it-staben-aftale-2008.txt) has Bilag 1, 2a–2e, 3a–3c and 4a–4b (a
# lone politisk goal is "Bilag 1", not "Bilag 1a"); the Skanderborg agreement letters its goals A., B., C.
GOAL_NUMBERS = {
    "demo": ["Bilag 1", "Bilag 2a", "Bilag 2b", "Bilag 2c", "Bilag 2d", "Bilag 2e", "Bilag 3a", "Bilag 3b",
             "Bilag 3c", "Bilag 4a", "Bilag 4b"],
    "skanderborg": ["A.", "B.", "C."],
}
SKANDERBORG_PARTIES = [
    {"name": "Lars Kirkegaard", "role": "Pva. direktionen, Direktør"},
    {"name": "Jan Møller Iversen", "role": "Ældre- og handicapchef"},
]


@dataclass
class Exported:
    docx: Path
    text: str  # LibreOffice's text export, whitespace normalised
    pdf: Path
    expected: Expected
    agreement_title: str


def make_skanderborg(store: Store, template: Template) -> str:
    uuid = create_agreement(store, template, "Ældre og Handicap", 2016)
    for values in SKANDERBORG_GOALS:
        edits.add_goal(store, uuid, "udviklingsmaal", values=values)
    for party in SKANDERBORG_PARTIES:
        edits.add_row(store, uuid, uuid, "parties", None, party)
    edits.set_value(store, uuid, uuid, "approval_date", "2015-12-14")
    return uuid


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, registry: TemplateRegistry,
             libreoffice: LibreOffice) -> Iterator[dict[str, Exported]]:
    folder = tmp_path_factory.mktemp("content")
    store = open_store(folder / "aftaler.sqlite")
    try:
        skanderborg = registry.get("skanderborg-udviklingsaftale")
        assert skanderborg is not None
        uuids = {"demo": create_from_seed(store, registry, demo_seed()),
                 "skanderborg": make_skanderborg(store, skanderborg)}
        docs = {name: export_agreement(store, uuid, folder / f"{name}.docx") for name, uuid in uuids.items()}
        agreements = {name: load_agreement(store, uuid) for name, uuid in uuids.items()}
        texts = libreoffice.texts(list(docs.values()))
        pdfs = libreoffice.pdfs(list(docs.values()))
        yield {
            name: Exported(docs[name], normalise(text), pdf,
                           expected_document(agreements[name], template_of(store, agreements[name]),
                                             GOAL_NUMBERS[name]),
                           agreements[name].title)
            for name, text, pdf in zip(docs, texts, pdfs, strict=True)
        }
    finally:
        store.close()


def body_start(doc: Exported) -> int:
    """Where the body begins: after the title page and every entry of the table of contents."""
    toc = doc.text.find("Indholdsfortegnelse")
    assert toc >= 0, doc.text[:500]
    end = find_in_order(doc.text, doc.expected.toc, toc)
    page = re.match(r"\s*\d+", doc.text[end:])  # the last entry's page number
    return end + (page.end() if page else 0)


# --- the demo agreement (Faaborg-Midtfyn) ---------------------------------------------------------

def test_demo_headings_in_order(exported: dict[str, Exported]) -> None:
    doc = exported["demo"]
    headings = [h for h in doc.expected.body if re.match(r"^(\d\.\d |Bilag \d)", h)]
    assert headings[0] == "1.0 Indledning" and "6.1 Driftsbudget for aftaleholderen" in headings
    assert "Bilag 1 Politisk indsats – Politiske indsatsområder 2008" in headings
    assert "Bilag 2a Faglig indsats – Helpdesk" in headings
    assert headings[-1] == "Bilag 4b Koncernindsats – Kerneydelsens værdi for borgeren"
    assert len([h for h in headings if h.startswith("Bilag")]) == 11
    find_in_order(doc.text, headings, body_start(doc))


def test_demo_table_of_contents_lists_sections_and_appendices(exported: dict[str, Exported]) -> None:
    doc = exported["demo"]
    assert doc.expected.toc[:3] == ["1.0 Indledning", "1.1 Aftalens parter og løbetid",
                                    "1.2 Aftaleområdets kerneydelse"]
    toc_end = body_start(doc)
    assert doc.text[toc_end:].lstrip().startswith("1.0 Indledning")


def test_demo_every_label_and_text_in_order(exported: dict[str, Exported]) -> None:
    doc = exported["demo"]
    body = doc.expected.body
    for item in ("Faglig indsatsområde", "Helpdesk", "Faglige målsætninger", "Implementere Helpdesk Serviceportal",
                 "A) Helpdesk serviceportal er implementeret og i funktion.", "Handleplan", "Aktivitet",
                 "At der senest ved udgangen af 2. kvartal 2008 er en serviceportal i drift.",
                 "udgangen af 2. kvartal 2008", "Økonomi", "Godkendt", "19. december 2007",
                 "Benny Balsgaard", "Kommunaldirektør", "Michael Hansen", "Opfølgning"):
        assert item in body, item
    assert len(body) > 350
    find_in_order(doc.text, body, body_start(doc))


def test_demo_helpdesk_appendix(exported: dict[str, Exported]) -> None:
    doc = exported["demo"]
    at = find_in_order(doc.text, ["Bilag 2a Faglig indsats – Helpdesk"], body_start(doc))
    find_in_order(doc.text, [
        "Faglig indsatsområde", "Helpdesk", "Aftaleholder", "IT-staben", "Fagsekretariat", "—", "Hvem", "—",
        "Faglige målsætninger", "Implementere Helpdesk Serviceportal",
        "IT-staben skal implementere Helpdesk serviceportal",
        "Delmål", "A) Helpdesk serviceportal er implementeret og i funktion.",
        "B) At IT-staben arbejder med at kvalificere informationen til brugerne om serviceportalen.",
        "Succeskriterier", "A) At serviceportalen er velfungerende", "B) At informationen fra IT-staben",
        "Handleplan", "Aktivitet Ansvarlig Frist",  # no row has a Status
        "IT-staben udarbejder en plan for implementering af Serviceportal. IT-staben",
        "Økonomi", "At IT-staben lever op til egne og organisationens forventninger",
        "Bilag 2b Faglig indsats – Sikkerhedspolitik, herunder IT-Sikkerhed",
    ], at)
    # on a page of its own, as its first line under the running header
    pages = pdf_pages(doc.pdf)
    starts = [p for p in range(3, pages + 1) if "Bilag 2a Faglig indsats – Helpdesk" in pdf_text(doc.pdf, p)]
    assert len(starts) == 1  # page 2 is the table of contents
    lines = [line for line in pdf_text(doc.pdf, starts[0]).splitlines() if line.strip()]
    assert doc.agreement_title in lines[0]
    assert lines[1] == "Bilag 2a Faglig indsats – Helpdesk"


def test_demo_title_page(exported: dict[str, Exported]) -> None:
    doc = exported["demo"]
    title_page = doc.text[:doc.text.find("Indholdsfortegnelse")]
    find_in_order(title_page, ["IT-staben", "Aftale 2008", "Aftaleperiode: 01.01.2008 – 31.12.2008",
                               "Rev. 7/1-08 · 19.12.2007", "Faaborg-Midtfyn Kommune – Dialogbaseret aftalestyring"])
    first = normalise(pdf_text(doc.pdf, 1))
    assert "IT-staben" in first and "Aftale 2008" in first and "Rev. 7/1-08 · 19.12.2007" in first
    assert "Side" not in first and "Indholdsfortegnelse" not in first


@pytest.mark.parametrize("name", ["demo", "skanderborg"])
def test_header_and_footer_on_every_page_after_the_title_page(exported: dict[str, Exported], name: str) -> None:
    doc = exported[name]
    pages = pdf_pages(doc.pdf)
    assert pages >= 3
    for page in range(2, pages + 1):
        text = pdf_text(doc.pdf, page)
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert doc.agreement_title in lines[0], (page, lines[:2])
        assert f"Side {page} af {pages}" in lines, (page, lines[-2:])


@pytest.mark.parametrize("name", ["demo", "skanderborg"])
def test_libreoffice_converts_to_pdf(exported: dict[str, Exported], name: str) -> None:
    pdf = exported[name].pdf
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "Side 2 af" in pdf_text(pdf)


# --- Skanderborg: numbered 1.–6., goals A., B., C. inline in section 5, signatures in 6 ----------------

def test_skanderborg_every_label_and_text_in_order(exported: dict[str, Exported]) -> None:
    doc = exported["skanderborg"]
    assert doc.expected.toc == [
        "1. Virkeliggørelse og koordinering af politisk besluttede forandringer", "2. Udviklingsaftalens mål",
        "3. Aktiviteter", "4. Opfølgning", "5. Aftaleholders mål", "6. Underskrifter"]
    body = doc.expected.body
    goal_headings = [item for item in body if re.match(r"^[A-C]\.? ", item)]
    assert goal_headings == ["A. Nedbringelse af sygefravær", "B. Effektivisering i fællesskab",
                             "C. Implementering af Socialpolitikken"]
    assert body.index("5. Aftaleholders mål") < body.index(goal_headings[0]) < body.index("6. Underskrifter")
    for item in ("Direktionens bestilling", "Måltype", "resultatmål", "procesmål", "Fælles delmål",
                 "Lokalt delmål", "Aktiviteter", "Dialog i LMU", "Plejeboligplanen udfoldes", "Opfølgning",
                 "Skanderborg, den 14. december 2015", "Lars Kirkegaard", "Pva. direktionen, Direktør",
                 "Jan Møller Iversen", "Ældre- og handicapchef"):
        assert item in body, item
    find_in_order(doc.text, body, body_start(doc))


def test_skanderborg_leaves_empty_fields_out(exported: dict[str, Exported]) -> None:
    doc = exported["skanderborg"]
    start = body_start(doc)
    b = doc.text.find("B. Effektivisering i fællesskab", start)
    c = doc.text.find("C. Implementering af Socialpolitikken", b)
    assert 0 <= start < b < c
    assert doc.text[b:c] == "B. Effektivisering i fællesskab Måltype procesmål "
    goal_c = doc.text[c:doc.text.find("6. Underskrifter", c)]
    for label in ("Måltype", "Fælles delmål", "Lokalt delmål"):
        assert label not in goal_c
    assert "—" not in doc.text[start:]


def test_skanderborg_signatures_close_section_6(exported: dict[str, Exported]) -> None:
    doc = exported["skanderborg"]
    at = doc.text.rfind("6. Underskrifter")
    assert doc.text[at:].startswith("6. Underskrifter Skanderborg, den 14. december 2015 ____")
    tail = doc.text[at:]
    assert re.fullmatch(r"6\. Underskrifter Skanderborg, den 14\. december 2015 _{20,} Lars Kirkegaard "
                        r"Pva\. direktionen, Direktør _{20,} Jan Møller Iversen Ældre- og handicapchef", tail), tail
