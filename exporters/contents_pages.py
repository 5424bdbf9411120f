"""Page numbers for the table of contents, from a layout engine: LibreOffice, run headless.

python-docx writes no layout, so where a heading lands is not known when the file is written. Word
would fill in the numbers itself only when told to update fields on opening — it then asks the reader
a question on every opening, which a secretary printing the file as it opens must not see. So the
written file is converted to PDF once by LibreOffice; ``pdftotext`` gives each page's text, each
contents entry is looked up in the body (in order, after the contents list) and its page number is
written into the TOC field's cached result, which Word shows as it is. The field stays a real TOC
field: Word's "Opdater felt" still rebuilds it.

Without LibreOffice or poppler's ``pdftotext`` (or if the conversion fails) the file is left as
written: it asks Word to update the contents on opening, the last resort, and the log says why.
"""

from __future__ import annotations

import atexit
import logging
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

log = logging.getLogger(__name__)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
#: what a page-number run holds until LibreOffice has laid the document out (two digits wide, like most)
PLACEHOLDER = "00"
TIMEOUT = 120
#: whitespace and hyphens: a heading wrapped or hyphenated over two lines still matches
_SPACE = re.compile(r"[\s\-\u00ad\u2010\u2011]+")
_profile: Path | None = None


def tools() -> tuple[str, str] | None:
    """soffice and pdftotext, or None when either is missing."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftotext = shutil.which("pdftotext")
    return (soffice, pdftotext) if soffice and pdftotext else None


def number_contents(docx: Path) -> bool:
    """Write the page numbers into ``docx``'s table of contents and stop Word asking to update it.

    False (and the file untouched) when no layout engine is at hand or the headings are not found."""
    found = tools()
    if found is None:
        log.warning("LibreOffice (soffice) or pdftotext is not installed: the table of contents of %s has no page "
                    "numbers, and Word asks to update it when the file is opened", docx.name)
        return False
    soffice, pdftotext = found
    with tempfile.TemporaryDirectory(prefix="aftaler-toc-") as temporary:
        pages = _pages(Path(temporary), docx, soffice, pdftotext)
    if pages is None:
        return False
    with zipfile.ZipFile(docx) as archive:
        document = etree.fromstring(archive.read("word/document.xml"))
        settings = etree.fromstring(archive.read("word/settings.xml"))
    entries = contents_entries(document)
    numbers = page_numbers([text for text, _ in entries], pages)
    if numbers is None:
        log.warning("The headings of %s were not found in LibreOffice's layout; Word updates the contents on "
                    "opening", docx.name)
        return False
    for (_, run_text), number in zip(entries, numbers, strict=True):
        run_text.text = str(number)
    settled(document, settings)
    _replace_parts(docx, {"word/document.xml": document, "word/settings.xml": settings})
    return True


def _pages(work: Path, docx: Path, soffice: str, pdftotext: str) -> list[str] | None:
    """The text of each page as LibreOffice lays ``docx`` out."""
    source = work / "aftale.docx"
    shutil.copyfile(docx, source)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAL_", "OOO_"))}
    try:
        subprocess.run([soffice, f"-env:UserInstallation={_profile_dir().as_uri()}", "--headless", "--norestore",
                        "--nologo", "--nolockcheck", "--convert-to", "pdf", "--outdir", str(work), str(source)],
                       capture_output=True, timeout=TIMEOUT, env=env, check=True)
        text = subprocess.run([pdftotext, "-layout", "-enc", "UTF-8", str(work / "aftale.pdf"), "-"],
                              capture_output=True, timeout=TIMEOUT, check=True).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("LibreOffice could not lay out %s (%s); Word updates the contents on opening", docx.name, exc)
        return None
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


def contents_entries(document: etree._Element) -> list[tuple[str, etree._Element]]:
    """Each entry of the TOC field: its heading text, and the w:t that holds its page number (the
    entry's last run, after the tab)."""
    out = []
    inside = False
    for paragraph in document.iter(f"{_W}p"):
        if not inside and any("TOC" in (i.text or "") for i in paragraph.iter(f"{_W}instrText")):
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


def settled(document: etree._Element, settings: etree._Element) -> None:
    """Nothing left for Word to update on opening: no dirty field, no updateFields setting."""
    for char in document.iter(f"{_W}fldChar"):
        char.attrib.pop(f"{_W}dirty", None)
    for element in settings.findall(f"{_W}updateFields"):
        settings.remove(element)


def _replace_parts(docx: Path, parts: dict[str, etree._Element]) -> None:
    """Rewrite the zip with ``parts`` replaced, every other member copied as it is."""
    rewritten = docx.with_name(docx.name + ".toc")
    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in parts:
                data = etree.tostring(parts[info.filename], xml_declaration=True, encoding="UTF-8", standalone=True)
                target.writestr(info, data, zipfile.ZIP_DEFLATED)
            else:
                target.writestr(info, source.read(info.filename))
    os.replace(rewritten, docx)
