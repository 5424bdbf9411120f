"""Saving a finished Word export (an agreement, minutes): under a temporary name beside the target,
given its contents' page numbers (:mod:`exporters.contents_pages`), then renamed — never a half-written
file under the target's name.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from docx.document import Document as DocxDocument

from exporters import contents_pages
from exporters.contents_pages import Outcome
from exporters.errors import ExportError, danish_reason


def save(doc: DocxDocument, target: Path, prefix: str, number_contents: bool, notes: list[str] | None) -> None:
    """Save ``doc`` as ``target`` (an :class:`ExportError` in Danish if it cannot be), with the contents'
    page numbers when ``number_contents``; a contents left without them is said in ``notes`` (in Danish)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=prefix, suffix=".docx", dir=target.parent)
    os.close(handle)
    outcome: Outcome | None = None
    try:
        doc.save(temp)
        if number_contents:
            outcome = contents_pages.number_contents(Path(temp))
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp's file is private (0600); the document is not
        os.replace(temp, target)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise ExportError(f"Filen '{target}' kunne ikke gemmes: {danish_reason(exc)}.") from exc
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    said = contents_pages.note(outcome) if outcome is not None else None
    if said and notes is not None:
        notes.append(said)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
