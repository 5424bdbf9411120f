"""The status overview: every goal (and its sub-goals and actions) of a year's agreements with its
status in one follow-up round — what the overview window shows, prints and exports to Excel.

It is read with two set-based queries (goals with their values and statuses; the followed-up rows
with theirs), never by loading agreements one by one. Each agreement's template snapshot is
parsed once (cached) for the goal kinds, numbering and status scale.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from dataclasses import field

from storage.database import Store
from storage.followup import Round
from storage.numbering import numbering
from storage.outline import kinds_in_document_order
from storage.records import record
from storage.snapshots import snapshot_template
from storage.status_scale import StatusLevel, level_of
from storage.template_model import Template

NO_ROUND = "ingen opfølgningsrunde for året"
NOT_SET = "ikke vurderet i runden"


@record(frozen=True)
class OverviewLine:
    """One goal, sub-goal or action with its status in the round."""

    agreement_uuid: str
    unit: str
    agreement_title: str
    goal_uuid: str
    kind_id: str
    kind_name: str
    #: "Bilag 2a", "A." (the template's numbering)
    number: str
    goal_title: str
    target_uuid: str
    #: "goal", "sub_goal" or "action"
    target_kind: str
    #: the sub-goal's or action's own text ("" for a goal)
    text: str
    #: the success criterion paired with a sub-goal (same letter), or all of a goal's criteria
    criterion: str
    responsible: str
    deadline: str
    level: StatusLevel
    comment: str
    measured: str | None
    set_by: str
    set_at: str
    #: why the status is empty, in Danish ("" when a status is set)
    empty_reason: str

    @property
    def heading(self) -> str:
        return f"{self.number} {self.goal_title}".strip()


@record
class Overview:
    """The status overview of one year's agreements in one round, line by line."""

    year: int
    round: Round | None
    lines: list[OverviewLine] = field(default_factory=list)
    #: the status scales of the agreements' templates, in the order the agreements come
    scales: list[tuple[StatusLevel, ...]] = field(default_factory=list)
    #: read without sub-goals and actions (see read_overview)
    goals_only: bool = False

    def goals(self) -> list[OverviewLine]:
        return [line for line in self.lines if line.target_kind == "goal"]

    def counts(self, goals_only: bool = True) -> dict[str, Counter[str]]:
        """Status name counts per unit (goals only by default)."""
        out: dict[str, Counter[str]] = defaultdict(Counter)
        for line in self.goals() if goals_only else self.lines:
            out[line.unit][line.level.name] += 1
        return dict(out)

    def levels(self) -> list[StatusLevel]:
        """The levels that occur, in the order of their scales (a level by name once)."""
        occurring = {line.level.name for line in self.lines}
        return [lvl for lvl in self.scale_levels() if lvl.name in occurring]

    def scale_levels(self) -> list[StatusLevel]:
        """Every level of the scales in use (also those no line has), in scale order, each name once;
        then any level a line has that its scale lacks (a key from an older template)."""
        seen: dict[str, StatusLevel] = {}
        for scale in self.scales:
            for lvl in scale:
                seen.setdefault(lvl.name, lvl)
        for line in self.lines:
            seen.setdefault(line.level.name, line.level)
        return list(seen.values())


_GOALS_SQL = """
SELECT a.uuid AS agreement_uuid, a.unit, a.title AS agreement_title, a.template_hash,
       g.uuid AS goal_uuid, g.kind, g.position,
       (SELECT json_group_object(v.field_id, json(v.value)) FROM field_values v WHERE v.owner_uuid = g.uuid)
           AS goal_values,
       s.status, s.comment, s.measured, s.set_by, s.set_at
FROM goals g
JOIN agreements a ON a.uuid = g.agreement_uuid
LEFT JOIN statuses s ON s.round_uuid = :round AND s.target_uuid = g.uuid
WHERE a.year = :year AND g.deleted = 0 AND (:agreement IS NULL OR a.uuid = :agreement)
ORDER BY a.unit COLLATE NOCASE, a.title, a.uuid, g.position
"""

_ROWS_SQL = """
SELECT r.uuid, r.owner_uuid, r.field_id, r.position,
       json_extract(r.data, '$.text') AS text, json_extract(r.data, '$.activity') AS activity,
       json_extract(r.data, '$.responsible') AS responsible, json_extract(r.data, '$.deadline') AS deadline,
       s.status, s.comment, s.measured, s.set_by, s.set_at
FROM agreements a
JOIN rows r ON r.agreement_uuid = a.uuid AND r.deleted = 0
JOIN goals g ON g.uuid = r.owner_uuid AND g.deleted = 0
LEFT JOIN statuses s ON s.round_uuid = :round AND s.target_uuid = r.uuid
WHERE a.year = :year AND (:agreement IS NULL OR a.uuid = :agreement)
"""


def read_overview(store: Store, year: int, the_round: Round | None, goals_only: bool = False) -> Overview:
    """Every goal, sub-goal and action of ``year``'s agreements with its status in ``the_round``
    (None: no round, every status empty). A round of one agreement shows that agreement only.
    ``goals_only`` reads the goals alone (one query; their lines then name no success criterion):
    what the overview window shows until sub-goals and actions are asked for."""
    params: dict[str, object] = {"year": year, "round": the_round.uuid if the_round else None,
                                 "agreement": the_round.agreement_uuid if the_round else None}
    goals = store.query(_GOALS_SQL, params)
    rows_by_goal: dict[str, list[sqlite3.Row]] = defaultdict(list)
    for r in [] if goals_only else store.query(_ROWS_SQL, params):
        rows_by_goal[r["owner_uuid"]].append(r)
    templates: dict[str, Template] = {}
    by_agreement: dict[str, list[sqlite3.Row]] = defaultdict(list)
    for g in goals:
        by_agreement[g["agreement_uuid"]].append(g)
    overview = Overview(year=year, round=the_round, goals_only=goals_only)
    for agreement_goals in by_agreement.values():
        digest = str(agreement_goals[0]["template_hash"])
        template = templates.get(digest) or templates.setdefault(digest, snapshot_template(store.conn, digest))
        if template.status_scale not in overview.scales:
            overview.scales.append(template.status_scale)
        overview.lines.extend(_agreement_lines(agreement_goals, rows_by_goal, template, the_round))
    return overview


def _agreement_lines(goals: list[sqlite3.Row], rows_by_goal: dict[str, list[sqlite3.Row]],
                     template: Template, the_round: Round | None) -> list[OverviewLine]:
    order = {kind.id: index for index, kind in enumerate(kinds_in_document_order(template))}
    goals = sorted((g for g in goals if g["kind"] in order), key=lambda g: (order[str(g["kind"])], g["position"]))
    per_kind = Counter(str(g["kind"]) for g in goals)
    seen: Counter[str] = Counter()
    numbers = numbering(template, per_kind)
    lines = []
    for g in goals:
        kind = template.goal_kind(str(g["kind"]))
        assert kind is not None
        values = json.loads(str(g["goal_values"] or "{}"))
        number = numbers.number(kind, seen[kind.id])
        seen[kind.id] += 1
        title = str(values.get(kind.title_field) or "").strip() or kind.name
        fields = {f.id: f for f in kind.fields}
        field_order = {f.id: index for index, f in enumerate(kind.fields)}
        rows = sorted(rows_by_goal.get(str(g["goal_uuid"]), []),
                      key=lambda r: (field_order.get(str(r["field_id"]), len(field_order)), r["position"]))
        criteria = [_text(r["text"]) for r in rows
                    if (f := fields.get(str(r["field_id"]))) is not None and f.follow_up == "criterion"]
        base = {"agreement_uuid": g["agreement_uuid"], "unit": g["unit"], "agreement_title": g["agreement_title"],
                "goal_uuid": g["goal_uuid"], "kind_id": kind.id, "kind_name": kind.name, "number": number,
                "goal_title": title}
        lines.append(_line(base, g, str(g["goal_uuid"]), "goal", "", "\n".join(c for c in criteria if c), "", "",
                           template, the_round))
        sub_index = 0
        for r in rows:
            follow = fields[str(r["field_id"])].follow_up if str(r["field_id"]) in fields else ""
            if follow == "sub_goal":
                criterion = criteria[sub_index] if sub_index < len(criteria) else ""
                sub_index += 1
                lines.append(_line(base, r, str(r["uuid"]), "sub_goal", _text(r["text"]), criterion, "", "",
                                   template, the_round))
            elif follow == "action":
                lines.append(_line(base, r, str(r["uuid"]), "action", _text(r["activity"]), "",
                                   _text(r["responsible"]), _text(r["deadline"]), template, the_round))
    return lines


def _text(value: object) -> str:
    """A row's value as text ("" where the row has none)."""
    return "" if value is None else str(value)


def _line(base: dict[str, object], row: sqlite3.Row, target: str, kind: str, text: str, criterion: str,
          responsible: str, deadline: str, template: Template, the_round: Round | None) -> OverviewLine:
    status = row["status"] if isinstance(row["status"], str) else None
    if the_round is None:
        reason = NO_ROUND
    elif row["set_at"] is None:
        reason = NOT_SET
    else:
        reason = ""
    return OverviewLine(
        **base,  # type: ignore[arg-type]
        target_uuid=target, target_kind=kind, text=text, criterion=criterion, responsible=responsible,
        deadline=deadline, level=level_of(template.status_scale, status), comment=str(row["comment"] or ""),
        measured=row["measured"] if isinstance(row["measured"], str) else None,
        set_by=str(row["set_by"] or ""), set_at=str(row["set_at"] or ""), empty_reason=reason)
