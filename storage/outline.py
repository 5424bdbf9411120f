"""The outline of an agreement: its sections and goals in order, with numbers and headings.

This is the one place that decides the order and the headings of an agreement's parts, as the
template places them: sections nest as in the agreement, goals of a kind placed in a section
(``placement = "section:<key>"``) follow that section's sub-sections, and appendix goals follow
the last section. The tree, the Word export, the command line and the canonical form all read it.

Building it is linear in the number of sections and goals (every lookup is an index lookup).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import field
from typing import Literal

from storage.model import Agreement, Goal, Section
from storage.numbering import goal_title, kinds_in_document_order, numbering
from storage.records import record
from storage.template_model import GoalKind, Template

__all__ = ["OutlineNode", "goal_numbers", "kinds_in_document_order", "outline", "unplaced_goals", "walk"]

NodeType = Literal["section", "goal"]


@record(frozen=True)
class OutlineNode:
    """A numbered heading of the agreement's outline, as the document, tree and exports number it."""

    type: NodeType
    uuid: str
    #: "2.1" for a section, "Bilag 2a" or "A." for a goal; "" where the template gives none
    number: str
    #: "Den politiske ramme", "Faglig indsats – Helpdesk"
    title: str
    #: 0 for the parts at the top, 1 for the parts inside them, …
    depth: int
    #: the section's key, or the goal's kind id
    key: str
    children: tuple[OutlineNode, ...] = ()
    #: the section or goal itself
    node: Section | Goal | None = field(default=None, compare=False, repr=False)

    @property
    def heading(self) -> str:
        """Number and title, as a heading shows them: "2.0 Den politiske ramme", "Bilag 2a Faglig …"."""
        return f"{self.number} {self.title}".strip()


def outline(agreement: Agreement, template: Template) -> list[OutlineNode]:
    """The agreement's parts at the top level (sections, then appendix goals), each with its children.

    A section the template does not know keeps its place with its key as its title; goals of a
    kind the template does not know are not part of the outline (see :func:`unplaced_goals`).
    Goals are numbered per kind, or in one run across the kinds of a series.
    """
    numbers = numbering(template, {kind.id: len(agreement.goals_of_kind(kind.id)) for kind in template.goal_kinds})

    def goals(kinds: tuple[GoalKind, ...], depth: int) -> list[OutlineNode]:
        out = []
        for kind in kinds:
            of_kind = agreement.goals_of_kind(kind.id)
            for index, goal in enumerate(of_kind):
                out.append(OutlineNode("goal", goal.uuid, numbers.number(kind, index),
                                       goal_title(goal, kind), depth, kind.id, node=goal))
        return out

    def sections(parent: str | None, depth: int) -> list[OutlineNode]:
        out = []
        for section in agreement.children_of(parent):
            definition = template.section(section.key)
            number, title = (definition.number, definition.title) if definition else ("", section.key)
            children = sections(section.uuid, depth + 1) + goals(template.kinds_in_section(section.key), depth + 1)
            out.append(OutlineNode("section", section.uuid, number, title, depth, section.key, tuple(children),
                                   node=section))
        return out

    return sections(None, 0) + goals(template.appendix_kinds(), 0)


def walk(nodes: list[OutlineNode] | tuple[OutlineNode, ...]) -> Iterator[OutlineNode]:
    """Every node, each before its children, in document order (without recursion)."""
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))


def goal_numbers(agreement: Agreement, template: Template) -> dict[str, str]:
    """``{goal uuid: number}`` for every goal in the outline."""
    return {n.uuid: n.number for n in walk(outline(agreement, template)) if n.type == "goal"}


def unplaced_goals(agreement: Agreement, template: Template) -> list[Goal]:
    """Goals whose kind the template does not know (kept in stored data, shown nowhere)."""
    return [g for g in agreement.goals if template.goal_kind(g.kind) is None]
