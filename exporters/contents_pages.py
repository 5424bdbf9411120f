"""Page numbers for the table of contents, from a layout engine: LibreOffice, run headless.

python-docx writes no layout, so where a heading lands is not known when the file is written. Word
would fill in the numbers itself only when told to update fields on opening — it then asks the reader
a question on every opening, which a secretary printing the file as it opens must not see. So the
written files are converted to PDF by LibreOffice, all of a batch in one run (its start-up is most of
the cost); ``pdftotext`` gives each page's text, each contents entry is looked up in the body (in order,
after the contents list) and its page number is written into the TOC field's cached result, which Word
shows as it is. The field stays a real TOC field: Word's "Opdater felt" (F9) still rebuilds it.

Without LibreOffice or poppler's ``pdftotext`` (or if the layout fails) the contents lists the headings
without page numbers and asks nothing on opening either; the :class:`Outcome` says why, and
:func:`note` says it to the user in Danish, with what to do in Word.
"""

from __future__ import annotations

import atexit
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from enum import Enum
from pathlib import Path

from lxml import etree

log = logging.getLogger(__name__)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
#: what a page-number run holds until LibreOffice has laid the document out (two digits wide, like most)
PLACEHOLDER = "00"
TIMEOUT = 120
#: more time for each further file of a batch laid out in one LibreOffice run
PER_FILE = 30
#: whitespace and hyphens: a heading wrapped or hyphenated over two lines still matches
_SPACE = re.compile(r"[\s\-\u00ad\u2010\u2011]+")
_profile: Path | None = None


class Outcome(Enum):
    """What became of a file's contents."""

    #: the page numbers are written in (or the file has no contents needing them)
    NUMBERED = "numbered"
    #: LibreOffice (soffice) is not installed: headings without page numbers
    NO_LIBREOFFICE = "no-libreoffice"
    #: pdftotext (poppler-utils) is not installed: headings without page numbers
    NO_PDFTOTEXT = "no-pdftotext"
    #: LibreOffice could not lay the file out, or its headings were not found there
    FAILED = "failed"


_WHY = {
    Outcome.NO_LIBREOFFICE: "LibreOffice ikke er installeret",
    Outcome.NO_PDFTOTEXT: "pdftotext (poppler-utils) ikke er installeret",
    Outcome.FAILED: "LibreOffice ikke kunne lægge dokumentet op",
}
_IN_WORD = "Word udfylder dem, når du klikker i indholdsfortegnelsen og trykker F9 (Opdater felt)."


def note(outcome: Outcome) -> str | None:
    """What the user is told after an export whose contents has no page numbers (None when it has)."""
    why = _WHY.get(outcome)
    return None if why is None else f"Indholdsfortegnelsen har ingen sidetal, fordi {why}. {_IN_WORD}"


def batch_notes(outcomes: Sequence[tuple[Path, Outcome]]) -> list[str]:
    """The notes of a batch: one per reason, naming the files when not all of them are concerned."""
    notes = []
    for outcome, why in _WHY.items():
        names = [path.name for path, found in outcomes if found is outcome]
        if not names:
            continue
        if len(names) == 1:
            notes.append(f"Indholdsfortegnelsen i {names[0]} har ingen sidetal, fordi {why}. {_IN_WORD}")
        else:
            notes.append(f"Indholdsfortegnelserne i {len(names)} filer har ingen sidetal, fordi {why}. {_IN_WORD}")
    return notes


def tools() -> tuple[str, str] | None:
    """soffice and pdftotext, or None when either is missing."""
    soffice, pdftotext = _soffice(), shutil.which("pdftotext")
    return (soffice, pdftotext) if soffice and pdftotext else None


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def number_contents(docx: Path) -> Outcome:
    """Write the page numbers into ``docx``'s table of contents and stop Word asking to update it."""
    return number_files([docx])[0]


def number_files(files: Sequence[Path]) -> list[Outcome]:
    """:func:`number_contents` of each file, with one LibreOffice run for all of them.

    A file without a TOC field is left as it is; a file whose page numbers cannot be had gets its
    headings without them (and no question on opening either). A file that cannot be read or rewritten
    is left as written (Word then asks to update its contents) and counts as failed."""
    outcomes = [Outcome.NUMBERED] * len(files)
    parts: dict[int, tuple[etree._Element, etree._Element]] = {}
    for index, docx in enumerate(files):
        try:
            with zipfile.ZipFile(docx) as archive:
                document = etree.fromstring(archive.read("word/document.xml"))
                settings = etree.fromstring(archive.read("word/settings.xml"))
        except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
            log.warning("The contents of %s could not be read (%s)", docx.name, exc)
            outcomes[index] = Outcome.FAILED
            continue
        if has_contents(document):
            parts[index] = document, settings
    laid_out = [i for i, (document, _) in parts.items() if contents_entries(document)]
    pages = _layout([files[i] for i in laid_out]) if laid_out else []
    found = dict(zip(laid_out, pages, strict=True))
    for index, (document, settings) in parts.items():
        outcome = Outcome.NUMBERED
        if index in found:
            outcome = _numbered(document, found[index], files[index].name)
        if outcome is not Outcome.NUMBERED:
            without_numbers(document)
        settled(document, settings)
        try:
            _replace_parts(files[index], {"word/document.xml": document, "word/settings.xml": settings})
        except OSError as exc:
            log.warning("The contents of %s could not be written (%s)", files[index].name, exc)
            outcome = Outcome.FAILED
        outcomes[index] = outcome
    return outcomes


def _numbered(document: etree._Element, pages: list[str] | Outcome, name: str) -> Outcome:
    """Write the page numbers from LibreOffice's ``pages`` into the entries; the outcome."""
    if isinstance(pages, Outcome):
        return pages
    entries = contents_entries(document)
    numbers = page_numbers([text for text, _ in entries], pages)
    if numbers is None:
        log.warning("The headings of %s were not found in LibreOffice's layout", name)
        return Outcome.FAILED
    for (_, run_text), number in zip(entries, numbers, strict=True):
        run_text.text = str(number)
    return Outcome.NUMBERED


def _layout(files: list[Path]) -> list[list[str] | Outcome]:
    """The text of each page of each file as LibreOffice lays it out (one soffice run for all), or why not."""
    found = tools()
    if found is None:
        missing = Outcome.NO_LIBREOFFICE if _soffice() is None else Outcome.NO_PDFTOTEXT
        log.warning("%s: the contents of %s have no page numbers", missing.value, ", ".join(f.name for f in files))
        return [missing] * len(files)
    soffice, pdftotext = found
    with tempfile.TemporaryDirectory(prefix="aftaler-toc-") as temporary:
        work = Path(temporary)
        sources = []
        for number, docx in enumerate(files):  # numbered names: two targets of one name do not collide
            sources.append(work / f"{number:04d}.docx")
            shutil.copyfile(docx, sources[-1])
        env = {k: v for k, v in tool_env().items() if not k.startswith(("SAL_", "OOO_"))}
        try:
            subprocess.run([soffice, f"-env:UserInstallation={_profile_dir().as_uri()}", "--headless", "--norestore",
                            "--nologo", "--nolockcheck", "--convert-to", "pdf", "--outdir", str(work),
                            *map(str, sources)],
                           capture_output=True, timeout=TIMEOUT + PER_FILE * len(files), env=env, check=True)
        except (OSError, subprocess.SubprocessError) as exc:
            log.warning("LibreOffice could not lay out %s (%s)", ", ".join(f.name for f in files), exc)
            return [Outcome.FAILED] * len(files)
        return [_page_texts(source.with_suffix(".pdf"), pdftotext) for source in sources]


def tool_env() -> dict[str, str]:
    """The environment for LibreOffice and pdftotext. In the built program PyInstaller points the library
    path at the libraries it ships (keeping the user's own in ``LD_LIBRARY_PATH_ORIG``); the system's
    tools must load the system's libraries, not those."""
    env = dict(os.environ)
    if getattr(sys, "frozen", False):
        original = env.pop("LD_LIBRARY_PATH_ORIG", None)
        if original:
            env["LD_LIBRARY_PATH"] = original
        else:
            env.pop("LD_LIBRARY_PATH", None)
    return env


def _page_texts(pdf: Path, pdftotext: str) -> list[str] | Outcome:
    if not pdf.is_file():
        log.warning("LibreOffice wrote no PDF for %s", pdf.name)
        return Outcome.FAILED
    try:
        text = subprocess.run([pdftotext, "-layout", "-enc", "UTF-8", str(pdf), "-"],
                              capture_output=True, timeout=TIMEOUT, check=True, env=tool_env()
                              ).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("pdftotext could not read %s (%s)", pdf.name, exc)
        return Outcome.FAILED
    return text.split("\f")


def _profile_dir() -> Path:
    """A private LibreOffice profile for this process (made on the first call, reused by a batch), so a
    running LibreOffice of the user's own is neither used nor disturbed."""
    global _profile
    if _profile is None:
        _profile = Path(tempfile.mkdtemp(prefix="aftaler-libreoffice-"))
        atexit.register(shutil.rmtree, _profile, True)
    return _profile


def _squeezed(text: str) -> str:
    """Without whitespace and hyphens, which line breaks add and remove."""
    return _SPACE.sub("", text)


def has_contents(element: etree._Element) -> bool:
    """Does the document (or paragraph) hold a TOC field?"""
    return any("TOC" in (i.text or "") for i in element.iter(f"{_W}instrText"))


def contents_entries(document: etree._Element) -> list[tuple[str, etree._Element]]:
    """Each entry of the TOC field: its heading text, and the w:t that holds its page number (the
    entry's last run, after the tab)."""
    out = []
    inside = False
    for paragraph in document.iter(f"{_W}p"):
        if not inside and has_contents(paragraph):
            inside = True
        if inside:
            texts = list(paragraph.iter(f"{_W}t"))
            if len(texts) >= 2 and texts[-1].text == PLACEHOLDER:
                out.append(("".join(t.text or "" for t in texts[:-1]), texts[-1]))
            if any(c.get(f"{_W}fldCharType") == "end" for c in paragraph.iter(f"{_W}fldChar")):
                break
    return out


def page_numbers(headings: list[str], pages: list[str]) -> list[int] | None:
    """The page (1-based) each heading is on, searched in order after the contents list itself."""
    flat, starts = "", []
    for page in pages:
        starts.append(len(flat))
        flat += _squeezed(page)
    cursor = 0
    for heading in headings:  # the contents list: the same texts, in the same order
        at = flat.find(_squeezed(heading), cursor)
        if at < 0:
            return None
        cursor = at + len(_squeezed(heading))
    numbers = []
    for heading in headings:
        at = flat.find(_squeezed(heading), cursor)
        if at < 0:
            return None
        cursor = at + len(_squeezed(heading))
        numbers.append(sum(1 for start in starts if start <= at))
    return numbers


def without_numbers(document: etree._Element) -> None:
    """The entries as headings alone: no placeholder, and no tab leading the eye to it."""
    for _, run_text in contents_entries(document):
        number_run = run_text.getparent()
        tab_run = number_run.getprevious()
        if tab_run is not None and tab_run.find(f"{_W}tab") is not None and len(tab_run) == 1:
            tab_run.getparent().remove(tab_run)
        number_run.getparent().remove(number_run)


def settled(document: etree._Element, settings: etree._Element) -> None:
    """Nothing left for Word to update on opening: no dirty field, no updateFields setting."""
    for char in document.iter(f"{_W}fldChar"):
        char.attrib.pop(f"{_W}dirty", None)
    for element in settings.findall(f"{_W}updateFields"):
        settings.remove(element)


def _replace_parts(docx: Path, parts: dict[str, etree._Element]) -> None:
    """Rewrite the zip with ``parts`` replaced, every other member copied as it is."""
    rewritten = docx.with_name(docx.name + ".toc")
    try:
        with zipfile.ZipFile(docx) as source, zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                if info.filename in parts:
                    data = etree.tostring(parts[info.filename], xml_declaration=True, encoding="UTF-8",
                                          standalone=True)
                    target.writestr(info, data, zipfile.ZIP_DEFLATED)
                else:
                    target.writestr(info, source.read(info.filename))
        os.replace(rewritten, docx)
    except BaseException:
        rewritten.unlink(missing_ok=True)  # the file stays as it was
        raise
