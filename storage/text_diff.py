"""Two texts side by side with what differs marked, word by word (for the import preview)."""

from __future__ import annotations

import difflib
import re

from storage.records import record

#: above this many words in all, lines are compared instead of words
WORD_LIMIT = 20_000
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


@record(frozen=True)
class Piece:
    """A run of text on one side of a comparison, marked when the other side lacks it."""

    text: str
    #: whether this piece is not on the other side
    changed: bool


def _tokens(text: str) -> list[str]:
    return _TOKENS.findall(text)


def _joined(pieces: list[Piece]) -> list[Piece]:
    """Neighbouring pieces of one kind as one; a space between two changed words is part of the change."""
    pieces = [p for p in pieces if p.text]
    pieces = [Piece(p.text, True) if not p.changed and not p.text.strip() and 0 < i < len(pieces) - 1
              and pieces[i - 1].changed and pieces[i + 1].changed else p for i, p in enumerate(pieces)]
    out: list[Piece] = []
    for piece in pieces:
        if piece.text and out and out[-1].changed == piece.changed:
            out[-1] = Piece(out[-1].text + piece.text, piece.changed)
        elif piece.text:
            out.append(piece)
    return out


def side_by_side(mine: str, theirs: str) -> tuple[list[Piece], list[Piece]]:
    """Each text cut into pieces, the ones the other text lacks marked ``changed``.

    Joining each side's pieces gives the text back unchanged."""
    a, b = _tokens(mine), _tokens(theirs)
    if len(a) + len(b) > WORD_LIMIT:  # long texts: compare whole lines (word by word grows quadratically)
        a, b = mine.splitlines(keepends=True), theirs.splitlines(keepends=True)
    left: list[Piece] = []
    right: list[Piece] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        same = tag == "equal"
        left.append(Piece("".join(a[i1:i2]), not same))
        right.append(Piece("".join(b[j1:j2]), not same))
    return _joined(left), _joined(right)


def marked(pieces: list[Piece], start: str, end: str) -> str:
    """The pieces as one text with each changed piece between ``start`` and ``end``."""
    return "".join(f"{start}{p.text}{end}" if p.changed and p.text.strip() else p.text for p in pieces)
