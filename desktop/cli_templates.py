"""``templates`` (list the templates, exit 1 when a file cannot be used) and ``templates check FILE`` (every
problem of one file at once, or the outline a new agreement of it would have)."""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from desktop.context import load_templates
from desktop.paths import DataPaths
from desktop.terminal_text import message, one_line
from storage import agreements, edits
from storage.database import open_store
from storage.outline import OutlineNode, outline, walk
from storage.template_check import check_template
from storage.template_model import Template
from storage.templates import TemplateError, read_template_file

#: the goals of each kind (not made with the agreement) shown in the outline of ``templates check``
EXAMPLE_GOALS = 2


def add_templates_parser(commands: Any) -> None:
    templates = commands.add_parser(
        "templates", help="vis skabelonerne og fejl i skabelonfiler",
        description="Én linje pr. skabelon: id, navn og fil. Fejl skrives til stderr; slutstatus 1, hvis en fil"
                    " ikke kan bruges.")
    templates.set_defaults(handler=cmd_templates)
    actions = templates.add_subparsers(title="handlinger", metavar="HANDLING", dest="templates_action")
    check = actions.add_parser(
        "check", help="kontrollér én skabelonfil",
        description="Læs én skabelonfil og vis alle fejl i den på én gang (slutstatus 1), eller – når den kan"
                    " bruges – disposition for en ny aftale efter den: afsnit og indsatser med numre.")
    check.add_argument("file", metavar="FIL", type=Path, help="skabelonfilen (.toml)")
    check.set_defaults(handler=cmd_check)


def cmd_templates(paths: DataPaths, args: argparse.Namespace) -> int:
    registry = load_templates(paths)
    for template in registry.ordered():
        print("\t".join(one_line(v) for v in (template.id, template.name, template.origin)))
    for error in registry.errors:
        print(message(str(error)), file=sys.stderr)
    return 1 if registry.errors else 0


def cmd_check(paths: DataPaths, args: argparse.Namespace) -> int:
    origin = str(args.file)
    text, read_problem = read_template_file(args.file)
    if text is None:
        raise TemplateError(origin, read_problem or "filen kunne ikke læses")
    template, problems = check_template(text, origin)
    if template is None:
        raise TemplateError.listing(origin, problems)
    print("\n".join(one_line(line) for line in outline_lines(template)))
    return 0


def outline_lines(template: Template) -> list[str]:
    """What a new agreement of ``template`` looks like: made in a store of its own that is thrown away."""
    year = date.today().year
    with tempfile.TemporaryDirectory(prefix="aftaler-check-") as folder:
        store = open_store(Path(folder) / "check.sqlite")
        try:
            uuid = agreements.create_agreement(store, template, "Enheden", year)
            for kind in template.goal_kinds:
                for _ in range(0 if kind.single else EXAMPLE_GOALS):
                    edits.add_goal(store, uuid, kind.id)
            agreement = agreements.load_agreement(store, uuid)
        finally:
            store.conn.close()
    nodes = list(walk(outline(agreement, template)))
    lines = [f"Skabelonen kan bruges: {template.id} – {template.name}",
             f"En ny aftale for 'Enheden' {year} hedder \"{agreement.title}\" og får denne disposition"
             f" (med {EXAMPLE_GOALS} indsatser af hver type):", ""]
    lines.extend("  " * (node.depth + 1) + node.heading for node in nodes)
    if template.goal_kinds:
        lines += ["", "Indsatstyper:"]
        lines.extend(f"  {kind.id} ({kind.name}): {_placement(template, kind.section_key, nodes)}; numre "
                     + ", ".join(n.number or "(intet)" for n in nodes if n.type == "goal" and n.key == kind.id)
                     + (" (én indsats, oprettet med aftalen)" if kind.single else ", …")
                     for kind in template.goal_kinds)
    return lines


def _placement(template: Template, section_key: str | None, nodes: list[OutlineNode]) -> str:
    if section_key is None:
        return "i bilag efter afsnittene"
    section = next((n for n in nodes if n.type == "section" and n.key == section_key), None)
    return f"under afsnittet {section.heading}" if section else f"under afsnittet '{section_key}'"
