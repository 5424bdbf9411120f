"""Broken Word reference documents, as a user might put one in the ``word`` folder."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from exporters.reference_document import builtin_reference

#: Not XML: python-docx ends with lxml's XMLSyntaxError on it.
BROKEN_XML = b"<w:styles><ikke afsluttet"


def with_part(part: str, content: bytes) -> Callable[[Path], Path]:
    """``make(path)``: the built-in reference document with one part replaced (or left out, for b""),
    on which python-docx raises lxml's or its own English errors (XMLSyntaxError, KeyError, …)."""
    def make(path: Path) -> Path:
        with zipfile.ZipFile(builtin_reference()) as source, zipfile.ZipFile(path, "w") as target:
            for item in source.infolist():
                if item.filename != part:
                    target.writestr(item, source.read(item))
            if content:
                target.writestr(part, content)
        return path

    return make
