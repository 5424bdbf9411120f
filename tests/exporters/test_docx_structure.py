"""Issue 10, structure, in the Word files as LibreOffice reads them: a one-form agreement without title
page and contents, metadata on the title page and in a header block, a period span, goals numbered in one
series from a start number; and an agreement made with the template of November 2026 exports as it did."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from exporters.docx_export import export_agreement
from exporters.docx_writer import DocxOptions
from storage import edits, goal_rules
from storage.agreements import create_agreement, load_agreement, template_of
from storage.database import Store, open_store
from storage.seed import create_from_seed, demo_seed
from storage.templates import TemplateRegistry, parse_template
from tests.exporters.libreoffice import LibreOffice, find_in_order, normalise, pdf_pages
from tests.storage.test_template_structure import SERIES

DATA = Path(__file__).resolve().parent.parent / "data"
OLD_TEMPLATE = DATA / "faaborg-midtfyn-2026-11.toml"
TODAY = date(2026, 11, 27)

TITLE_PAGE = SERIES.replace('name = "Serie"\n', '''name = "Serie"
agreement_kind = "Målaftale"

[export]
subtitle = "{kind} {years}"
period_label = "Løbetid"
contents_title = "Indhold"
''').replace('''[[metadata]]
id = "year"''', '''[[metadata]]
id = "chief"
label = "Ansvarlig chef"
type = "line"
show = "title_page"

[[metadata]]
id = "period_start"
label = "Fra"
type = "date"

[[metadata]]
id = "period_end"
label = "Til"
type = "date"

[[metadata]]
id = "year"''')


@dataclass
class Exported:
    docx: Path
    text: str
    pdf: Path


def old_store_agreement(store: Store) -> str:
    old = parse_template(OLD_TEMPLATE.read_text(encoding="utf-8"), "faaborg-midtfyn (gemt i databasen)")
    return create_from_seed(store, TemplateRegistry({old.id: old}), demo_seed())


def current_agreement(store: Store) -> str:
    """The same demo made with the template as shipped now (its kinds name their objectives)."""
    from storage.templates import load_registry

    return create_from_seed(store, load_registry(), demo_seed())


def one_form_agreement(store: Store) -> str:
    template = parse_template((DATA / "one-form-maalaftale.toml").read_text(encoding="utf-8"), "one-form.toml")
    uuid = create_agreement(store, template, "Sundhedsplejen", 2016)
    for field_id, value in (("period_end", "2018-12-31"), ("chief", "Inge Holm"), ("coordinator", "Ole Berg")):
        edits.set_value(store, uuid, uuid, field_id, value)
    [goal] = load_agreement(store, uuid).goals
    edits.set_value(store, uuid, goal.uuid, "objective", "Sygefraværet bringes ned gennem dialog.")
    return uuid


def series_agreement(store: Store) -> str:
    template = parse_template(TITLE_PAGE, "serie.toml")
    uuid = create_agreement(store, template, "Skolen", 2016)
    for field_id, value in (("period_start", "2016-01-01"), ("period_end", "2018-12-31"), ("chief", "Inge Holm")):
        edits.set_value(store, uuid, uuid, field_id, value)
    for kind, title in (("eget", "Eget mål"), ("faglig", "Fagligt mål"), ("politisk", "Politisk mål")):
        goal = goal_rules.add_goal(store, template, uuid, kind)
        edits.set_value(store, uuid, goal, "title", title)
    return uuid


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, libreoffice: LibreOffice) -> Iterator[dict[str, Exported]]:
    folder = tmp_path_factory.mktemp("structure")
    store = open_store(folder / "aftaler.sqlite")
    try:
        makers = {"old": old_store_agreement, "current": current_agreement, "one_form": one_form_agreement,
                  "series": series_agreement}
        docs = {name: export_agreement(store, make(store), folder / f"{name}.docx", DocxOptions(today=TODAY))
                for name, make in makers.items()}
        texts = libreoffice.texts(list(docs.values()))
        pdfs = libreoffice.pdfs(list(docs.values()))
        yield {name: Exported(doc, normalise(text), pdf)
               for (name, doc), text, pdf in zip(docs.items(), texts, pdfs, strict=True)}
    finally:
        store.close()


def test_an_agreement_made_with_the_november_2026_template_exports_the_same_text(
        exported: dict[str, Exported], tmp_path: Path) -> None:
    """The demo made with the template as shipped in November 2026 (stored with the agreement) opens and
    exports as the same document the same demo made today gives, but for the labels the template has
    changed since: the stored snapshot, not the shipped file, decides how an agreement reads."""
    store = open_store(tmp_path / "aftaler.sqlite")
    try:
        agreement = load_agreement(store, old_store_agreement(store))
        old = template_of(store, agreement)  # the stored snapshot still loads
        assert [k.field("objective").label for k in old.goal_kinds] == ["Målsætning"] * 4  # type: ignore[union-attr]
        from storage.templates import load_registry

        current = load_registry().get(old.id)
        assert current is not None
        renamed = {new.label: was.label for kind in old.goal_kinds for was in kind.fields
                   if (now := current.goal_kind(kind.id)) and (new := now.field(was.id)) and new.label != was.label}
    finally:
        store.close()
    assert renamed == {"Politiske målsætninger": "Målsætning", "Faglige målsætninger": "Målsætning",
                       "Institutionens egne målsætninger": "Målsætning", "Koncern målsætning": "Målsætning"}
    def without_labels(text: str) -> str:  # both texts without the old and the new labels (a section
        for label in sorted({*renamed, *renamed.values()}, key=len, reverse=True):  # title may read as one)
            text = text.replace(label, "")
        return " ".join(text.split())

    assert "Faglige målsætninger" in exported["current"].text and "Målsætning" in exported["old"].text
    assert without_labels(exported["old"].text) == without_labels(exported["current"].text)


def test_a_one_form_agreement_has_no_title_page_or_contents(exported: dict[str, Exported]) -> None:
    doc = exported["one_form"]
    find_in_order(doc.text, ["Målaftale 2016 for Sundhedsplejen", "Målaftale 2016–18",
                             "Enhed", "Sundhedsplejen", "Ansvarlig chef", "Inge Holm", "Koordinator", "Ole Berg",
                             "Trivsel og fravær", "Mål", "Sygefraværet bringes ned gennem dialog.",
                             "Delmål", "A) Fravær under 4 %", "B) Trivselsmåling hvert år", "Godkendt"])
    assert "Indholdsfortegnelse" not in doc.text and "Aftaleperiode" not in doc.text
    assert pdf_pages(doc.pdf) == 1


def test_title_page_metadata_period_span_labels_and_one_series(exported: dict[str, Exported]) -> None:
    doc = exported["series"]
    find_in_order(doc.text, ["Skolen", "Målaftale 2016–18", "Løbetid: 01.01.2016 – 31.12.2018",
                             "Ansvarlig chef: Inge Holm", "Indhold", "1. Indledning",
                             "Bilag 3 Politisk mål", "Bilag 4 Fagligt mål", "Bilag 5 Eget mål",  # contents
                             "Aftalen for 2016 gælder Skolen; den følges op i 2017.",
                             "Bilag 3 Politisk mål", "Bilag 4 Fagligt mål", "Bilag 5 Eget mål"])
    assert "Aftaleperiode" not in doc.text
