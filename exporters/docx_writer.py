"""An agreement as a Word document for signature, laid out as the template says.

Styles, page size and margins come from the reference document; the writer only
decides the order and the structure: title page, table of contents, numbered sections,
goals (inline or as appendix tables), signature block, header and "Side X af Y" footer.
The file is written to a temporary name next to the target and renamed when complete.
"""

from __future__ import annotations

from collections.abc import Iterator
from copy import deepcopy
from dataclasses import field
from datetime import date
from io import BytesIO
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.shared import Cm, Pt
from lxml import etree

from exporters import contents_pages, docx_xml
from exporters import docx_elements as el
from exporters.docx_builder import CAPTION, DocxBuilder
from exporters.docx_elements import Format
from exporters.docx_files import save
from exporters.docx_tables import LABEL_FILL, header_table, sum_overview, widths_from_shares
from exporters.errors import ExportError, danish_reason
from exporters.field_text import (
    DASH,
    action_rows,
    column_shares,
    empty_rule,
    field_blocks,
    filled,
    is_empty,
    said_in_text,
    shown_columns,
    table_columns,
)
from exporters.reference_document import builtin_reference, checked_reference
from exporters.text_blocks import Block, clean
from storage.field_types import Layout, description
from storage.formatting import format_date
from storage.model import Agreement, Goal, Node, Section
from storage.number_rules import sum_totals
from storage.outline import OutlineNode, outline
from storage.records import record
from storage.regular_files import FileRefused, open_regular
from storage.signing import revision_label
from storage.template_model import FieldDef, FieldType, GoalKind, Template, section_fields

REQUIRED_STYLES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "List Bullet",
                   "List Number", "Table Grid", "Feltnavn", "Tabeltekst", "TOC Heading", "TOC 1", "TOC 2")

KEEP_NEXT = Format(keep_next=True)
#: room above each signature line for the signature
SIGNATURE_LINE = Format(space_before=int(Pt(36)))


@record(frozen=True)
class DocxOptions:
    """How a Word file is written: reference document, revision label, date and page numbers."""

    reference: Path | None = None
    #: e.g. "Rev. 3 · 19.12.2007" when the document is sent for signature
    revision_label: str | None = None
    today: date = field(default_factory=date.today)
    #: lay the file out with LibreOffice to put page numbers in the contents (contents_pages; without
    #: LibreOffice the contents lists the headings alone). False leaves placeholders and asks Word to update
    #: the contents on opening: the form a batch writes before it lays all its files out in one run
    page_numbers: bool = True


def revision_text(agreement: Agreement, options: DocxOptions) -> str:
    if options.revision_label:
        return options.revision_label
    sent = revision_label(agreement, options.today)
    if sent:
        return sent
    written = str(agreement.value("revision") or "").strip()
    approved = format_date(agreement.value("approval_date"))
    if written:
        return " · ".join(p for p in (clean(written), approved) if p)
    if approved:  # an approved agreement is no draft, whatever day it is printed
        return f"Godkendt {approved}"
    return f"Udkast · {format_date(options.today.isoformat())}"


def write_docx(agreement: Agreement, template: Template, target: Path, options: DocxOptions | None = None,
               notes: list[str] | None = None) -> Path:
    """Write the agreement to ``target``; what the user should know about the file (its contents has no
    page numbers, say) is added to ``notes`` in Danish."""
    options = options or DocxOptions()
    doc = open_reference(options.reference or builtin_reference())
    docx_xml.clear_body(doc)
    writer = _Writer(doc, agreement, template, options)
    writer.write()
    writer.finish()
    target = Path(target)
    save(doc, target, ".aftale-", options.page_numbers and template.export.contents, notes)
    return target


def year_span(agreement: Agreement) -> str:
    """The years the agreement runs: "2008", or "2016–18" from its period (the full year across centuries)."""
    first, last = (str(agreement.value(key) or "")[:4] for key in ("period_start", "period_end"))
    if not (first.isdigit() and last.isdigit()) or first >= last:
        return str(agreement.year)
    return f"{first}–{last[2:]}" if first[:2] == last[:2] else f"{first}–{last}"


def is_table(fdef: FieldDef) -> bool:
    return description(fdef.type).layout is Layout.TABLE



def open_reference(path: Path) -> DocxDocument:
    """The reference document, or a Danish :class:`ExportError` naming what is wrong with it.

    It is checked (regular file, sizes in its zip directory) before python-docx unpacks it; a batch checks
    it once (:func:`checked_reference`).
    """
    try:
        with open_regular(path) as handle:
            doc = Document(BytesIO(checked_reference(handle)))
    except FileRefused as exc:
        raise _unusable(path, str(exc)) from None
    except OSError as exc:
        raise _unusable(path, f"filen kan ikke læses: {danish_reason(exc)}") from None
    except Exception:  # python-docx raises zipfile, KeyError, lxml and its own errors for bad files
        raise _unusable(path, "filen er ikke en gyldig Word-fil (.docx)") from None
    present = docx_xml.style_ids(doc)
    missing = [name for name in REQUIRED_STYLES if name not in present]
    if missing:
        raise ExportError(
            f"Word-skabelonen '{path}' mangler typografierne {', '.join(missing)}. "
            "Tag udgangspunkt i den indbyggede reference.docx."
        )
    return doc


def _unusable(path: Path, problem: str) -> ExportError:
    return ExportError(f"Word-skabelonen '{path}' kan ikke bruges: {problem}. "
                       "Læg en gyldig .docx-fil der, eller slet den for at bruge den indbyggede.")


class _Writer(DocxBuilder):
    def __init__(self, doc: DocxDocument, agreement: Agreement, template: Template, options: DocxOptions) -> None:
        super().__init__(doc)
        self.agreement, self.template, self.options = agreement, template, options
        self.outline = outline(agreement, template)

    def write(self) -> None:
        export = self.template.export
        if export.title_page:
            self.title_page()
        else:
            self.title_lines()
        if export.contents:
            self.table_of_contents()
        self.header_block()
        for part in self.outline:
            if part.type == "section":
                self.section(part)
            else:
                self.appendix_goal(part)
        self.sum_overviews()
        if self.template.export.signature_section is None:
            self.signatures()
        self.header_footer()
        if export.contents:  # until the page numbers are written in (contents_pages), Word fills them in
            docx_xml.update_fields_on_open(self.doc)

    # --- front matter ---------------------------------------------------------------------

    def title_page(self) -> None:
        a = self.agreement
        for _ in range(6):
            self.para()
        self.title_and_subtitle()
        if a.title.strip() not in (a.unit.strip(), self.template.title_for(a.unit, a.year)):
            self.para(clean(a.title))  # only a title that says more than unit, kind and year
        period = " – ".join(p for p in (format_date(a.value("period_start")), format_date(a.value("period_end"))) if p)
        label = self.template.export.period_label
        if period and label:
            self.para(f"{clean(label)}: {period}")
        for fdef in self.shown_metadata("title_page"):
            texts = [block.text for block in field_blocks(fdef, a)]
            if texts:
                self.para(f"{clean(fdef.label)}: {'; '.join(texts)}")
        self.para(revision_text(a, self.options))
        el.run(self.para(), clean(self.template.name), italic=True)
        self.page_break()

    def subtitle(self) -> str:
        """The line under the unit: the template's ``subtitle``, e.g. "Aftale 2008" or "Målaftale 2016–18"."""
        a = self.agreement
        return self.template.export.subtitle.format(kind=clean(self.template.agreement_kind), year=a.year,
                                                    years=year_span(a), unit=clean(a.unit))

    def title_and_subtitle(self) -> None:
        """The unit over "Aftale 2008" when the title leads with the unit ("IT-staben. Aftale 2008");
        otherwise the whole title ("Udviklingsaftale 2016 for Ældre og Handicap"), so that it reads as
        the document's title, over the subtitle only if the title does not already say it."""
        a = self.agreement
        pattern = self.template.title_pattern.strip()
        if pattern.startswith("{unit}") or not a.title.strip():
            self.para(clean(a.unit), "Title")
            self.para(self.subtitle(), "Subtitle")
            return
        self.para(clean(a.title), "Title")
        if self.subtitle().strip().casefold() not in a.title.casefold():
            self.para(self.subtitle(), "Subtitle")

    def title_lines(self) -> None:
        """Without a title page the document opens with its title and subtitle (a one-form agreement)."""
        self.para(clean(self.agreement.title), "Title")
        self.para(self.subtitle(), "Subtitle")

    def shown_metadata(self, place: str) -> list[FieldDef]:
        return [f for f in self.template.metadata if f.show == place]

    def header_block(self) -> None:
        """The metadata fields the template shows in a header block: a label | value table before the body."""
        fields = self.shown_metadata("header_block")
        if fields:
            self.field_table(fields, self.agreement)

    def table_of_contents(self) -> None:
        """A TOC field whose cached result lists the headings, a dotted tab and a page number each.
        The numbers are placeholders until :func:`contents_pages.number_contents` has laid the file out
        (see :func:`write_docx`); the field is marked for Word to update until then."""
        self.para(clean(self.template.export.contents_title), "TOC Heading")
        entries = self.toc_entries() or [("Indholdsfortegnelsen opdateres, når dokumentet åbnes i Word.", 1)]
        fmt = Format(tabs=(el.TabStop(self.text_width, "right", "dot"),))
        for number, (text, level) in enumerate(entries):
            paragraph = self.para("", f"TOC {min(level, 2)}", fmt=fmt)
            if number == 0:
                docx_xml.field_begin(paragraph, 'TOC \\o "1-2" \\h \\z \\u', dirty=True)
            el.run(paragraph, text)
            el.run(paragraph, "\t")
            el.run(paragraph, contents_pages.PLACEHOLDER)
        docx_xml.field_end(paragraph)
        self.page_break()

    def toc_entries(self) -> list[tuple[str, int]]:
        """The cached contents of the TOC field (Word refreshes it with page numbers): the headings
        of levels 1 and 2, as the body has them."""
        return [(clean(part.heading), part.depth + 1) for part in self._written(self.outline) if part.depth < 2]

    def _written(self, parts: tuple[OutlineNode, ...] | list[OutlineNode]) -> Iterator[OutlineNode]:
        """The parts the body has a heading for: all but those the template has no definition of."""
        for part in parts:
            if self._known(part):
                yield part
                yield from self._written(part.children)

    def _known(self, part: OutlineNode) -> bool:
        if part.type == "section":
            return self.template.section(part.key) is not None
        return self.template.goal_kind(part.key) is not None

    # --- sections --------------------------------------------------------------------------

    def section(self, part: OutlineNode) -> None:
        definition = self.template.section(part.key)
        section = part.node
        if definition is None or not isinstance(section, Section):
            return
        self.heading(part.heading, part.depth + 1)
        fields = section_fields(definition)
        has_children = bool(definition.children or self.template.kinds_in_section(part.key))
        for fdef in fields:
            if has_children and is_empty(fdef, section):
                continue  # a heading over sub-sections needs no "—"
            if said_in_text(fdef, section, fields):
                continue  # "… budgetlagt med netto 32.925.000 kr." needs no "Driftsbudget (netto) 32.925.000 kr."
            self.inline_field(fdef, section, show_label=fdef.id != "text")  # a section's own text has no label
        for child in part.children:
            if child.type == "section":
                self.section(child)
            else:
                self.inline_goal(child)
        if self.template.export.signature_section == part.key:
            self.signatures()

    def heading(self, text: str, level: int, fmt: Format | None = None) -> etree._Element:
        return self.para(clean(text), f"Heading {min(level, 3)}", fmt=fmt)

    def inline_field(self, fdef: FieldDef, node: Node, show_label: bool) -> None:
        if is_table(fdef):
            if not is_empty(fdef, node):
                self.label_paragraph(fdef.label)
                self.action_table(fdef, node)
            elif empty_rule(fdef, self.template) == "dash" and show_label:
                self.label_paragraph(fdef.label)
                self.para(DASH)
            return
        content = field_blocks(fdef, node)
        if not content:
            if empty_rule(fdef, self.template) == "omit":
                return
            content = [Block("paragraph", DASH)]
        if show_label:
            self.label_paragraph(fdef.label)
        self.add_blocks(content, self.body_adder(), style_prefix="")

    # --- goals -----------------------------------------------------------------------------

    @staticmethod
    def goal_fields(kind: GoalKind) -> list[FieldDef]:
        return [f for f in kind.fields if f.id != kind.title_field]

    def compact(self, kind: GoalKind, goal: Goal) -> list[FieldDef] | None:
        """The one filled part of a goal that has just one ("Der er ingen politiske indsatsområder"):
        it prints under the heading alone, without a page of "—" around it. None for a fuller goal, and
        for an empty one, which prints as the blank form the template's empty-field rule makes of it."""
        parts = filled(self.goal_fields(kind), goal)
        return parts if len(parts) == 1 else None

    def compact_goal(self, parts: list[FieldDef], goal: Goal) -> None:
        for fdef in parts:  # a text speaks for itself; a choice or a list keeps its label
            self.inline_field(fdef, goal, show_label=fdef.type is not FieldType.TEXT)

    def inline_goal(self, part: OutlineNode) -> None:
        kind, goal = self.template.goal_kind(part.key), part.node
        if kind is None or not isinstance(goal, Goal):
            return
        self.heading(part.heading, part.depth + 1)
        parts = self.compact(kind, goal)
        if parts is not None:
            self.compact_goal(parts, goal)
            return
        for fdef in self.goal_fields(kind):
            self.inline_field(fdef, goal, show_label=True)

    def appendix_goal(self, part: OutlineNode) -> None:
        kind, goal = self.template.goal_kind(part.key), part.node
        if kind is None or not isinstance(goal, Goal):
            return
        # a one-form agreement's goal starts right under the title
        self.heading(part.heading, 1, Format(page_break_before=part is not self.outline[0]))
        parts = self.compact(kind, goal)
        if parts is not None:
            self.compact_goal(parts, goal)
            return
        pending: list[FieldDef] = []
        for fdef in kind.fields:
            if is_table(fdef):
                self.field_table(pending, goal)
                pending = []
                if not is_empty(fdef, goal) or empty_rule(fdef, self.template) == "dash":
                    self.label_paragraph(fdef.label)
                    self.action_table(fdef, goal)
            else:
                pending.append(fdef)
        self.field_table(pending, goal)

    def field_table(self, fields: list[FieldDef], node: Node) -> None:
        rows = []
        for fdef in fields:
            content = field_blocks(fdef, node)
            if not content:
                if empty_rule(fdef, self.template) == "omit":
                    continue
                content = [Block("paragraph", DASH)]
            rows.append((fdef.label, content))
        if not rows:
            return
        label_width = int(Cm(4.3))
        table = self.table((label_width, self.text_width - label_width))
        label_style = self.style_ids["Feltnavn"]
        for label, content in rows:
            row = el.row(table)
            el.run(el.paragraph(el.cell(row, label_width, LABEL_FILL), label_style), clean(label))
            content_cell = el.cell(row, self.text_width - label_width)
            self.add_blocks(content, self.cell_adder(content_cell), style_prefix="Tabeltekst")
        self.spacer()

    def action_table(self, fdef: FieldDef, node: Node) -> None:
        """A table field (the action plan, milestones, a template's own table): a header row of its
        columns, repeated on every page, then its rows. Columns no row fills are left out; the others
        share the width by their content, so no word breaks inside ("Fællessekretariat")."""
        headers, rows = shown_columns(table_columns(fdef), action_rows(fdef, node))
        if not rows:  # an empty table printed as a blank form: all its columns, "—" in the first
            headers = table_columns(fdef)
            rows = [(DASH, *("" for _ in headers[1:]))]
        widths = widths_from_shares(self.text_width, column_shares(headers, rows))
        header_table(self, headers, rows, widths)
        self.spacer()

    def sum_overviews(self) -> None:
        """After the goals: each number field that must add up across them, goal by goal, and its total."""
        parts = list(self._written(self.outline))
        goals = [part.node for part in parts if isinstance(part.node, Goal)]
        headings = {part.uuid: part.heading for part in parts}
        for total in sum_totals(self.template, goals):
            sum_overview(self, total, headings)

    # --- signatures, header and footer -------------------------------------------------------

    def signatures(self) -> None:
        a, export = self.agreement, self.template.export
        if export.signature_caption:
            self.para(clean(export.signature_caption), "Feltnavn", fmt=CAPTION)
        place = clean(str(a.value(export.place_field) or "")).strip()
        signed = format_date(a.value(export.date_field), long=True)
        line = ", den ".join(p for p in (place, signed) if p) if (place or signed) else ""
        self.para(line or "Sted: ______________________        Dato: ______________", fmt=KEEP_NEXT)
        parties = [r.data for r in a.rows_of("parties") if any(v.strip() for v in r.data.values())]
        if not parties:
            parties = [{"name": "", "role": ""}, {"name": "", "role": ""}]
        half = self.text_width // 2
        widths = (half, self.text_width - half)
        table = self.table(widths, grid=False, center=False)
        for start in range(0, len(parties), 2):
            row = el.row(table, cant_split=True)
            pair = parties[start:start + 2]
            for number, width in enumerate(widths):
                cell = el.cell(row, width)
                if number >= len(pair):
                    el.paragraph(cell)  # a cell holds at least one paragraph
                    continue
                el.run(el.paragraph(cell, fmt=SIGNATURE_LINE), "_" * 34)
                name = el.paragraph(cell)
                if text := clean(pair[number].get("name", "")):
                    el.run(name, text, bold=True)
                el.paragraph(cell, text=clean(pair[number].get("role", "")))

    def header_footer(self) -> None:
        """The title and revision in the header, "Side X af Y" in the footer, below whatever
        letterhead the reference document has there; the title page shows only the letterhead."""
        for section in self.doc.sections:
            if not self.template.export.title_page:  # every page has the header then
                docx_xml.header_and_page_numbers(
                    section, f"{clean(self.agreement.title)}  ·  {revision_text(self.agreement, self.options)}")
                continue
            letterhead = [deepcopy(e) for e in section.header._element if docx_xml.has_content(e)]
            section.different_first_page_header_footer = True
            first = section.first_page_header
            if not any(docx_xml.has_content(e) for e in first._element):
                for element in letterhead:
                    first._element.append(element)
            docx_xml.header_and_page_numbers(
                section, f"{clean(self.agreement.title)}  ·  {revision_text(self.agreement, self.options)}")
