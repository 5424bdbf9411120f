"""Canonical content held as units, to put units into and get whole content back out.

The merge (:mod:`storage.merge`) starts from our content and puts the units it takes from the
bundle; bringing back a lost version (:mod:`storage.lost_versions`) puts one unit. Positions of
goals and rows come from the merged orders; everything else is as the records say.
"""

from __future__ import annotations

from typing import Any

from storage.merge_units import SENT_KEYS, Unit


class Content:
    def __init__(self, document: dict[str, Any]) -> None:
        """Each record is copied (one level: records change only as wholes, and positions)."""
        self.head = {k: document[k] for k in ("format", "format_version")}
        self.templates: list[dict[str, Any]] = list(document.get("templates", []))
        self.agreement: dict[str, Any] = dict(document["agreement"])
        self.sections = {s["uuid"]: dict(s) for s in document["sections"]}
        self.goals = {g["uuid"]: dict(g) for g in document["goals"]}
        self.values = {(v["owner_uuid"], v["field_id"]): dict(v) for v in document["field_values"]}
        self.rows = {r["uuid"]: dict(r) for r in document["rows"]}
        self.rounds = {r["uuid"]: dict(r) for r in document["follow_up_rounds"]}
        self.statuses = {(s["round_uuid"], s["target_uuid"]): dict(s) for s in document["statuses"]}
        self.meetings: dict[str, dict[str, Any]] = {}
        self.items: dict[str, dict[str, Any]] = {}
        for m in document["meetings"]:
            self.meetings[m["uuid"]] = {k: v for k, v in m.items() if k != "items"}
            for i in m["items"]:
                self.items[i["uuid"]] = {**i, "meeting_uuid": m["uuid"]}

    def put(self, unit: Unit) -> None:
        """Make the unit's record the content's (order units are set with :meth:`place`)."""
        record = dict(unit.record)
        kind = unit.kind
        if kind == "agreement":
            name = unit.key.split("/", 1)[1]
            self.agreement[name] = record[name]
            if name == "template_hash":
                self.agreement["template_id"] = record["template_id"]
        elif kind == "sent":
            self.agreement.update({k: record[k] for k in SENT_KEYS})
        elif kind == "section":
            self.sections[record["uuid"]] = record
        elif kind == "goal":
            self.goals[record["uuid"]] = record
        elif kind == "value":
            self.values[(record["owner_uuid"], record["field_id"])] = record
        elif kind == "row":
            self.rows[record["uuid"]] = record
        elif kind == "round":
            self.rounds[record["uuid"]] = record
        elif kind == "status":
            self.statuses[(record["round_uuid"], record["target_uuid"])] = record
        elif kind == "meeting":
            self.meetings[record["uuid"]] = record
        elif kind == "item":
            self.items[record["uuid"]] = record

    def place(self, order: list[str]) -> None:
        """Give the goals or rows in ``order`` the positions 0, 1, …"""
        for position, uuid in enumerate(order):
            entity = self.goals.get(uuid) or self.rows.get(uuid)
            if entity is not None:
                entity["position"] = position

    def live_in(self, order_key: str) -> set[str]:
        """The goals or rows an order unit orders, as the content now has them (not deleted)."""
        _, owner, what = order_key.split("/", 2)
        if what.startswith("goals:"):
            kind = what[len("goals:"):]
            return {g["uuid"] for g in self.goals.values() if g["kind"] == kind and not g["deleted"]}
        return {r["uuid"] for r in self.rows.values()
                if r["owner_uuid"] == owner and r["field_id"] == what and not r["deleted"]}

    def document(self) -> dict[str, Any]:
        meetings = []
        for uuid, meeting in sorted(self.meetings.items(), key=lambda kv: (kv[1]["date"], kv[0])):
            items = sorted((i for i in self.items.values() if i["meeting_uuid"] == uuid),
                           key=lambda i: (i["position"], i["uuid"]))
            meetings.append({**meeting, "items": [{k: v for k, v in i.items() if k != "meeting_uuid"}
                                                  for i in items]})
        return {
            **self.head,
            "agreement": self.agreement,
            "sections": sorted(self.sections.values(), key=lambda s: (s["position"], s["uuid"])),
            "goals": sorted(self.goals.values(), key=lambda g: (g["position"], g["uuid"])),
            "field_values": sorted(self.values.values(), key=lambda v: (v["owner_uuid"], v["field_id"])),
            "rows": sorted(self.rows.values(),
                           key=lambda r: (r["owner_uuid"], r["field_id"], r["position"], r["uuid"])),
            "follow_up_rounds": sorted(self.rounds.values(), key=lambda r: (r["date"], r["uuid"])),
            "statuses": sorted(self.statuses.values(), key=lambda s: (s["round_uuid"], s["target_uuid"])),
            "meetings": meetings,
            "templates": self.templates,
        }
