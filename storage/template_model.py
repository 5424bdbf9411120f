"""Plain, typed description of an agreement template (a municipality's concept).

Templates are data (TOML files, see docs/templates.md); this module only holds
the shapes they are parsed into. Nothing here knows about files or Qt.
"""

from __future__ import annotations

from dataclasses import field
from enum import StrEnum
from functools import cached_property
from typing import Protocol, TypeVar

from storage.model import Agreement, Goal, Node, Section
from storage.records import record
from storage.status_scale import DEFAULT_SCALE, StatusLevel


class FieldType(StrEnum):
    LINE = "line"
    TEXT = "text"
    NUMBER = "number"
    LETTERED_LIST = "lettered_list"
    ACTION_TABLE = "action_table"
    AMOUNT = "amount"
    CHOICE = "choice"
    DATE = "date"
    PERSON = "person"
    PERSON_LIST = "person_list"
    MILESTONES = "milestones"
    TABLE = "table"

    @property
    def has_rows(self) -> bool:
        """Whether the value is a list of rows (what each type means: :mod:`storage.field_types`)."""
        from storage.field_types import description  # that module builds on this one

        return description(self).has_rows


#: Metadata field ids that live in columns of the agreement row itself.
AGREEMENT_COLUMNS = ("unit", "year", "title")


@record(frozen=True)
class FieldDef:
    """A field of a template: id, label, type, guidance, options and default."""

    id: str
    label: str
    type: FieldType
    guidance: str = ""
    options: tuple[str, ...] = ()
    default: object = None
    empty: str = ""  # "", "omit" or "dash"; "" means the template's default rule
    #: what the field's rows are in a follow-up round: "sub_goal", "action", "criterion" (paired
    #: by position with the sub-goals), or "" (not followed up)
    follow_up: str = ""
    #: where a metadata field reaches the Word document: "title_page", "header_block" or "none"
    show: str = "none"
    #: a ``table`` field's own columns: (id, Danish header) pairs, in order
    columns: tuple[tuple[str, str], ...] = ()
    #: a ``number`` field's bounds, and the total its values across all goals must give (``sum``)
    minimum: int | None = None
    maximum: int | None = None
    total: int | None = None


@record(frozen=True)
class SectionDef:
    """A section of a template, with its fields and sub-sections."""

    key: str
    number: str
    title: str
    guidance: str = ""
    text: str = ""
    fields: tuple[FieldDef, ...] = ()
    children: tuple[SectionDef, ...] = ()
    #: never written into a bundle (with its sub-sections), e.g. a leader's personal plan
    private: bool = False


@record(frozen=True)
class GoalKind:
    """A kind of goal a template offers, where its goals go and how they are numbered."""

    id: str
    name: str
    #: "appendix" or "section:<key>"
    placement: str
    #: format with {n} (1, 2, …), {letter} (a, b, …) and {LETTER} (A, B, …)
    numbering: str
    numbering_single: str = ""
    title_prefix: str = ""
    title_field: str = "title"
    fields: tuple[FieldDef, ...] = ()
    #: goals of this kind are never written into a bundle
    private: bool = False
    #: kinds with the same series are numbered in one run, in document order ("" = the kind alone)
    series: str = ""
    #: the first number ({n}; {letter} from the same place) of the kind, or of its series
    start: int = 1
    #: exactly one goal, created with the agreement; it cannot be added again or deleted
    single: bool = False

    @property
    def section_key(self) -> str | None:
        if self.placement.startswith("section:"):
            return self.placement.split(":", 1)[1]
        return None

    def field(self, field_id: str) -> FieldDef | None:
        return next((f for f in self.fields if f.id == field_id), None)


@record(frozen=True)
class ExportSettings:
    """How documents are laid out, where the template has a say."""

    #: "end", or "section:<key>" to put the signature block after that section's text
    signatures: str = "end"
    signature_caption: str = "Underskrifter"
    #: metadata field holding the place of signing, and the date shown at the signatures
    place_field: str = "place"
    date_field: str = "approval_date"
    #: whether the document has a title page and a table of contents
    title_page: bool = True
    contents: bool = True
    #: the line under the unit on the title page; {kind}, {year}, {years} ("2016–18") and {unit}
    subtitle: str = "{kind} {year}"
    #: the label of the period line on the title page ("" leaves the line out)
    period_label: str = "Aftaleperiode"
    contents_title: str = "Indholdsfortegnelse"

    @property
    def signature_section(self) -> str | None:
        return self.signatures.split(":", 1)[1] if self.signatures.startswith("section:") else None


@record(frozen=True)
class Template:
    """A municipality's concept of an agreement: its metadata, sections and goal kinds."""

    id: str
    name: str
    description: str = ""
    agreement_kind: str = "Aftale"
    title_pattern: str = "{unit}. {kind} {year}"
    empty_fields: str = "omit"
    metadata: tuple[FieldDef, ...] = ()
    sections: tuple[SectionDef, ...] = ()
    goal_kinds: tuple[GoalKind, ...] = ()
    export: ExportSettings = ExportSettings()
    status_scale: tuple[StatusLevel, ...] = DEFAULT_SCALE
    #: how many years a new agreement runs (its period ends on 31 December of the last one)
    period_years: int = 1
    source: str = field(default="", compare=False, repr=False)
    origin: str = field(default="", compare=False)

    def all_sections(self) -> list[SectionDef]:
        return list(self._all_sections)

    @cached_property
    def _all_sections(self) -> tuple[SectionDef, ...]:
        """Every section, parents before children, in file order (walked once, without recursion)."""
        out: list[SectionDef] = []
        stack = list(reversed(self.sections))
        while stack:
            section = stack.pop()
            out.append(section)
            stack.extend(reversed(section.children))
        return tuple(out)

    @cached_property
    def _sections_by_key(self) -> dict[str, SectionDef]:
        by_key: dict[str, SectionDef] = {}
        for section in self._all_sections:
            by_key.setdefault(section.key, section)
        return by_key

    @cached_property
    def _kinds_by_section(self) -> dict[str | None, tuple[GoalKind, ...]]:
        """Goal kinds by the section key they are placed in (None: the appendix), in file order."""
        by_section: dict[str | None, list[GoalKind]] = {}
        for kind in self.goal_kinds:
            by_section.setdefault(kind.section_key, []).append(kind)
        return {key: tuple(kinds) for key, kinds in by_section.items()}

    @cached_property
    def _kinds_by_id(self) -> dict[str, GoalKind]:
        return _by_id(self.goal_kinds)

    @cached_property
    def _metadata_by_id(self) -> dict[str, FieldDef]:
        return _by_id(self.metadata)

    def section(self, key: str) -> SectionDef | None:
        return self._sections_by_key.get(key)

    def goal_kind(self, kind_id: str) -> GoalKind | None:
        return self._kinds_by_id.get(kind_id)

    def metadata_field(self, field_id: str) -> FieldDef | None:
        return self._metadata_by_id.get(field_id)

    def kinds_in_section(self, key: str) -> tuple[GoalKind, ...]:
        """The goal kinds placed in the section ``key``, in the order of the file."""
        return self._kinds_by_section.get(key, ())

    def appendix_kinds(self) -> tuple[GoalKind, ...]:
        return self._kinds_by_section.get(None, ())

    def fields_for(self, node: Node) -> tuple[FieldDef, ...]:
        """The fields of an agreement's node: metadata, a section's fields, or a goal kind's."""
        if isinstance(node, Agreement):
            return self.metadata
        if isinstance(node, Section):
            definition = self.section(node.key)
            return section_fields(definition) if definition else ()
        if isinstance(node, Goal):
            kind = self.goal_kind(node.kind)
            return kind.fields if kind else ()
        return ()

    def title_for(self, unit: str, year: int) -> str:
        return self.title_pattern.format(unit=unit, year=year, kind=self.agreement_kind)


DEFAULT_SECTION_FIELDS: tuple[FieldDef, ...] = (FieldDef("text", "Tekst", FieldType.TEXT),)


def section_fields(section: SectionDef) -> tuple[FieldDef, ...]:
    return section.fields or DEFAULT_SECTION_FIELDS


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_T = TypeVar("_T", bound=_HasId)


def _by_id(items: tuple[_T, ...]) -> dict[str, _T]:
    """``{id: item}``, the first of a repeated id winning (as a search from the start would)."""
    found: dict[str, _T] = {}
    for item in items:
        found.setdefault(item.id, item)
    return found
