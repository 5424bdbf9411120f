"""Reading exported Word files back with LibreOffice (headless) and poppler, not with python-docx.

LibreOffice's start-up is the slow part, so :meth:`LibreOffice.convert` takes many files per
call. Each :class:`LibreOffice` has a private user profile, so parallel test sessions and a
profile left behind by a killed run never lock each other out.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

FILTERS = {"txt": "txt:Text", "pdf": "pdf:writer_pdf_Export"}
#: CSV of every sheet (``-1``: one file per sheet), UTF-8, cells as shown (number formats applied), no formulas
CSV_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"


def normalise(text: str) -> str:
    """All runs of whitespace (newlines, tabs, no-break spaces) as one space."""
    return re.sub(r"\s+", " ", text.replace("\ufeff", "")).strip()


def find_in_order(text: str, expected: Sequence[str], start: int = 0) -> int:
    """Assert that each of ``expected`` occurs in ``text`` after the previous one; the end position.

    Both sides are compared with whitespace normalised. The message shows where the search stood.
    """
    cursor = start
    for item in expected:
        needle = normalise(item)
        found = text.find(needle, cursor)
        assert found >= 0, (
            f"{needle!r} is missing after position {cursor}; the text there reads:\n"
            f"{text[cursor:cursor + 400]!r}"
        )
        cursor = found + len(needle)
    return cursor


def require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise RuntimeError(f"{tool} is not installed; ./run.sh test installs LibreOffice and poppler-utils")
    return path


class LibreOffice:
    def __init__(self, work: Path) -> None:
        self.work = work
        self.profile = work / "profile"
        self.soffice = require("soffice")
        self.calls = 0

    def convert(self, files: Sequence[Path], target: str) -> list[Path]:
        """Convert every file in one soffice run; the outputs in the same order.

        Inputs are copied under numbered names first, so two files of the same name (from two
        folders) do not overwrite each other's output.
        """
        self.calls += 1
        call = self.work / f"call-{self.calls:03d}"
        inbox, outbox = call / "in", call / "out"
        inbox.mkdir(parents=True)
        copies = []
        for number, source in enumerate(files):
            copy = inbox / f"{number:03d}{Path(source).suffix}"
            shutil.copyfile(source, copy)
            copies.append(copy)
        result = self._run(["--convert-to", FILTERS[target], "--outdir", str(outbox), *map(str, copies)])
        outputs = [outbox / f"{copy.stem}.{target}" for copy in copies]
        missing = [str(files[i]) for i, out in enumerate(outputs) if not out.is_file() or out.stat().st_size == 0]
        assert not missing, f"LibreOffice wrote nothing for {missing}:\n{result.stdout}\n{result.stderr}"
        return outputs

    def texts(self, files: Sequence[Path]) -> list[str]:
        """The documents as LibreOffice's plain-text export (body text: no header or footer)."""
        return [out.read_text(encoding="utf-8-sig") for out in self.convert(files, "txt")]

    def text(self, file: Path) -> str:
        return self.texts([file])[0]

    def sheets(self, workbook: Path) -> dict[str, list[list[str]]]:
        """Every sheet of a workbook as LibreOffice shows its cells (CSV), by sheet name."""
        self.calls += 1
        outbox = self.work / f"call-{self.calls:03d}"
        outbox.mkdir(parents=True)
        copy = outbox / f"book{workbook.suffix}"
        shutil.copyfile(workbook, copy)
        self._run(["--convert-to", CSV_SHEETS, "--outdir", str(outbox), str(copy)])
        found = {out.stem.removeprefix("book-"): list(csv.reader(out.open(encoding="utf-8", newline="")))
                 for out in sorted(outbox.glob("book-*.csv"))}
        assert found, f"LibreOffice wrote no CSV for {workbook}"
        return found

    def _run(self, arguments: list[str]) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SAL_", "OOO_"))}
        env["HOME"] = str(self.work)  # nothing of the user's own LibreOffice is read or written
        result = subprocess.run(
            [self.soffice, f"-env:UserInstallation={self.profile.resolve().as_uri()}", "--headless", "--norestore",
             "--nologo", "--nolockcheck", *arguments], capture_output=True, text=True, timeout=300, env=env)
        assert result.returncode == 0, f"soffice exited with {result.returncode}:\n{result.stdout}\n{result.stderr}"
        return result

    def pdfs(self, files: Sequence[Path]) -> list[Path]:
        return self.convert(files, "pdf")

    def pdf(self, file: Path) -> Path:
        return self.pdfs([file])[0]


def pdf_pages(pdf: Path) -> int:
    out = subprocess.run([require("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", out, re.MULTILINE)
    assert match, out
    return int(match.group(1))


def pdf_text(pdf: Path, page: int | None = None) -> str:
    """pdftotext of the whole PDF, or of one page (1-based); headers and footers included."""
    pages = ["-f", str(page), "-l", str(page)] if page is not None else []
    return subprocess.run([require("pdftotext"), "-enc", "UTF-8", *pages, str(pdf), "-"],
                          capture_output=True, text=True, encoding="utf-8", check=True).stdout
