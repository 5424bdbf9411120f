"""An agreement's canonical content cut into the units a merge compares one by one.

A unit is the smallest part that is taken whole from one side: the agreement's unit, year, title,
template and signature state; one field value; one section; one goal (its kind and whether it is
deleted); one row (its field, texts and whether it is deleted); the order of a list or of a goal
kind; one follow-up round; one status; one meeting; one meeting item. Its *value* is what is
compared (no times, no revisions); its *record* is what is written when it is taken.

Order units hold the UUIDs of the live goals of a kind or the live rows of a field in order; they
are merged, not chosen (:func:`merged_order`).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, NamedTuple

AGREEMENT_KEYS = ("unit", "year", "title", "template_hash")
SENT_KEYS = ("sent_revision", "sent_at", "sent_edit_revision")
STATUS_KEYS = ("status", "comment", "measured")


class Unit(NamedTuple):
    key: str
    #: "agreement", "sent", "value", "section", "goal", "row", "order", "round", "status", "meeting", "item"
    kind: str
    value: Any
    #: the canonical record it comes from (for "agreement" and "sent": the agreement's record)
    record: Any
    #: the section or goal it belongs to (the agreement's UUID for the agreement's own fields)
    owner: str


def fingerprint(value: Any) -> str:
    """A short hash of a unit's value (a text is hashed as it is, anything else as sorted JSON)."""
    text = "s" + value if isinstance(value, str) else \
        "j" + json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def units(document: dict[str, Any]) -> dict[str, Unit]:
    """Every unit of the content, by key."""
    a = document["agreement"]
    uuid = a["uuid"]
    out: dict[str, Unit] = {}

    def add(key: str, kind: str, value: Any, record: Any, owner: str) -> None:
        out[key] = Unit(key, kind, value, record, owner)

    for name in AGREEMENT_KEYS:
        add(f"agreement/{name}", "agreement", a[name], a, uuid)
    add("agreement/sent", "sent", [a[k] for k in SENT_KEYS], a, uuid)
    for s in document["sections"]:
        add(f"section/{s['uuid']}", "section", [s["parent_uuid"], s["key"]], s, s["uuid"])
    for g in document["goals"]:
        add(f"goal/{g['uuid']}", "goal", [g["kind"], g["deleted"]], g, g["uuid"])
    for v in document["field_values"]:
        add(f"value/{v['owner_uuid']}/{v['field_id']}", "value", v["value"], v, v["owner_uuid"])
    for r in document["rows"]:
        add(f"row/{r['uuid']}", "row", [r["owner_uuid"], r["field_id"], r["data"], r["deleted"]], r, r["owner_uuid"])
    for key, order in orders(document).items():
        add(key, "order", order, order, key.split("/")[1])
    for r in document["follow_up_rounds"]:
        add(f"round/{r['uuid']}", "round", [r[k] for k in ("name", "date", "year", "scope", "closed", "based_on")],
            r, uuid)
    for s in document["statuses"]:
        add(f"status/{s['round_uuid']}/{s['target_uuid']}", "status", [s[k] for k in STATUS_KEYS], s, s["goal_uuid"])
    for m in document["meetings"]:
        meeting = {k: v for k, v in m.items() if k != "items"}
        add(f"meeting/{m['uuid']}", "meeting",
            [m[k] for k in ("title", "date", "time", "place", "round_uuid", "deleted")], meeting, uuid)
        for i in m["items"]:
            value = [i[k] for k in ("position", "title", "resume", "recommendation", "recommended_by", "background",
                                    "decision", "deleted", "goals")]
            add(f"item/{i['uuid']}", "item", value, {**i, "meeting_uuid": m["uuid"]}, uuid)
    return out


def orders(document: dict[str, Any]) -> dict[str, list[str]]:
    """``{"order/<owner>/<field or goal kind>": [uuid, …]}``: the live goals of each kind and the live
    rows of each field, in their order."""
    out: dict[str, list[tuple[int, str]]] = {}
    uuid = document["agreement"]["uuid"]
    for g in document["goals"]:
        if not g["deleted"]:
            out.setdefault(f"order/{uuid}/goals:{g['kind']}", []).append((g["position"], g["uuid"]))
    for r in document["rows"]:
        if not r["deleted"]:
            out.setdefault(f"order/{r['owner_uuid']}/{r['field_id']}", []).append((r["position"], r["uuid"]))
    return {key: [u for _, u in sorted(items)] for key, items in out.items()}


def fingerprints(document: dict[str, Any]) -> dict[str, str]:
    """``{unit key: fingerprint of its value}``: what is recorded as the base of an exchange."""
    return {key: fingerprint(unit.value) for key, unit in units(document).items()}


def merged_order(theirs_lead: bool, mine: list[str], theirs: list[str], live: set[str]) -> list[str]:
    """One order from two: the side that leads (the bundle's when only it changed the order since
    the base, else ours) keeps its order; each item only the other side has follows the item it
    follows there. Only ``live`` items (not deleted after the merge) are kept."""
    lead, other = (theirs, mine) if theirs_lead else (mine, theirs)
    out = list(lead)
    placed = set(out)
    previous: str | None = None
    for u in other:
        if u not in placed:
            out.insert(out.index(previous) + 1 if previous is not None else 0, u)
            placed.add(u)
        previous = u
    return [u for u in out if u in live]
