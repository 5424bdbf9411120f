"""Year mentions in an agreement's text: found, shown with their context, and moved one year on
when the agreement is copied to next year.

"Politiske indsatsområder 2008", "andet kvartal 2008", "1.1.2008" and "7/1-08" name the agreement's
year; "i forhold til niveauet i 2007" names the year before. Copied to 2009, each becomes one year
later, but only where the person copying accepts it: :func:`find_mentions` lists them, the copy
(:func:`storage.agreements.copy_for_next_year`) takes the accepted ones and :func:`moved_text`
writes them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from storage.model import Agreement, JSONValue, Node, Row

#: metadata the copy sets itself (year, title, period) or clears (revision, approval)
NOT_SEARCHED = frozenset({"unit", "year", "title", "approval_date", "revision", "period_start", "period_end"})
CONTEXT_CHARS = 40

#: where a text lives: owner node, field, row (None for a field's own value), key in the row or value
#: dict (None for a plain text value)
Place = tuple[str, str, str | None, str | None]


@dataclass(frozen=True)
class YearMention:
    owner_uuid: str
    field_id: str
    row_uuid: str | None
    key: str | None
    start: int
    end: int
    found: str
    replacement: str
    before: str  # the text just before the mention, for the preview
    after: str

    @property
    def place(self) -> Place:
        return (self.owner_uuid, self.field_id, self.row_uuid, self.key)


def _patterns(year: int) -> list[tuple[re.Pattern[str], str]]:
    """(pattern whose group 'y' is the year, what the year becomes), for the year and the one before."""
    out = [(re.compile(rf"(?<!\d)(?P<y>{y})(?!\d)"), str(y + 1)) for y in (year, year - 1)]
    short = f"{year % 100:02d}"
    # a date with a two-digit year: 7/1-08, 1.1.08, 31-12-08
    out.append((re.compile(rf"(?<!\d)\d{{1,2}}[./-]\d{{1,2}}[./-](?P<y>{short})(?!\d)"), f"{(year + 1) % 100:02d}"))
    return out


def mentions_in(text: str, year: int, place: Place) -> list[YearMention]:
    """The mentions of ``year`` (and the year before) in one text, in reading order."""
    found: list[YearMention] = []
    for pattern, replacement in _patterns(year):
        for match in pattern.finditer(text):
            start, end = match.span("y")
            before = text[max(0, start - CONTEXT_CHARS):start]
            after = text[end:end + CONTEXT_CHARS]
            found.append(YearMention(
                *place, start=start, end=end, found=match.group("y"), replacement=replacement,
                before=("…" if start > CONTEXT_CHARS else "") + before.replace("\n", " "),
                after=after.replace("\n", " ") + ("…" if end + CONTEXT_CHARS < len(text) else "")))
    return sorted(found, key=lambda m: m.start)


def _texts(node: Node, skip: frozenset[str]) -> Iterator[tuple[Place, str]]:
    for field_id, value in node.values.items():
        if field_id in skip:
            continue
        if isinstance(value, str):
            yield (node.uuid, field_id, None, None), value
        elif isinstance(value, dict):
            for key, inner in value.items():
                if isinstance(inner, str):
                    yield (node.uuid, field_id, None, key), inner
    for field_id, rows in node.rows.items():
        for row in rows:
            for key, cell in row.data.items():
                if isinstance(cell, str) and key != "status":
                    yield (node.uuid, field_id, row.uuid, key), cell


def find_mentions(agreement: Agreement, year: int | None = None) -> list[YearMention]:
    """Every mention of the agreement's year (or the year before) in its texts, lists and tables,
    front page first, then the sections and goals in stored order. ``year``: look for that year (and the
    one before) instead, e.g. last year's in a copy (:func:`left_in_copy`)."""
    out: list[YearMention] = []
    nodes: list[Node] = [agreement, *agreement.sections, *agreement.goals]
    for node in nodes:
        skip = NOT_SEARCHED if node is agreement else frozenset()
        for place, text in _texts(node, skip):
            out.extend(mentions_in(text, agreement.year if year is None else year, place))
    return out


def left_in_copy(copy: Agreement) -> list[YearMention]:
    """In next year's copy made without moving the years: every mention of last year (or the year before)
    it still holds, i.e. what the copy could have moved on. (After a copy that moved them, a mention of
    last year may be one that was moved on from the year before: count the moved ones instead.)"""
    return find_mentions(copy, copy.year - 1)


def by_place(mentions: Iterable[YearMention]) -> dict[Place, list[YearMention]]:
    out: dict[Place, list[YearMention]] = {}
    for mention in mentions:
        out.setdefault(mention.place, []).append(mention)
    return out


def moved_text(text: str, mentions: Iterable[YearMention]) -> str:
    """``text`` with each mention (found in this very text) replaced; a mention that no longer
    matches the text at its place is left alone."""
    for mention in sorted(mentions, key=lambda m: m.start, reverse=True):
        if text[mention.start:mention.end] == mention.found:
            text = text[:mention.start] + mention.replacement + text[mention.end:]
    return text


def still_named(value: JSONValue | list[Row], year: int) -> bool:
    """Whether a field's value (text, amount/person dict or rows) still names ``year``."""
    pattern = re.compile(rf"(?<!\d){year}(?!\d)")
    if isinstance(value, str):
        return bool(pattern.search(value))
    if isinstance(value, dict):
        return any(isinstance(v, str) and pattern.search(v) for v in value.values())
    if isinstance(value, list):
        return any(isinstance(r, Row) and any(pattern.search(str(c)) for k, c in r.data.items() if k != "status")
                   for r in value)
    return False
