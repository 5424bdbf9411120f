"""Follow-up rounds and the status of each goal, sub-goal and action in a round.

A round has a name and a date ("Status-opfølgning 1. september 2008") and covers one agreement
or all agreements of a year. In a round each target (a goal, or a row of a field the template
marks ``follow_up``) has at most one status record: a level of the template's scale, a comment,
an optional measured value, who set it and when. Earlier rounds stay as they were; a closed
round is read-only; a new round may start from another round's statuses.

Every check that can refuse input raises a Danish :class:`FollowUpError` before anything is
written.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import date, datetime

from storage.database import Store
from storage.errors import NotFoundError, StoreError
from storage.formatting import MONTHS, format_date
from storage.model import new_uuid, now_iso
from storage.records import record
from storage.snapshots import snapshot_template
from storage.status_scale import NOT_ASSESSED, StatusLevel, find_level, level_of, scale_names
from storage.template_model import Template

NAME_LIMIT = 200
COMMENT_LIMIT = 20_000


class FollowUpError(StoreError):
    """Input a round or a status cannot take; nothing was stored."""


@record(frozen=True)
class Round:
    """A follow-up round ("1. kvartal 2008"): its date and year, for one agreement or all of the year's."""

    uuid: str
    name: str
    date: date
    year: int
    agreement_uuid: str | None
    closed: bool
    based_on: str | None = None

    @property
    def label(self) -> str:
        """'Status-opfølgning (1. september 2008)'."""
        return f"{self.name} ({danish_date(self.date)})"


@record(frozen=True)
class Status:
    """A target's status in a round: level on the scale, comment, measured value, who set it when."""

    round_uuid: str
    target_uuid: str
    goal_uuid: str
    agreement_uuid: str
    #: "goal", "sub_goal" or "action"
    target_kind: str
    #: a key of the template's scale; None = not assessed
    status: str | None
    comment: str
    #: a decimal number as text ("4.2"), or None
    measured: str | None
    set_by: str
    set_at: str


# --- reading what users type ---------------------------------------------------------------------

def danish_date(day: date) -> str:
    """'1. september 2008'."""
    return format_date(day.isoformat(), long=True)


def parse_date(text: str) -> date:
    """A date as Danes write it: 1.9.2008, 01-09-2008, 1. september 2008, or 2008-09-01."""
    cleaned = " ".join(str(text).split()).lower()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", cleaned):
            return date.fromisoformat(cleaned)
        numeric = re.fullmatch(r"(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{4})", cleaned)
        if numeric:
            return date(int(numeric[3]), int(numeric[2]), int(numeric[1]))
        written = re.fullmatch(r"(\d{1,2})\.? ([a-zæøå]+) (\d{4})", cleaned)
        if written and written[2] in MONTHS:
            return date(int(written[3]), MONTHS.index(written[2]) + 1, int(written[1]))
    except ValueError:
        pass
    raise FollowUpError(f"Datoen »{str(text)[:40]}« kan ikke læses. Skriv den som 1.9.2008 eller 1. september 2008.")


def parse_measured(text: str | None) -> str | None:
    """A measured value: a number in Danish or plain form (4,2 · 1.234,5 · 4.2 · 5 %); None if empty."""
    if text is None or not str(text).strip():
        return None
    cleaned = str(text).strip().removesuffix("%").strip().replace(" ", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", cleaned):  # 1.234,5
        cleaned = cleaned.replace(".", "").replace(",", ".")
    else:
        cleaned = cleaned.replace(",", ".")
    from decimal import Decimal, InvalidOperation  # when a value is set, not at every start

    try:
        number = Decimal(cleaned) if re.fullmatch(r"-?\d+(\.\d+)?", cleaned) else None
    except InvalidOperation:
        number = None
    if number is None or len(cleaned) > 30:
        raise FollowUpError(f"Den målte værdi skal være et tal, fx 4,2 eller 12 %; »{str(text)[:40]}« er ikke gemt.")
    return str(number)


def danish_number(measured: str | None) -> str:
    """'4,2' for '4.2'; '' for None."""
    return "" if measured is None else measured.replace(".", ",")


def current_user() -> str:
    import getpass  # when a status is set, not at every start

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


# --- rounds --------------------------------------------------------------------------------------

def _round(row: sqlite3.Row) -> Round:
    return Round(uuid=row["uuid"], name=row["name"], date=date.fromisoformat(row["date"]), year=row["year"],
                 agreement_uuid=row["agreement_uuid"], closed=bool(row["closed"]), based_on=row["based_on"])


def create_round(store: Store, name: str, day: date, year: int | None = None, agreement_uuid: str | None = None,
                 from_round: str | None = None) -> str:
    """A new round for all agreements of ``year`` or for one agreement; optionally starting from the
    statuses of ``from_round`` (those of agreements the new round covers)."""
    name = " ".join(str(name).split())
    if not name:
        raise FollowUpError("Runden skal have et navn, fx »Status-opfølgning 1. september«.")
    if len(name) > NAME_LIMIT:
        raise FollowUpError(f"Rundens navn er for langt (højst {NAME_LIMIT} tegn).")
    with store.write() as conn:
        if agreement_uuid is not None:
            row = conn.execute("SELECT year FROM agreements WHERE uuid = ?", (agreement_uuid,)).fetchone()
            if row is None:
                raise NotFoundError("Aftalen findes ikke.")
            if year is not None and year != row[0]:
                raise FollowUpError(f"Aftalen er for {row[0]}, ikke {year}.")
            year = int(row[0])
        if year is None:
            raise FollowUpError("Skriv hvilket år runden gælder, eller vælg én aftale.")
        if from_round is not None and conn.execute("SELECT 1 FROM follow_up_rounds WHERE uuid = ?",
                                                   (from_round,)).fetchone() is None:
            raise NotFoundError("Runden, der skulle startes fra, findes ikke.")
        round_uuid, stamp = new_uuid(), now_iso()
        conn.execute(
            "INSERT INTO follow_up_rounds (uuid, name, date, year, agreement_uuid, closed, based_on, created, updated,"
            " revision) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, 1)",
            (round_uuid, name, day.isoformat(), year, agreement_uuid, from_round, stamp, stamp))
        if from_round is not None:
            coverage, params = _coverage_sql(year, agreement_uuid)
            conn.execute(
                "INSERT INTO statuses (round_uuid, target_uuid, agreement_uuid, goal_uuid, target_kind, status,"
                " comment, measured, set_by, set_at, created, updated, revision)"
                " SELECT ?, s.target_uuid, s.agreement_uuid, s.goal_uuid, s.target_kind, s.status, s.comment,"
                " s.measured, s.set_by, s.set_at, ?, ?, 1 FROM statuses s JOIN agreements a ON a.uuid ="
                f" s.agreement_uuid WHERE s.round_uuid = ? AND {coverage}",
                (round_uuid, stamp, stamp, from_round, *params))
        return round_uuid


def _coverage_sql(year: int, agreement_uuid: str | None) -> tuple[str, tuple[object, ...]]:
    if agreement_uuid is not None:
        return "a.uuid = ?", (agreement_uuid,)
    return "a.year = ?", (year,)


def rounds(store: Store, year: int | None = None) -> list[Round]:
    """Rounds, oldest first (by date, then creation)."""
    where, params = ("WHERE year = ?", (year,)) if year is not None else ("", ())
    return [_round(r) for r in store.query(f"SELECT * FROM follow_up_rounds {where} ORDER BY date, created",
                                           params)]


def rounds_of(store: Store, agreement_uuid: str) -> list[Round]:
    """The rounds that cover an agreement (its own and its year's), oldest first."""
    return [_round(r) for r in store.query(
        "SELECT r.* FROM follow_up_rounds r JOIN agreements a ON a.uuid = ?"
        " WHERE r.agreement_uuid = a.uuid OR (r.agreement_uuid IS NULL AND r.year = a.year)"
        " ORDER BY r.date, r.created", (agreement_uuid,))]


def get_round(store: Store, round_uuid: str) -> Round:
    rows = store.query("SELECT * FROM follow_up_rounds WHERE uuid = ?", (round_uuid,))
    if not rows:
        raise NotFoundError("Opfølgningsrunden findes ikke.")
    return _round(rows[0])


def find_round(store: Store, year: int, name: str | None) -> Round:
    """The round of ``year`` called ``name`` (the latest round of the year if None)."""
    found = rounds(store, year)
    if name is not None:
        found = [r for r in found if r.name.casefold() == " ".join(name.split()).casefold()]
    if not found:
        what = f"»{name}«" if name else "nogen opfølgningsrunde"
        raise FollowUpError(f"Der er ikke {what} for {year}.")
    return found[-1]


def set_closed(store: Store, round_uuid: str, closed: bool = True) -> None:
    """Close a round (its statuses become read-only) or open it again."""
    with store.write() as conn:
        done = conn.execute("UPDATE follow_up_rounds SET closed = ?, updated = ?, revision = revision + 1"
                            " WHERE uuid = ?", (int(closed), now_iso(), round_uuid))
        if done.rowcount == 0:
            raise NotFoundError("Opfølgningsrunden findes ikke.")


# --- statuses ------------------------------------------------------------------------------------

def _target(conn: sqlite3.Connection, target_uuid: str) -> tuple[str, str, str, Template]:
    """(agreement, goal, kind of target, template) of a goal or a followed-up row."""
    goal = conn.execute("SELECT g.uuid, g.agreement_uuid, a.template_hash FROM goals g JOIN agreements a ON"
                        " a.uuid = g.agreement_uuid WHERE g.uuid = ? AND g.deleted = 0", (target_uuid,)).fetchone()
    if goal is not None:
        return goal[1], goal[0], "goal", snapshot_template(conn, goal[2])
    row = conn.execute(
        "SELECT r.field_id, g.uuid, g.kind, g.agreement_uuid, a.template_hash FROM rows r JOIN goals g ON"
        " g.uuid = r.owner_uuid JOIN agreements a ON a.uuid = g.agreement_uuid"
        " WHERE r.uuid = ? AND r.deleted = 0 AND g.deleted = 0", (target_uuid,)).fetchone()
    if row is None:
        raise NotFoundError("Indsatsen, delmålet eller handlingen findes ikke (længere).")
    template = snapshot_template(conn, row[4])
    kind = template.goal_kind(row[2])
    field = kind.field(row[0]) if kind else None
    if field is None or field.follow_up not in ("sub_goal", "action"):
        raise FollowUpError("Der følges kun op på indsatser, delmål og handlinger.")
    return row[3], row[1], field.follow_up, template


def set_status(store: Store, round_uuid: str, target_uuid: str, status: str | None, comment: str = "",
               measured: str | None = None, set_by: str | None = None) -> Status:
    """Set a target's status in a round; returns it as stored. ``status`` is a key or name on the
    template's scale (None or "ikke vurderet": not assessed); ``measured`` as typed. Refused (Danish)
    if the round is closed or does not cover the target's agreement, or the status or number cannot
    be read."""
    if len(comment) > COMMENT_LIMIT:
        raise FollowUpError(f"Kommentaren er for lang (højst {COMMENT_LIMIT} tegn).")
    try:
        comment.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate, e.g. from a command line in another encoding
        raise FollowUpError(f"Kommentaren har et tegn, der ikke kan gemmes (nr. {exc.start + 1}); ret det,"
                            " og prøv igen.") from exc
    value = parse_measured(measured)
    with store.write() as conn:
        found = conn.execute("SELECT * FROM follow_up_rounds WHERE uuid = ?", (round_uuid,)).fetchone()
        if found is None:
            raise NotFoundError("Opfølgningsrunden findes ikke.")
        the_round = _round(found)
        if the_round.closed:
            raise FollowUpError(f"Runden »{the_round.name}« er lukket; dens status kan ikke ændres.")
        agreement_uuid, goal_uuid, kind, template = _target(conn, target_uuid)
        year = conn.execute("SELECT year FROM agreements WHERE uuid = ?", (agreement_uuid,)).fetchone()[0]
        if the_round.agreement_uuid not in (None, agreement_uuid) or the_round.year != year:
            raise FollowUpError(f"Runden »{the_round.name}« gælder ikke denne aftale.")
        key = _status_key(template.status_scale, status)
        stamp = now_iso()
        conn.execute(
            "INSERT INTO statuses (round_uuid, target_uuid, agreement_uuid, goal_uuid, target_kind, status, comment,"
            " measured, set_by, set_at, created, updated, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)"
            " ON CONFLICT (round_uuid, target_uuid) DO UPDATE SET status = excluded.status,"
            " comment = excluded.comment, measured = excluded.measured, set_by = excluded.set_by,"
            " set_at = excluded.set_at, updated = excluded.updated, revision = statuses.revision + 1",
            (round_uuid, target_uuid, agreement_uuid, goal_uuid, kind, key, comment, value,
             current_user() if set_by is None else set_by, stamp, stamp, stamp))
        return _status(conn.execute("SELECT * FROM statuses WHERE round_uuid = ? AND target_uuid = ?",
                                    (round_uuid, target_uuid)).fetchone())


def _status_key(scale: tuple[StatusLevel, ...], status: str | None) -> str | None:
    if status is None or not status.strip():
        return None
    level = find_level(scale, status)
    if level is None:
        if status.strip().casefold() in (NOT_ASSESSED.key, NOT_ASSESSED.name.casefold()):
            return None
        raise FollowUpError(f"Status »{status.strip()[:40]}« findes ikke på skalaen ({scale_names(scale)}).")
    return None if level.key == NOT_ASSESSED.key else level.key


def _status(row: sqlite3.Row) -> Status:
    return Status(round_uuid=row["round_uuid"], target_uuid=row["target_uuid"], goal_uuid=row["goal_uuid"],
                  agreement_uuid=row["agreement_uuid"], target_kind=row["target_kind"], status=row["status"],
                  comment=row["comment"], measured=row["measured"], set_by=row["set_by"], set_at=row["set_at"])


def statuses_of(store: Store, round_uuid: str, agreement_uuid: str) -> dict[str, Status]:
    """The statuses set in a round for one agreement, by target uuid."""
    return {r["target_uuid"]: _status(r) for r in store.query(
        "SELECT * FROM statuses WHERE round_uuid = ? AND agreement_uuid = ?", (round_uuid, agreement_uuid))}


def history(store: Store, agreement_uuid: str, target_uuid: str) -> list[tuple[Round, Status | None]]:
    """Every round covering the agreement, oldest first, with the target's status in it (or None)."""
    found = {r["round_uuid"]: _status(r) for r in store.query(
        "SELECT * FROM statuses WHERE target_uuid = ?", (target_uuid,))}
    return [(r, found.get(r.uuid)) for r in rounds_of(store, agreement_uuid)]


def set_at_label(status: Status) -> str:
    """'19.12.2007 kl. 14:05 af mette' (local time)."""
    try:
        moment = datetime.fromisoformat(status.set_at.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return status.set_by
    who = f" af {status.set_by}" if status.set_by else ""
    return f"{moment:%d.%m.%Y kl. %H:%M}{who}"


def status_text(scale: tuple[StatusLevel, ...], status: Status | None, legacy: str = "") -> str:
    """What a Status column shows — the one idea of status: the level set in the round
    ("! Gul: forsinket"), or, where no round has set one, the text typed in the action plan's
    own Status column before follow-up rounds existed."""
    if status is None or (status.status is None and not status.comment):
        return legacy
    level = level_of(scale, status.status)
    text = f"{level.symbol} {level.name}"
    return f"{text}: {status.comment}" if status.comment else text
