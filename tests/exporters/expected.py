"""What an exported agreement must show, in reading order, worked out from the template and the
stored agreement alone (not from the exporter's code).

The rules are the ones the issue states: numbered headings (goal numbers are given by the test, written
out from the example agreements), a table of contents, field labels,
text as typed (one paragraph per line, list markers become Word list labels), lettered items
"A) …", amounts "32.925.000 kr.", the action plan as Aktivitet | Ansvarlig | Frist | Status,
empty fields as "—" (rule "dash") or left out (rule "omit"), and the signature block.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from storage.model import Agreement, Goal, Node
from storage.template_model import FieldDef, FieldType, GoalKind, SectionDef, Template

DASH = "—"
ACTION_HEADERS = ["Aktivitet", "Ansvarlig", "Frist", "Status"]
MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
          "november", "december")
_MARKER = re.compile(r"^\s*(?:[-•*–]|\d{1,3}[.)])\s+")


def letter(index: int) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[index]


def amount(value: int) -> str:
    return f"{value:,}".replace(",", ".") + " kr."


def short_date(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


def long_date(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def typed_lines(text: str) -> list[str]:
    """Each non-blank line as it must appear; a list marker ("- ", "• ", "1. ") is left to Word's label,
    so only the item text is searched for."""
    out = []
    for line in text.replace("\r\n", "\n").split("\n"):
        line = _MARKER.sub("", line).strip() if line.strip() else ""
        if line:
            out.append(line)
    return out


@dataclass
class Expected:
    toc: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)


def content(fdef: FieldDef, node: Node) -> list[str]:
    """The field's text in reading order; [] when empty. Action tables: header and cells."""
    value = node.value(fdef.id)
    t = fdef.type
    if t in (FieldType.TEXT, FieldType.LINE):
        return typed_lines(str(value or ""))
    if t in (FieldType.NUMBER, FieldType.CHOICE):
        return [str(value)] if value not in (None, "") else []
    if t is FieldType.DATE:
        return [short_date(value)] if value else []
    if t is FieldType.AMOUNT:
        value = value or {}
        return ([amount(value["amount"])] if value.get("amount") is not None else []) + typed_lines(
            str(value.get("text") or ""))
    if t is FieldType.LETTERED_LIST:
        items = [r.data.get("text", "").strip() for r in node.rows_of(fdef.id)]
        return [f"{letter(i)}) {text}" for i, text in enumerate(t for t in items if t)]
    if t is FieldType.ACTION_TABLE:
        rows = [[r.data.get(k, "").strip() for k in ("activity", "responsible", "deadline", "status")]
                for r in node.rows_of(fdef.id)]
        rows = [row for row in rows if any(row)]
        headers = [h for i, h in enumerate(ACTION_HEADERS) if i == 0 or any(row[i] for row in rows)]
        cells = [cell for row in rows for cell in row if cell]
        return headers + cells if cells else []  # a column no row fills is left out
    if t is FieldType.PERSON_LIST:
        return [", ".join(p for p in (r.data.get("name", ""), r.data.get("role", "")) if p)
                for r in node.rows_of(fdef.id) if any(v.strip() for v in r.data.values())]
    raise AssertionError(f"no expectation for {t}")


def rule(fdef: FieldDef, template: Template) -> str:
    return fdef.empty or template.empty_fields


def goal_heading(kind: GoalKind, goal: Goal, number: str) -> str:
    title = str(goal.value(kind.title_field) or "").strip()
    name = f"{kind.title_prefix} – {title}" if kind.title_prefix and title else title or kind.title_prefix
    return f"{number} {name}".strip()


def expected_document(agreement: Agreement, template: Template, goal_numbers: Sequence[str]) -> Expected:
    """``goal_numbers`` are written out by the test ("Bilag 1", "Bilag 2a", "A."): the goals of the
    template's first kind in order, then of the next kind, and so on. They are not worked out here, so a
    wrong numbering rule in the product cannot be copied into what the test expects."""
    goals = [goal for kind in template.goal_kinds for goal in agreement.goals_of_kind(kind.id)]
    assert len(goal_numbers) == len(goals), (list(goal_numbers), len(goals))
    number_of = {goal.uuid: number for goal, number in zip(goals, goal_numbers, strict=True)}
    out = Expected()
    kinds_in = {k.section_key: k for k in template.goal_kinds if k.section_key}

    def shown(fdef: FieldDef, node: Node, label: bool, in_table: bool = False) -> list[str]:
        items = content(fdef, node)
        if not items:
            if rule(fdef, template) == "omit":
                return []
            if fdef.type is FieldType.ACTION_TABLE:
                return [fdef.label, *ACTION_HEADERS, DASH] if in_table else ([fdef.label, DASH] if label else [])
            items = [DASH]
        return [fdef.label, *items] if label else items

    def compact(kind: GoalKind, goal: Goal) -> bool:
        """A goal with just one filled part prints that part alone under its heading: a text without
        its label ("Der er ingen politiske indsatsområder"), anything else with it; no "—" anywhere."""
        parts = [f for f in kind.fields if f.id != kind.title_field and content(f, goal)]
        if len(parts) != 1:
            return False  # an empty goal is the blank form
        for fdef in parts:
            label = fdef.type is not FieldType.TEXT
            out.body.extend(([fdef.label] if label else []) + content(fdef, goal))
        return True

    def signatures() -> list[str]:
        export = template.export
        place = str(agreement.value(export.place_field) or "").strip()
        signed = long_date(agreement.value(export.date_field)) if agreement.value(export.date_field) else ""
        lines = [export.signature_caption] if export.signature_caption else []
        lines.append(", den ".join(p for p in (place, signed) if p) or "Sted:")
        for row in agreement.rows_of("parties"):
            lines += ["_" * 20, row.data["name"], row.data["role"]]
        return lines

    def goals_of(kind: GoalKind) -> list[tuple[Goal, str]]:
        return [(goal, goal_heading(kind, goal, number_of[goal.uuid])) for goal in agreement.goals_of_kind(kind.id)]

    def section(definition: SectionDef, level: int) -> None:
        node = next(s for s in agreement.sections if s.key == definition.key)
        heading = f"{definition.number} {definition.title}"
        if level <= 2:
            out.toc.append(heading)
        out.body.append(heading)
        fields = definition.fields or (FieldDef("text", "Tekst", FieldType.TEXT),)
        parent = bool(definition.children) or definition.key in kinds_in
        for fdef in fields:
            if parent and not content(fdef, node):
                continue
            if fdef.type is FieldType.AMOUNT and content(fdef, node) and any(
                    content(fdef, node)[0].removesuffix(" kr.") in " ".join(content(f, node))
                    for f in fields if f.type is FieldType.TEXT):
                continue  # the section's text already states the amount
            out.body.extend(shown(fdef, node, label=fdef.id != "text"))
        for child in definition.children:
            section(child, level + 1)
        if definition.key in kinds_in:
            kind = kinds_in[definition.key]
            for goal, goal_title in goals_of(kind):
                out.body.append(goal_title)
                if not compact(kind, goal):
                    for fdef in kind.fields:
                        if fdef.id != kind.title_field:
                            out.body.extend(shown(fdef, goal, label=True))
        if template.export.signature_section == definition.key:
            out.body.extend(signatures())

    for definition in template.sections:
        section(definition, 1)
    for kind in template.goal_kinds:
        if kind.placement == "appendix":
            for goal, goal_title in goals_of(kind):
                out.toc.append(goal_title)
                out.body.append(goal_title)
                if compact(kind, goal):
                    continue
                for fdef in kind.fields:
                    out.body.extend(shown(fdef, goal, label=True, in_table=True))
    if template.export.signature_section is None:
        out.body.extend(signatures())
    return out
