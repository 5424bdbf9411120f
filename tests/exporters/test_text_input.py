"""Text as typed: anything at all exports; long texts flow over pages; lines become real Word lists;
empty fields follow the template's rule."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from exporters.docx_export import export_agreement
from exporters.text_blocks import Block, blocks
from storage import edits
from storage.agreements import create_agreement, load_agreement
from storage.database import Store, open_store
from storage.templates import TemplateRegistry
from tests.exporters.libreoffice import LibreOffice, find_in_order, normalise, pdf_pages, pdf_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CONTROL = [chr(c) for c in range(0x20)] + ["\x7f", "\x85", "\u2028", "\ufffe", "\uffff", "\ufeff"]
# What XML 1.0 cannot hold (its Char production), so what no .docx can hold; the rest must arrive.
INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass
class Faaborg:
    store: Store
    uuid: str
    section: str  # 3.1 Faglige målsætninger
    goal: str  # Bilag 2a
    row: str  # its first Delmål


@pytest.fixture(scope="module")
def faaborg_agreement(tmp_path_factory: pytest.TempPathFactory, registry: TemplateRegistry) -> Iterator[Faaborg]:
    store = open_store(tmp_path_factory.mktemp("text-input") / "aftaler.sqlite")
    template = registry.get("faaborg-midtfyn")
    assert template is not None
    uuid = create_agreement(store, template, "IT-staben", 2008)
    goal = edits.add_goal(store, uuid, "faglig", values={"title": "Helpdesk"})
    row = edits.add_row(store, uuid, goal, "sub_goals", None, {"text": "Delmål"})
    section = load_agreement(store, uuid).section_by_key("3.1")
    assert section is not None
    yield Faaborg(store, uuid, section.uuid, goal, row)
    store.close()


# --- reading document.xml with lxml ------------------------------------------------------------------

def document_xml(docx: Path) -> etree._Element:
    with zipfile.ZipFile(docx) as archive:
        assert archive.testzip() is None
        return etree.fromstring(archive.read("word/document.xml"))


def styles_xml(docx: Path) -> etree._Element:
    with zipfile.ZipFile(docx) as archive:
        return etree.fromstring(archive.read("word/styles.xml"))


def numbering_xml(docx: Path) -> etree._Element:
    with zipfile.ZipFile(docx) as archive:
        return etree.fromstring(archive.read("word/numbering.xml"))


def paragraph_text(p: etree._Element) -> str:
    """The text of the paragraph's runs (a w:tab in the paragraph properties is a tab stop, not text)."""
    out = []
    for element in (e for r in p.iter(f"{W}r") for e in r.iter(f"{W}t", f"{W}tab", f"{W}br")):
        out.append(element.text or "" if element.tag == f"{W}t" else "\t" if element.tag == f"{W}tab" else "\n")
    return "".join(out)


def paragraphs(docx: Path) -> list[etree._Element]:
    return list(document_xml(docx).iter(f"{W}p"))


def paragraphs_reading(docx: Path, text: str, count: int) -> list[etree._Element]:
    found = [p for p in paragraphs(docx) if paragraph_text(p) == text]
    assert len(found) == count, (text, len(found))
    return found


def own_num_id(p: etree._Element) -> str | None:
    num_id = p.find(f"{W}pPr/{W}numPr/{W}numId")
    return None if num_id is None else num_id.get(f"{W}val")


def list_num_id(docx: Path, p: etree._Element) -> str | None:
    """The list a paragraph belongs to: its own w:numPr, or the one its paragraph style carries."""
    own = own_num_id(p)
    if own is not None:
        return own
    style = p.find(f"{W}pPr/{W}pStyle")
    styles = {s.get(f"{W}styleId"): s for s in styles_xml(docx).iter(f"{W}style")}
    style_id = None if style is None else style.get(f"{W}val")
    while style_id is not None and style_id in styles:
        num_id = styles[style_id].find(f"{W}pPr/{W}numPr/{W}numId")
        if num_id is not None:
            return str(num_id.get(f"{W}val"))
        based = styles[style_id].find(f"{W}basedOn")
        style_id = None if based is None else based.get(f"{W}val")
    return None


def header_paragraphs(docx: Path) -> list[str]:
    with zipfile.ZipFile(docx) as archive:
        parts = [name for name in archive.namelist() if re.fullmatch(r"word/header\d*\.xml", name)]
        return [paragraph_text(p) for name in parts for p in etree.fromstring(archive.read(name)).iter(f"{W}p")]


def typed_lines(text: str) -> list[str]:
    """Each non-blank line typed, XML-invalid characters dropped: each must become one paragraph."""
    lines = INVALID_XML.sub("", text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [line.strip() for line in lines if line.strip()]


def as_exported(line: str) -> tuple[str, ...]:
    """What one typed line may show as: itself, or, when its first word could be a list marker ("-", "1."),
    the rest after the marker. Which lines are list items is tested with literal cases below."""
    first, *rest = line.split(maxsplit=1)
    return (line, rest[0].strip()) if rest and re.fullmatch(r"[-•*–]|\d+[.)]", first) else (line,)


def as_typed(text: str) -> str:
    """A line's text in a paragraph: XML-invalid characters dropped, a line break a w:br (read as "\\n")."""
    return INVALID_XML.sub("", text).replace("\r\n", "\n\n").replace("\r", "\n")


# --- anything typed exports ---------------------------------------------------------------------

typed = st.lists(st.one_of(
    st.text(max_size=40),  # any code point but surrogates, which the store does not take
    st.sampled_from(CONTROL),
    st.sampled_from(["\t", "\n", "\r\n", "\n- ", "\n• ", "\n1. ", "\n15. april", "😀", "Æøå", " "]),
), max_size=12).map("".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(objective=typed, section_text=typed, sub_goal=typed, title=typed)
def test_any_text_exports(faaborg_agreement: Faaborg, tmp_path: Path, objective: str, section_text: str,
                          sub_goal: str, title: str) -> None:
    a = faaborg_agreement
    edits.set_value(a.store, a.uuid, a.goal, "objective", objective)
    edits.set_value(a.store, a.uuid, a.section, "text", section_text)
    edits.set_row_data(a.store, a.row, {"text": sub_goal})
    edits.set_value(a.store, a.uuid, a.uuid, "title", title)  # title page and running header
    place = title[::-1]
    edits.set_value(a.store, a.uuid, a.uuid, "place", place)  # at the signatures
    target = export_agreement(a.store, a.uuid, tmp_path / "aftale.docx")
    texts = [paragraph_text(p) for p in paragraphs(target)]  # a valid zip whose XML lxml parses
    for line in typed_lines(objective) + typed_lines(section_text):
        assert set(as_exported(line)) & set(texts), line
    item = normalise(INVALID_XML.sub("", sub_goal))  # one lettered item; its line breaks stay breaks
    if item:
        assert any(t.startswith("A) ") and item in normalise(t) for t in texts), item
    # The title page: unit, kind and year, then the title as typed (it says more than those).
    assert texts[texts.index("Aftale 2008") - 1:][:2] == ["IT-staben", "Aftale 2008"]
    assert texts[texts.index("Aftale 2008") + 1] == as_typed(title)
    assert any(h.startswith(f"{as_typed(title)}  ·  Udkast · ") for h in header_paragraphs(target)), (
        title, header_paragraphs(target))
    # "Godkendt" (the Faaborg signature caption), then the place; no date is set.
    shown_place = as_typed(place).strip()
    assert texts[texts.index("Godkendt") + 1] == (shown_place or "Sted: ______________________        Dato:"
                                                                  " ______________")


# --- long texts flow over pages ----------------------------------------------------------------------

def long_text(prefix: str) -> str:
    words = [f"{prefix}{n:04d}" for n in range(640)]  # over 5,000 characters in one paragraph
    paragraph_words = [f"{prefix}p{n:03d}" for n in range(200)]
    paragraphs = [f"Afsnit {n + 1} om {w} og opfølgning." for n, w in enumerate(paragraph_words)]
    return " ".join(words) + "\n" + "\n".join(paragraphs)


def test_long_texts_flow_over_pages_with_nothing_cut(faaborg_agreement: Faaborg, tmp_path: Path,
                                                     libreoffice: LibreOffice) -> None:
    a = faaborg_agreement
    edits.set_value(a.store, a.uuid, a.goal, "objective", "Kort.")
    edits.set_value(a.store, a.uuid, a.section, "text", "Kort.")
    short = export_agreement(a.store, a.uuid, tmp_path / "kort.docx")
    section_text, objective = long_text("afs"), long_text("maal")
    assert len(section_text.split("\n")[0]) >= 5000
    edits.set_value(a.store, a.uuid, a.section, "text", section_text)
    edits.set_value(a.store, a.uuid, a.goal, "objective", objective)  # in the appendix table
    long = export_agreement(a.store, a.uuid, tmp_path / "lang.docx")
    short_pdf, long_pdf = libreoffice.pdfs([short, long])
    assert pdf_pages(long_pdf) >= pdf_pages(short_pdf) + 8, (pdf_pages(short_pdf), pdf_pages(long_pdf))
    words = set(normalise(pdf_text(long_pdf)).split())
    missing = [w for w in (section_text + " " + objective).split() if w not in words]
    assert not missing, missing[:20]
    # and in reading order: the section's text, then the appendix's
    text = normalise(pdf_text(long_pdf))
    find_in_order(text, ["afs0000", "afs0639", "Afsnit 200 om afsp199", "Bilag 2a", "maal0000", "maal0639",
                         "Afsnit 1 om maalp000", "Afsnit 200 om maalp199"], text.find("3.1 Faglige målsætninger afs"))


# --- lists ---------------------------------------------------------------------------------------

# Which typed lines are list items, written out case by case (not worked out with a copy of the rule).
LIST_LINES = [
    ("- Punkt", Block("bullet", "Punkt")),
    ("• Punkt", Block("bullet", "Punkt")),
    ("* Punkt", Block("bullet", "Punkt")),
    ("– Punkt", Block("bullet", "Punkt")),
    ("   -   Indrykket  ", Block("bullet", "Indrykket")),
    ("1. Første punkt", Block("numbered", "Første punkt")),
    ("2) Andet punkt", Block("numbered", "Andet punkt")),
    ("123. Punkt", Block("numbered", "Punkt")),
    ("1. januar er skæringsdatoen.", Block("paragraph", "1. januar er skæringsdatoen.")),
    ("15. april", Block("paragraph", "15. april")),
    ("31. December 2008", Block("paragraph", "31. December 2008")),
    ("1. MAJ", Block("paragraph", "1. MAJ")),
    ("2. kvartal 2008", Block("paragraph", "2. kvartal 2008")),
    ("4. Kvartal", Block("paragraph", "4. Kvartal")),
    ("2008. Et godt år", Block("paragraph", "2008. Et godt år")),
    ("1.Uden mellemrum", Block("paragraph", "1.Uden mellemrum")),
    ("-Uden mellemrum", Block("paragraph", "-Uden mellemrum")),
    ("Tekst - med tankestreg", Block("paragraph", "Tekst - med tankestreg")),
    ("-", Block("paragraph", "-")),
    ("a) Bogstav", Block("paragraph", "a) Bogstav")),
    ("Fra\x00 styre\x1btegn\x7f", Block("paragraph", "Fra styretegn\x7f")),
]


@pytest.mark.parametrize("line, block", LIST_LINES, ids=[line for line, _ in LIST_LINES])
def test_which_typed_lines_are_list_items(line: str, block: Block) -> None:
    assert blocks(line) == [block]


def test_lines_and_blank_lines_become_blocks() -> None:
    assert blocks("Indledning\r\n\r\n- a\r1. b\n\n  \n2. kvartal\n1. januar") == [
        Block("paragraph", "Indledning"), Block("bullet", "a"), Block("numbered", "b"),
        Block("paragraph", "2. kvartal"), Block("paragraph", "1. januar")]


LISTS = ("Indledning\n- a\n• b\n1. c\n15. april er fristen.\n1. en\n2. to\n3. tre\n1. januar er skæringsdatoen.\n"
         "Mellem\n1. fire\n2. fem\n2. kvartal")


def test_typed_list_lines_become_word_lists(faaborg_agreement: Faaborg, tmp_path: Path,
                                            libreoffice: LibreOffice) -> None:
    a = faaborg_agreement
    # the module's agreement is shared: a sub-goal left empty by an earlier test would make the goal one
    # filled part, printed without its labels (compact), so this test sets what it relies on
    edits.set_row_data(a.store, a.row, {"text": "Delmål"})
    edits.set_value(a.store, a.uuid, a.section, "text", LISTS)
    edits.set_value(a.store, a.uuid, a.goal, "objective", LISTS.replace("Indledning", "I tabellen"))
    docx = export_agreement(a.store, a.uuid, tmp_path / "lister.docx")
    # in the section (first) and in the appendix's table cell (second) alike
    for text in ("15. april er fristen.", "1. januar er skæringsdatoen.", "Mellem", "2. kvartal"):
        for p in paragraphs_reading(docx, text, 2):
            assert list_num_id(docx, p) is None, text
    numbering = numbering_xml(docx)
    for block in (0, 1):
        def num(text: str, block: int = block) -> str | None:
            return list_num_id(docx, paragraphs_reading(docx, text, 2)[block])

        bullets = [num("a"), num("b")]
        assert bullets[0] is not None and bullets[0] == bullets[1]
        # each numbered list is a list of its own that starts at 1, and its items belong to it
        firsts = [num("c"), num("en"), num("fire")]
        assert None not in firsts and len(set(firsts)) == 3 and bullets[0] not in firsts, firsts
        for first in firsts:
            override = numbering.find(f"{W}num[@{W}numId='{first}']/{W}lvlOverride/{W}startOverride")
            assert override is not None and override.get(f"{W}val") == "1", first

    text = normalise(libreoffice.text(docx))
    for start in (text.find("3.1 Faglige målsætninger Indledning"), text.find("Faglige målsætninger I tabellen")):
        assert start >= 0, text  # the whole text, to see what LibreOffice read instead
        find_in_order(text, ["• a", "• b", "1. c", "15. april er fristen.", "1. en", "2. to", "3. tre",
                             "1. januar er skæringsdatoen.", "Mellem", "1. fire", "2. fem", "2. kvartal"], start)


# --- empty fields ------------------------------------------------------------------------------------

def test_empty_fields_dash_for_faaborg_and_left_out_for_skanderborg(
        store: Store, registry: TemplateRegistry, tmp_path: Path, libreoffice: LibreOffice) -> None:
    faaborg, skanderborg = registry.get("faaborg-midtfyn"), registry.get("skanderborg-udviklingsaftale")
    assert faaborg is not None and skanderborg is not None
    f = create_agreement(store, faaborg, "IT-staben", 2008)
    edits.add_goal(store, f, "faglig", values={"title": "Helpdesk"})
    s = create_agreement(store, skanderborg, "Ældre og Handicap", 2016)
    edits.add_goal(store, s, "udviklingsmaal", values={"title": "Nedbringelse af sygefravær"})
    f_text, s_text = (normalise(t) for t in libreoffice.texts([
        export_agreement(store, f, tmp_path / "faaborg.docx"), export_agreement(store, s, tmp_path / "skb.docx")]))

    body = f_text[f_text.rfind("1.0 Indledning"):]
    assert "2.1 Politiske visioner og målsætninger — 2.2 Politiske indsatsområder — 3.0" in body
    assert "3.3 Gældende politikker, regulativer, planer mv. på fagområdet — 4.0" in body
    find_in_order(body, ["Bilag 2a Faglig indsats – Helpdesk", "Faglig indsatsområde Helpdesk",
                         "Aftaleholder — Fagsekretariat — Hvem — Faglige målsætninger — Delmål — Succeskriterier —",
                         "Handleplan Aktivitet Ansvarlig Frist Status —", "Økonomi —"])

    body = s_text[s_text.rfind("5. Aftaleholders mål"):]
    assert body.startswith("5. Aftaleholders mål A. Nedbringelse af sygefravær 6. Underskrifter Skanderborg")
    assert "—" not in s_text
