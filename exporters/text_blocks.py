"""Text as typed → blocks for a document: paragraphs, bullet items, numbered items.

Characters that XML 1.0 cannot hold are dropped here, so no export ever fails on them.
"""

from __future__ import annotations

import re
from typing import Literal

from storage.records import record

# XML 1.0 allows tab, newline, carriage return and everything from U+0020 except the
# surrogates and U+FFFE/U+FFFF.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BULLET = re.compile(r"^\s*[-•*–]\s+(.*)$")
_MONTHS = "januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december|kvartal"
# "1. Tekst" is a numbered item; "15. april" and "2. kvartal" are not.
_NUMBERED = re.compile(rf"^\s*\d{{1,3}}[.)]\s+(?!(?:{_MONTHS})\b)(.*)$", re.IGNORECASE)

BlockKind = Literal["paragraph", "bullet", "numbered", "lettered"]


@record(frozen=True)
class Block:
    """A paragraph of a long text as Word writes it: plain, or an item of a bulleted, numbered or lettered list."""

    kind: BlockKind
    text: str


def clean(text: str) -> str:
    """Drop what XML cannot hold; keep everything else exactly."""
    return _INVALID_XML.sub("", text)


def blocks(text: str) -> list[Block]:
    """Paragraphs (blank lines or single line breaks) and list items ("-", "•", "1.")."""
    out: list[Block] = []
    for raw in clean(text).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        if not line.strip():
            continue
        if match := _BULLET.match(line):
            out.append(Block("bullet", match.group(1).strip()))
        elif match := _NUMBERED.match(line):
            out.append(Block("numbered", match.group(1).strip()))
        else:
            out.append(Block("paragraph", line.strip()))
    return out
