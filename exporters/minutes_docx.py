"""Dialogue-meeting minutes as a Word document, in the form of the Albertslund example:

    REFERAT Chefforum d. 03.03.2016
    Mødedato   Torsdag d. 3. marts 2016 kl. 09:00
    Mødested   Mødelokale 2 - forhal
    Indholdsfortegnelse   (a TOC field: the items and their page numbers)
    Punkt 1: <title>
        Vedrører: Bilag 2a Faglig indsats – Helpdesk (IT-staben)
        Resume · Indstilling ("Kommunaldirektøren indstiller," 1. at … 2. at …) · Sagsfremstilling · Beslutning

Styles come from the Word reference document, as for agreements; the file is written under a
temporary name beside the target and renamed when complete.
"""

from __future__ import annotations

import logging
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.shared import Cm

from exporters import contents_pages, docx_xml
from exporters import docx_elements as el
from exporters.docx_builder import DocxBuilder
from exporters.docx_files import save
from exporters.docx_writer import open_reference
from exporters.errors import ExportError, danish_reason
from exporters.field_text import DASH
from exporters.file_names import safe_stem
from exporters.reference_document import builtin_reference
from exporters.text_blocks import Block, blocks, clean
from storage.database import Store
from storage.minutes import Meeting, MeetingItem, load_meeting

log = logging.getLogger(__name__)
RECOMMENDS = "Det indstilles,"
#: "Mødedato" and "Mødested", their texts in one column
FRONT_LINE = el.Format(tabs=(el.TabStop(int(Cm(3.5))),))
KEEP_NEXT = el.Format(keep_next=True)


def minutes_file_name(meeting: Meeting) -> str:
    """'Referat Chefforum 2016-03-03.docx'."""
    return f"{safe_stem(f'Referat {meeting.title} {meeting.date.isoformat()}')}.docx"


def export_minutes(store: Store, meeting_uuid: str, target: Path, reference: Path | None = None,
                   notes: list[str] | None = None) -> Path:
    """Write the meeting's minutes to ``target``; every failure is an :class:`ExportError` in Danish, and
    what the user should know about the file (its contents has no page numbers, say) is added to ``notes``."""
    meeting = load_meeting(store, meeting_uuid)
    try:
        return write_minutes(meeting, target, reference, notes)
    except ExportError:
        raise
    except OSError as exc:
        raise ExportError(f"Filen '{target}' kunne ikke gemmes: {danish_reason(exc)}.") from exc
    except Exception as exc:  # python-docx, lxml and zipfile raise many kinds, all with English text
        log.info("Word export of meeting %s failed", meeting_uuid, exc_info=True)
        raise ExportError(f"Referatet '{target}' kunne ikke skrives: der opstod en uventet fejl under"
                          " eksporten, og filen er ikke gemt.") from exc


def write_minutes(meeting: Meeting, target: Path, reference: Path | None = None,
                  notes: list[str] | None = None) -> Path:
    doc = open_reference(reference or builtin_reference())
    docx_xml.clear_body(doc)
    writer = _MinutesWriter(doc, meeting)
    writer.write()
    writer.finish()
    target = Path(target)
    save(doc, target, ".referat-", True, notes)
    return target


class _MinutesWriter(DocxBuilder):
    def __init__(self, doc: DocxDocument, meeting: Meeting) -> None:
        super().__init__(doc)
        self.meeting = meeting

    def write(self) -> None:
        self.front()
        self.contents()
        for item in self.meeting.items:
            self.item(item)
        self.page_footer()
        docx_xml.update_fields_on_open(self.doc)  # until contents_pages has written the page numbers in

    def front(self) -> None:
        self.para(clean(self.meeting.heading), "Title")
        for label, text in (("Mødedato", self.meeting.when), ("Mødested", self.meeting.place or DASH)):
            paragraph = self.para("", "Normal", fmt=FRONT_LINE)
            el.run(paragraph, label, bold=True)
            el.run(paragraph, f"\t{clean(text)}")

    def contents(self) -> None:
        """A TOC field whose cached result lists the items, a dotted tab and a page number each, as the
        agreement's (the numbers written in by :func:`contents_pages.number_contents` when it is saved)."""
        self.para("Indholdsfortegnelse", "TOC Heading")
        fmt = el.Format(tabs=(el.TabStop(self.text_width, "right", "dot"),))
        titles = [clean(item.heading) for item in self.meeting.items]
        for number, title in enumerate(titles or ["Referatet har ingen punkter endnu."]):
            paragraph = self.para("", "TOC 1", fmt=fmt if titles else None)
            if number == 0:
                docx_xml.field_begin(paragraph, 'TOC \\o "1-1" \\h \\z \\u', dirty=True)
            el.run(paragraph, title)
            if titles:
                el.run(paragraph, "\t")
                el.run(paragraph, contents_pages.PLACEHOLDER)
        docx_xml.field_end(paragraph)
        self.page_break()

    def item(self, item: MeetingItem) -> None:
        self.para(clean(item.heading), "Heading 1")
        for goal in item.goals:
            concerns = self.para("", "Normal")
            el.run(concerns, "Vedrører: ", italic=True)
            el.run(concerns, clean(goal.label))
        self.part("Resume", blocks(item.resume))
        recommended = f"{item.recommended_by} indstiller," if item.recommended_by else RECOMMENDS
        points = [Block("numbered", f"at {point}") for point in item.recommendation]
        self.part("Indstilling", [Block("paragraph", recommended), *points] if points else [])
        self.part("Sagsfremstilling", blocks(item.background))
        self.part("Beslutning", blocks(item.decision))

    def part(self, title: str, content: list[Block]) -> None:
        self.para(title, "Heading 2", fmt=KEEP_NEXT)
        self.add_blocks(content or [Block("paragraph", DASH)], self.body_adder(), style_prefix="")

    def page_footer(self) -> None:
        for section in self.doc.sections:
            docx_xml.header_and_page_numbers(section, clean(self.meeting.heading))
