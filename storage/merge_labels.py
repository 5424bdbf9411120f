"""How the import preview names a unit: where it stands (the heading the document gives it), what it
is (the template's field label) and its content as text; and the order the document has them in."""

from __future__ import annotations

from typing import Any

from storage.field_types import description
from storage.formatting import format_date
from storage.merge_units import Unit
from storage.model import Agreement, Goal, Row, Section
from storage.outline import outline, walk
from storage.signing import local_day
from storage.status_scale import level_of
from storage.template_model import FieldDef, FieldType, Template, section_fields

AGREEMENT_GROUP = "Aftalen"
FOLLOW_UP_GROUP = "Opfølgning"
MEETINGS_GROUP = "Dialogmøder"
AGREEMENT_LABELS = {"unit": "Enhed", "year": "År", "title": "Titel", "template_hash": "Skabelon"}
JOINERS = {FieldType.TEXT: "\n\n", FieldType.LINE: " / "}


def agreement_from_canonical(document: dict[str, Any]) -> Agreement:
    """The domain model of canonical content (live goals and rows only), for outlines and labels."""
    a = document["agreement"]
    agreement = Agreement(uuid=a["uuid"], template_id=a["template_id"], template_hash=a["template_hash"],
                          unit=a["unit"], year=a["year"], title=a["title"])
    nodes: dict[str, Agreement | Section | Goal] = {agreement.uuid: agreement}
    for s in document["sections"]:
        section = Section(uuid=s["uuid"], key=s["key"], parent_uuid=s["parent_uuid"], position=s["position"])
        agreement.sections.append(section)
        nodes[section.uuid] = section
    for g in document["goals"]:
        if not g["deleted"]:
            goal = Goal(uuid=g["uuid"], kind=g["kind"], position=g["position"])
            agreement.goals.append(goal)
            nodes[goal.uuid] = goal
    for v in document["field_values"]:
        if v["owner_uuid"] in nodes:
            nodes[v["owner_uuid"]].values[v["field_id"]] = v["value"]
    for r in sorted(document["rows"], key=lambda r: r["position"]):
        owner = nodes.get(r["owner_uuid"])
        if owner is not None and not r["deleted"]:
            owner.rows.setdefault(r["field_id"], []).append(Row(r["uuid"], r["field_id"], r["position"], r["data"]))
    agreement.goals.sort(key=lambda g: g.position)
    return agreement


class Labels:
    def __init__(self, mine: dict[str, Any], theirs: dict[str, Any], mine_template: Template,
                 theirs_template: Template) -> None:
        self.headings: dict[str, str] = {}
        self.rank: dict[str, int] = {}
        self.fields: dict[str, dict[str, FieldDef]] = {}
        self.rounds: dict[str, str] = {}
        self.rows: dict[str, dict[str, Any]] = {}
        self.template = mine_template
        self._read(mine, mine_template)  # ours names what both have
        self._theirs: tuple[dict[str, Any], Template] | None = (theirs, theirs_template)

    def _read(self, document: dict[str, Any], template: Template) -> None:
        """Add the names of what this content has and the names do not yet."""
        agreement = agreement_from_canonical(document)
        for index, node in enumerate(walk(outline(agreement, template))):
            self.headings.setdefault(node.uuid, node.heading)
            self.rank.setdefault(node.uuid, index + 1)
        self.rank[agreement.uuid] = 0  # its own fields (parties, place …) head the document
        self.fields.setdefault(agreement.uuid, {f.id: f for f in template.metadata})
        for s in document["sections"]:
            known = template.section(s["key"])
            self.fields.setdefault(s["uuid"], {f.id: f for f in section_fields(known)} if known else {})
        for g in document["goals"]:
            kind = template.goal_kind(g["kind"])
            self.fields.setdefault(g["uuid"], {f.id: f for f in kind.fields} if kind else {})
            self.headings.setdefault(g["uuid"], f"Slettet indsats ({kind.name if kind else g['kind']})")
        for r in document["follow_up_rounds"]:
            self.rounds.setdefault(r["uuid"], r["name"])
        for r in document["rows"]:
            self.rows.setdefault(r["uuid"], r)

    def _known(self, table: dict[str, Any], key: str) -> bool:
        """Whether ``key`` is named; the bundle's content is read the first time ours does not name one."""
        if key not in table and self._theirs is not None:
            theirs, self._theirs = self._theirs, None
            self._read(*theirs)
        return key in table

    def field(self, owner: str, field_id: str) -> FieldDef | None:
        return self.fields.get(owner, {}).get(field_id) if self._known(self.fields, owner) else None

    def joinable(self, owner: str, field_id: str) -> bool:
        found = self.field(owner, field_id)
        return found is not None and found.type in JOINERS

    def joiner(self, owner: str, field_id: str) -> str:
        found = self.field(owner, field_id)
        return JOINERS[found.type] if found is not None else "\n\n"

    def _row_text(self, record: dict[str, Any]) -> str:
        found = self.field(record["owner_uuid"], record["field_id"])
        data = record["data"]
        if found is not None and description(found.type).row_text is not None:
            text = description(found.type).row_text(data)  # type: ignore[misc]
        else:
            text = " | ".join(str(v) for v in data.values() if v)
        return text

    def group(self, owner: str) -> str:
        return self.headings[owner] if self._known(self.headings, owner) else AGREEMENT_GROUP

    def place(self, unit: Unit) -> tuple[str, str]:
        """(group, label) of a unit."""
        kind, r = unit.kind, unit.record
        if kind == "agreement":
            return AGREEMENT_GROUP, AGREEMENT_LABELS[unit.key.split("/", 1)[1]]
        if kind == "sent":
            return AGREEMENT_GROUP, "Sendt til underskrift"
        if kind == "section":
            return self.group(r["uuid"]), "Afsnittet"
        if kind == "goal":
            return self.group(r["uuid"]), "Indsatsen"
        if kind == "value":
            found = self.field(r["owner_uuid"], r["field_id"])
            return self.group(r["owner_uuid"]), found.label if found else r["field_id"]
        if kind == "row":
            found = self.field(r["owner_uuid"], r["field_id"])
            return self.group(r["owner_uuid"]), f"{found.label if found else r['field_id']}: et punkt"
        if kind == "round":
            return FOLLOW_UP_GROUP, f"Runden '{r['name']}'"
        if kind == "status":
            target = self._row_text(self.rows[r["target_uuid"]]) if self._known(self.rows, r["target_uuid"]) else ""
            what = f" for '{_short(target)}'" if target else ""
            name = self.rounds[r["round_uuid"]] if self._known(self.rounds, r["round_uuid"]) else ""
            return self.group(r["goal_uuid"]), f"Status i '{name}'{what}"
        if kind == "meeting":
            return MEETINGS_GROUP, f"Mødet '{r['title']}'"
        return MEETINGS_GROUP, f"Punktet '{r['title']}'"

    def order(self, unit: Unit) -> tuple[int, int, int, str]:
        """Where the unit stands in the document: its section's or goal's place, then its field's place
        in the template (the goal or section itself first, its statuses last), then a row's position."""
        rank = {"agreement": 0, "sent": 0, "round": 10**8, "meeting": 10**8 + 1, "item": 10**8 + 2}
        if unit.kind in rank:
            return rank[unit.kind], -1, 0, unit.key
        self._known(self.rank, unit.owner)
        fields = list(self.fields.get(unit.owner, {}))
        if unit.kind in ("value", "row"):
            field_id = unit.record["field_id"]
            place = fields.index(field_id) if field_id in fields else len(fields)
        else:
            place = -1 if unit.kind in ("goal", "section") else len(fields) + 1
        position = unit.record["position"] if unit.kind == "row" else 0
        return self.rank.get(unit.owner, 10**7), place, position, unit.key

    def text(self, unit: Unit) -> str:
        """The unit's content as the preview shows it."""
        kind, r, value = unit.kind, unit.record, unit.value
        if kind == "agreement":
            if unit.key.endswith("template_hash"):
                return f"{r['template_id']} (version {str(value)[:12]})"
            return str(value)
        if kind == "sent":  # sent only with both a revision and a time, as the Word file's header reads it
            if r["sent_revision"] is None or r["sent_at"] is None:
                return "Ikke sendt"
            return f"Rev. {r['sent_revision']} sendt {format_date(local_day(r['sent_at']))}"
        if kind == "section":
            return self.group(r["uuid"])
        if kind == "goal":
            return "Slettet" if r["deleted"] else "Findes"
        if kind == "value":
            found = self.field(r["owner_uuid"], r["field_id"])
            texts = description(found.type).texts if found else None
            if texts is not None and value not in (None, ""):
                try:
                    return "\n".join(texts(value))
                except (TypeError, ValueError, KeyError, AttributeError):
                    pass
            return "" if value is None else str(value)
        if kind == "row":
            return self._row_text(r) + (" (slettet)" if r["deleted"] else "")
        if kind == "round":
            return f"{r['name']}, {format_date(r['date'])}" + (" (afsluttet)" if r["closed"] else "")
        if kind == "status":
            level = level_of(self.template.status_scale, r["status"]).name
            return "\n".join(t for t in (level, r["comment"], r["measured"] or "") if t)
        if kind == "meeting":
            when = " ".join(t for t in (format_date(r["date"]), r["time"]) if t)
            return ", ".join(t for t in (r["title"], when, r["place"]) if t) + (" (slettet)" if r["deleted"] else "")
        return "\n".join(t for t in (r["title"], r["resume"], r["decision"]) if t) + \
            (" (slettet)" if r["deleted"] else "")

    def notes(self, mine: dict[str, Any], theirs: dict[str, Any]) -> tuple[str, ...]:
        mine_hash, theirs_hash = mine["agreement"]["template_hash"], theirs["agreement"]["template_hash"]
        if mine_hash == theirs_hash:
            return ()
        return (f"Pakken bruger en anden version af skabelonen '{theirs['agreement']['template_id']}'. "
                "Den gemmes som sin egen version; din version bevares.",)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "…"
