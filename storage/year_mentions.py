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

from storage.model import Agreement, JSONValue, Node, Row
from storage.records import record

#: metadata the copy sets itself (year, title, period) or clears (revision, approval)
NOT_SEARCHED = frozenset({"unit", "year", "title", "approval_date", "revision", "period_start", "period_end"})
CONTEXT_CHARS = 40

#: where a text lives: owner node, field, row (None for a field's own value), key in the row or value
#: dict (None for a plain text value)
Place = tuple[str, str, str | None, str | None]


@record(frozen=True)
class YearMention:
    """A year named in a text, where it stands, and what moving it one year on gives."""

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


def _field_texts(value: JSONValue | list[Row]) -> list[str]:
    """The texts a field's value (text, amount/person dict or rows) shows; a row's status is no text of it."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [v for v in value.values() if isinstance(v, str)]
    if isinstance(value, list):
        return [str(c) for r in value if isinstance(r, Row) for k, c in r.data.items() if k != "status"]
    return []


def count_named(value: JSONValue | list[Row], year: int) -> int:
    """How often the value names ``year``: as a year ("2008") or in a date with a two-digit year ("7/1-08")."""
    year_pattern, _, date_pattern = (pattern for pattern, _ in _patterns(year))
    patterns = (year_pattern, date_pattern)
    return sum(len(pattern.findall(text)) for text in _field_texts(value) for pattern in patterns)


def still_named(value: JSONValue | list[Row], year: int, source: JSONValue | list[Row] | None = None) -> bool:
    """Whether a field's value in next year's copy still names ``year`` (last year) as the source did.

    With the ``source`` value (the same field of the agreement the copy was made from): mentions of the
    year before that the copy no longer holds were moved on and now name ``year`` on purpose ("niveauet i
    2007" became "niveauet i 2008"); only mentions beyond those count. Without it, any mention counts."""
    named = count_named(value, year)
    if source is None or not named:
        return named > 0
    moved_on = max(0, count_named(source, year - 1) - count_named(value, year - 1))
    return named > moved_on


def copied_nodes(copy: Agreement, source: Agreement) -> dict[str, Node]:
    """Each node of next year's copy with its node in the agreement it was copied from: the front page,
    the sections by key, the goals by kind and place (the copy keeps both)."""
    sections = {s.key: s for s in source.sections}
    goals = {(g.kind, g.position): g for g in source.goals}
    out: dict[str, Node] = {copy.uuid: source}
    out.update((s.uuid, sections[s.key]) for s in copy.sections if s.key in sections)
    out.update((g.uuid, goals[(g.kind, g.position)]) for g in copy.goals if (g.kind, g.position) in goals)
    return out
