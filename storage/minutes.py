"""Dialogue-meeting minutes in the form of the Albertslund example: a meeting (title, date, time,
place) with numbered items, each with Resume, Indstilling (who recommends, and "at …" points),
Sagsfremstilling and Beslutning, linked to the goals it concerns.

Every write is one short transaction; input that cannot be taken raises a Danish
:class:`MinutesError` before anything is written.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from datetime import date

from storage.database import Store
from storage.errors import NotFoundError, StoreError
from storage.followup import danish_date, parse_date
from storage.formatting import format_date
from storage.model import Goal, new_uuid, now_iso
from storage.numbering import goal_title, numbering
from storage.outline import kinds_in_document_order
from storage.records import record
from storage.snapshots import snapshot_template

TITLE_LIMIT = 300
TEXT_LIMIT = 50_000
WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
#: the parts of an item :func:`edit_item` can set, with their Danish names
ITEM_PARTS = {"title": "Titel", "resume": "Resume", "recommended_by": "Indstiller",
              "recommendation": "Indstilling", "background": "Sagsfremstilling", "decision": "Beslutning"}


class MinutesError(StoreError):
    """Input a meeting or an item cannot take; nothing was stored."""


@record(frozen=True)
class GoalRef:
    """A goal as the minutes name it: 'Bilag 2a Faglig indsats – Helpdesk (IT-staben)'."""

    uuid: str
    agreement_uuid: str
    unit: str
    year: int
    heading: str

    @property
    def label(self) -> str:
        return f"{self.heading} ({self.unit})" if self.unit else self.heading


@record(frozen=True)
class MeetingItem:
    """An item on a meeting's agenda: its number, title, summary and recommendation."""

    uuid: str
    #: 1, 2, … in the meeting's order ("Punkt 1")
    number: int
    title: str
    resume: str = ""
    #: "Kommunaldirektøren" in "Kommunaldirektøren indstiller,"
    recommended_by: str = ""
    #: the "at …" points, each without its leading "at"
    recommendation: tuple[str, ...] = ()
    #: Sagsfremstilling
    background: str = ""
    decision: str = ""
    goals: tuple[GoalRef, ...] = ()

    @property
    def heading(self) -> str:
        return f"Punkt {self.number}: {self.title}"


@record(frozen=True)
class Meeting:
    """A dialogue meeting ("Dialogmøde IT-staben") with its date, place and items."""

    uuid: str
    #: the forum, e.g. "Chefforum" or "Dialogmøde IT-staben"
    title: str
    date: date
    #: "09:00", or ""
    time: str = ""
    place: str = ""
    round_uuid: str | None = None
    items: tuple[MeetingItem, ...] = ()

    @property
    def heading(self) -> str:
        """'REFERAT Chefforum d. 03.03.2016'."""
        return f"REFERAT {self.title} d. {format_date(self.date.isoformat())}"

    @property
    def when(self) -> str:
        """'Torsdag d. 3. marts 2016 kl. 09:00'."""
        text = f"{WEEKDAYS[self.date.weekday()].capitalize()} d. {danish_date(self.date)}"
        return f"{text} kl. {self.time}" if self.time else text


@record(frozen=True)
class Decision:
    """What a meeting decided on an item that concerns a goal."""

    meeting_uuid: str
    meeting_title: str
    meeting_date: date
    item_uuid: str
    item_number: int
    item_title: str
    decision: str

    @property
    def label(self) -> str:
        """'Chefforum 3. marts 2016, punkt 2: Status på helpdesk'."""
        return f"{self.meeting_title} {danish_date(self.meeting_date)}, punkt {self.item_number}: {self.item_title}"


# --- reading what users type ---------------------------------------------------------------------

def _line(text: str, what: str, required: bool = False) -> str:
    cleaned = " ".join(str(text).split())
    if required and not cleaned:
        raise MinutesError(f"{what} skal udfyldes.")
    if len(cleaned) > TITLE_LIMIT:
        raise MinutesError(f"{what} er for lang (højst {TITLE_LIMIT} tegn).")
    return cleaned


def _text(text: str, what: str) -> str:
    if len(str(text)) > TEXT_LIMIT:
        raise MinutesError(f"{what} er for lang (højst {TEXT_LIMIT} tegn).")
    return str(text).strip()


def _day(day: date | str) -> date:
    return day if isinstance(day, date) else parse_date(day)


def parse_time(text: str) -> str:
    """'9', '9.00', '09:00', 'kl. 9.30' → '09:00' / '09:30'; '' for nothing."""
    cleaned = str(text).strip().lower().removeprefix("kl.").strip()
    if not cleaned:
        return ""
    match = re.fullmatch(r"(\d{1,2})(?:[.:](\d{2}))?", cleaned)
    if match and int(match[1]) < 24 and int(match[2] or 0) < 60:
        return f"{int(match[1]):02d}:{match[2] or '00'}"
    raise MinutesError(f"Klokkeslættet »{str(text)[:20]}« kan ikke læses. Skriv det som 9.00 eller 13:30.")


def at_points(points: Iterable[str]) -> tuple[str, ...]:
    """The "at …" points as stored: each on one line, without a leading "at", empty ones left out."""
    out = []
    for point in points:
        text = " ".join(str(point).split())
        text = re.sub(r"^\d{1,3}[.)]\s+", "", text)
        text = re.sub(r"^at\s+", "", text, flags=re.IGNORECASE)
        if text:
            out.append(text)
    if sum(len(p) for p in out) > TEXT_LIMIT:
        raise MinutesError(f"Indstillingen er for lang (højst {TEXT_LIMIT} tegn).")
    return tuple(out)


# --- meetings ------------------------------------------------------------------------------------

def create_meeting(store: Store, title: str, day: date | str, place: str = "", time: str = "",
                   round_uuid: str | None = None, meeting_uuid: str | None = None) -> str:
    """A new meeting without items; its uuid (``meeting_uuid`` if given)."""
    title, place = _line(title, "Mødets titel", required=True), _line(place, "Mødestedet")
    when, clock = _day(day), parse_time(time)
    with store.write() as conn:
        if round_uuid is not None and conn.execute(
                "SELECT 1 FROM follow_up_rounds WHERE uuid = ?", (round_uuid,)).fetchone() is None:
            raise NotFoundError("Opfølgningsrunden findes ikke.")
        meeting_uuid, stamp = meeting_uuid or new_uuid(), now_iso()
        conn.execute("INSERT INTO meetings (uuid, title, date, time, place, round_uuid, deleted, created, updated,"
                     " revision) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, 1)",
                     (meeting_uuid, title, when.isoformat(), clock, place, round_uuid, stamp, stamp))
        return meeting_uuid


def edit_meeting(store: Store, meeting_uuid: str, *, title: str | None = None, day: date | str | None = None,
                 time: str | None = None, place: str | None = None) -> None:
    """Change the meeting's title, date, time or place (those given)."""
    changes: dict[str, object] = {}
    if title is not None:
        changes["title"] = _line(title, "Mødets titel", required=True)
    if day is not None:
        changes["date"] = _day(day).isoformat()
    if time is not None:
        changes["time"] = parse_time(time)
    if place is not None:
        changes["place"] = _line(place, "Mødestedet")
    with store.write() as conn:
        _update(conn, "meetings", meeting_uuid, changes, "Mødet findes ikke.")


def delete_meeting(store: Store, meeting_uuid: str, deleted: bool = True) -> None:
    """Mark the meeting deleted (a tombstone; ``deleted=False`` brings it back)."""
    with store.write() as conn:
        _update(conn, "meetings", meeting_uuid, {"deleted": int(deleted)}, "Mødet findes ikke.")


def _update(conn: sqlite3.Connection, table: str, uuid: str, changes: dict[str, object], missing: str) -> None:
    sets = "".join(f"{column} = ?, " for column in changes)
    done = conn.execute(f"UPDATE {table} SET {sets}updated = ?, revision = revision + 1 WHERE uuid = ?",
                        (*changes.values(), now_iso(), uuid))
    if done.rowcount == 0:
        raise NotFoundError(missing)


def _meeting(row: sqlite3.Row, items: tuple[MeetingItem, ...] = ()) -> Meeting:
    return Meeting(uuid=row["uuid"], title=row["title"], date=date.fromisoformat(row["date"]), time=row["time"],
                   place=row["place"], round_uuid=row["round_uuid"], items=items)


def list_meetings(store: Store, year: int | None = None) -> list[Meeting]:
    """Meetings that are not deleted, newest first (without their items)."""
    where, params = ("AND substr(date, 1, 4) = ?", (f"{year:04d}",)) if year is not None else ("", ())
    return [_meeting(r) for r in store.query(
        f"SELECT * FROM meetings WHERE deleted = 0 {where} ORDER BY date DESC, created DESC", params)]


def load_meeting(store: Store, meeting_uuid: str) -> Meeting:
    """The meeting with its items in order, each with the goals it concerns."""
    rows = store.query("SELECT * FROM meetings WHERE uuid = ? AND deleted = 0", (meeting_uuid,))
    if not rows:
        raise NotFoundError("Mødet findes ikke.")
    items = store.query("SELECT * FROM meeting_items WHERE meeting_uuid = ? AND deleted = 0 ORDER BY position",
                        (meeting_uuid,))
    links = store.query("SELECT l.item_uuid, l.goal_uuid FROM meeting_item_goals l JOIN meeting_items i"
                        " ON i.uuid = l.item_uuid WHERE i.meeting_uuid = ?", (meeting_uuid,))
    refs = {ref.uuid: ref for ref in goal_refs(store, uuids=[link["goal_uuid"] for link in links])}
    goals_of: dict[str, list[GoalRef]] = {}
    for link in links:
        if link["goal_uuid"] in refs:
            goals_of.setdefault(link["item_uuid"], []).append(refs[link["goal_uuid"]])
    return _meeting(rows[0], tuple(
        MeetingItem(uuid=r["uuid"], number=number, title=r["title"], resume=r["resume"],
                    recommended_by=r["recommended_by"], recommendation=tuple(json.loads(r["recommendation"])),
                    background=r["background"], decision=r["decision"],
                    goals=tuple(sorted(goals_of.get(r["uuid"], []), key=lambda g: (g.unit, g.heading))))
        for number, r in enumerate(items, start=1)))


# --- items ---------------------------------------------------------------------------------------

def _live_items(conn: sqlite3.Connection, meeting_uuid: str) -> list[str]:
    return [r[0] for r in conn.execute("SELECT uuid FROM meeting_items WHERE meeting_uuid = ? AND deleted = 0"
                                       " ORDER BY position", (meeting_uuid,))]


def _renumber(conn: sqlite3.Connection, order: list[str]) -> None:
    for position, uuid in enumerate(order):
        conn.execute("UPDATE meeting_items SET position = ? WHERE uuid = ? AND position != ?",
                     (position, uuid, position))


def _place(conn: sqlite3.Connection, meeting_uuid: str, item_uuid: str, index: int | None) -> None:
    order = [u for u in _live_items(conn, meeting_uuid) if u != item_uuid]
    at = len(order) if index is None else max(0, min(index, len(order)))
    order.insert(at, item_uuid)
    _renumber(conn, order)


def add_item(store: Store, meeting_uuid: str, title: str, index: int | None = None,
             item_uuid: str | None = None) -> str:
    """A new item at ``index`` (default: last); its uuid."""
    title = _line(title, "Punktets titel", required=True)
    with store.write() as conn:
        if conn.execute("SELECT 1 FROM meetings WHERE uuid = ? AND deleted = 0", (meeting_uuid,)).fetchone() is None:
            raise NotFoundError("Mødet findes ikke.")
        item_uuid, stamp = item_uuid or new_uuid(), now_iso()
        conn.execute("INSERT INTO meeting_items (uuid, meeting_uuid, position, title, deleted, created, updated,"
                     " revision) VALUES (?, ?, ?, ?, 0, ?, ?, 1)",
                     (item_uuid, meeting_uuid, 1_000_000, title, stamp, stamp))
        _place(conn, meeting_uuid, item_uuid, index)
        return item_uuid


def edit_item(store: Store, item_uuid: str, part: str, value: str | Iterable[str]) -> None:
    """Set one part of an item (a key of :data:`ITEM_PARTS`); the recommendation is a list of points."""
    if part not in ITEM_PARTS:
        raise MinutesError(f"Et punkt har ingen del, der hedder »{part[:40]}«.")
    stored: str
    if part == "recommendation":
        stored = json.dumps(list(at_points([value] if isinstance(value, str) else value)), ensure_ascii=False)
    elif not isinstance(value, str):
        raise MinutesError(f"{ITEM_PARTS[part]} skal være en tekst.")
    elif part in ("title", "recommended_by"):
        stored = _line(value, f"Punktets {ITEM_PARTS[part].lower()}", required=part == "title")
    else:
        stored = _text(value, ITEM_PARTS[part])
    with store.write() as conn:
        _update(conn, "meeting_items", item_uuid, {part: stored}, "Punktet findes ikke.")


def _item_meeting(conn: sqlite3.Connection, item_uuid: str) -> str:
    row = conn.execute("SELECT meeting_uuid FROM meeting_items WHERE uuid = ?", (item_uuid,)).fetchone()
    if row is None:
        raise NotFoundError("Punktet findes ikke.")
    return str(row[0])


def delete_item(store: Store, item_uuid: str) -> None:
    """Mark the item deleted (a tombstone, see :func:`restore_item`); the others close up."""
    with store.write() as conn:
        meeting_uuid = _item_meeting(conn, item_uuid)
        _update(conn, "meeting_items", item_uuid, {"deleted": 1}, "Punktet findes ikke.")
        _renumber(conn, _live_items(conn, meeting_uuid))


def restore_item(store: Store, item_uuid: str, index: int) -> None:
    """Bring a deleted item back at ``index``."""
    with store.write() as conn:
        meeting_uuid = _item_meeting(conn, item_uuid)
        _update(conn, "meeting_items", item_uuid, {"deleted": 0}, "Punktet findes ikke.")
        _place(conn, meeting_uuid, item_uuid, index)


def move_item(store: Store, item_uuid: str, to_index: int) -> None:
    """Move an item to ``to_index`` among the meeting's items (Punkt 1 is index 0)."""
    with store.write() as conn:
        meeting_uuid = _item_meeting(conn, item_uuid)
        if item_uuid not in _live_items(conn, meeting_uuid):
            raise NotFoundError("Punktet findes ikke.")
        _place(conn, meeting_uuid, item_uuid, to_index)


def set_item_goals(store: Store, item_uuid: str, goal_uuids: Iterable[str]) -> None:
    """The goals the item concerns (replacing those it concerned)."""
    wanted = list(dict.fromkeys(goal_uuids))
    with store.write() as conn:
        _item_meeting(conn, item_uuid)
        for goal_uuid in wanted:
            if conn.execute("SELECT 1 FROM goals WHERE uuid = ? AND deleted = 0", (goal_uuid,)).fetchone() is None:
                raise MinutesError("En af de valgte indsatser findes ikke (længere); punktets indsatser er ikke"
                                   " ændret.")
        conn.execute("DELETE FROM meeting_item_goals WHERE item_uuid = ?", (item_uuid,))
        conn.executemany("INSERT INTO meeting_item_goals (item_uuid, goal_uuid) VALUES (?, ?)",
                         [(item_uuid, g) for g in wanted])


def item_goals(store: Store, item_uuid: str) -> list[str]:
    return [r[0] for r in store.query("SELECT goal_uuid FROM meeting_item_goals WHERE item_uuid = ?", (item_uuid,))]


# --- goals and the decisions that concern them ---------------------------------------------------

_GOALS_SQL = """
SELECT g.uuid, g.kind, g.agreement_uuid, a.unit, a.year, a.template_hash,
       (SELECT count(*) FROM goals o WHERE o.agreement_uuid = g.agreement_uuid AND o.kind = g.kind
          AND o.deleted = 0 AND o.position < g.position) AS idx,
       (SELECT json_group_object(c.kind, c.n) FROM (SELECT o.kind, count(*) AS n FROM goals o
          WHERE o.agreement_uuid = g.agreement_uuid AND o.deleted = 0 GROUP BY o.kind) c) AS kind_counts,
       (SELECT json_group_object(v.field_id, json(v.value)) FROM field_values v WHERE v.owner_uuid = g.uuid)
          AS goal_values
FROM goals g JOIN agreements a ON a.uuid = g.agreement_uuid
WHERE g.deleted = 0 AND {where}
ORDER BY a.unit COLLATE NOCASE, a.title, a.uuid, g.kind, g.position
"""


def goal_refs(store: Store, year: int | None = None, uuids: Iterable[str] | None = None) -> list[GoalRef]:
    """The goals of ``year``'s agreements (or those of ``uuids``), numbered and titled as in their
    agreement; one query. In document order within each agreement (storage.outline)."""
    params: tuple[object, ...]
    if uuids is not None:
        wanted = list(dict.fromkeys(uuids))
        where, params = f"g.uuid IN ({', '.join('?' * len(wanted))})", tuple(wanted)
        if not wanted:
            return []
    else:
        where, params = "a.year = ?", (year,)
    refs: list[tuple[int, GoalRef]] = []
    for r in store.query(_GOALS_SQL.format(where=where), params):
        template = snapshot_template(store.conn, r["template_hash"])
        kind = template.goal_kind(r["kind"])
        if kind is None:
            continue
        goal = Goal(uuid=r["uuid"], kind=r["kind"], values=json.loads(r["goal_values"] or "{}"))
        number = numbering(template, json.loads(r["kind_counts"] or "{}")).number(kind, r["idx"])
        heading = f"{number} {goal_title(goal, kind)}".strip()
        order = [k.id for k in kinds_in_document_order(template)].index(kind.id)
        refs.append((order, GoalRef(uuid=r["uuid"], agreement_uuid=r["agreement_uuid"], unit=r["unit"],
                                    year=r["year"], heading=heading)))
    agreements = list(dict.fromkeys(ref.agreement_uuid for _, ref in refs))
    refs.sort(key=lambda pair: (agreements.index(pair[1].agreement_uuid), pair[0]))
    return [ref for _, ref in refs]


def decisions_for_goal(store: Store, goal_uuid: str) -> list[Decision]:
    """Every item of a meeting (not deleted) that concerns the goal, oldest meeting first."""
    rows = store.query(
        "SELECT m.uuid AS meeting_uuid, m.title AS meeting_title, m.date, i.uuid AS item_uuid, i.title, i.decision,"
        " (SELECT count(*) FROM meeting_items o WHERE o.meeting_uuid = m.uuid AND o.deleted = 0"
        "   AND o.position < i.position) + 1 AS number"
        " FROM meeting_item_goals l JOIN meeting_items i ON i.uuid = l.item_uuid AND i.deleted = 0"
        " JOIN meetings m ON m.uuid = i.meeting_uuid AND m.deleted = 0"
        " WHERE l.goal_uuid = ? ORDER BY m.date, m.created, i.position", (goal_uuid,))
    return [Decision(meeting_uuid=r["meeting_uuid"], meeting_title=r["meeting_title"],
                     meeting_date=date.fromisoformat(r["date"]), item_uuid=r["item_uuid"], item_number=r["number"],
                     item_title=r["title"], decision=r["decision"]) for r in rows]
