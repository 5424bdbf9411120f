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


def records(document: dict[str, Any]) -> dict[str, Any]:
    """Every record of the content by a key of its own (an agreement, section, goal, value, row …),
    to tell quickly which records are the same in two contents."""
    out: dict[str, Any] = {"agreement": document["agreement"]}
    out.update((f"section/{s['uuid']}", s) for s in document["sections"])
    out.update((f"goal/{g['uuid']}", g) for g in document["goals"])
    out.update((f"value/{v['owner_uuid']}/{v['field_id']}", v) for v in document["field_values"])
    out.update((f"row/{r['uuid']}", r) for r in document["rows"])
    out.update((f"round/{r['uuid']}", r) for r in document["follow_up_rounds"])
    out.update((f"status/{s['round_uuid']}/{s['target_uuid']}", s) for s in document["statuses"])
    for m in document["meetings"]:
        out[f"meeting/{m['uuid']}"] = {k: v for k, v in m.items() if k != "items"}
        out.update((f"item/{i['uuid']}", {**i, "meeting_uuid": m["uuid"]}) for i in m["items"])
    return out


def unit_count(document: dict[str, Any]) -> int:
    """How many units (orders aside) the content has."""
    return len(records(document)) - 1 + len(AGREEMENT_KEYS) + 1


def units(document: dict[str, Any], same_as: dict[str, Any] | None = None) -> dict[str, Unit]:
    """Every unit of the content, by key; with ``same_as`` (the :func:`records` of other content) only
    the units of records that are not exactly the same there (orders always)."""
    a = document["agreement"]
    uuid = a["uuid"]
    out: dict[str, Unit] = {}
    for key, record in records(document).items():
        if same_as is not None and same_as.get(key) == record:
            continue
        kind = key.split("/", 1)[0]
        r = record
        if kind == "agreement":
            out.update((f"agreement/{name}", Unit(f"agreement/{name}", "agreement", r[name], r, uuid))
                       for name in AGREEMENT_KEYS)
            out["agreement/sent"] = Unit("agreement/sent", "sent", [r[k] for k in SENT_KEYS], r, uuid)
            continue
        if kind == "section":
            value, owner = [r["parent_uuid"], r["key"]], r["uuid"]
        elif kind == "goal":
            value, owner = [r["kind"], r["deleted"]], r["uuid"]
        elif kind == "value":
            value, owner = r["value"], r["owner_uuid"]
        elif kind == "row":
            value, owner = [r["owner_uuid"], r["field_id"], r["data"], r["deleted"]], r["owner_uuid"]
        elif kind == "round":
            value, owner = [r[k] for k in ("name", "date", "year", "scope", "closed", "based_on")], uuid
        elif kind == "status":
            value, owner = [r[k] for k in STATUS_KEYS], r["goal_uuid"]
        elif kind == "meeting":
            value, owner = [r[k] for k in ("title", "date", "time", "place", "round_uuid", "deleted")], uuid
        else:
            value, owner = [r[k] for k in ("position", "title", "resume", "recommendation", "recommended_by",
                                           "background", "decision", "deleted", "goals")], uuid
        out[key] = Unit(key, kind, value, r, owner)
    for key, order in orders(document).items():
        out[key] = Unit(key, "order", order, order, key.split("/")[1])
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
