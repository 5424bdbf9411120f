"""``list``, ``new``, ``show`` and ``demo``: the agreements themselves, on the command line."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from desktop.context import opened
from desktop.demo import add_demo_agreement
from desktop.paths import DataPaths
from desktop.terminal_text import CommandError, json_text, message, one_line
from storage import agreements
from storage.agreements import AgreementFilter
from storage.canonical import to_json
from storage.model import Agreement
from storage.outline import outline, walk
from storage.template_model import Template
from storage.year_mentions import YearMention, find_mentions, left_in_copy


def add_agreement_parsers(commands: Any) -> None:
    listing = commands.add_parser("list", help="vis aftalerne",
                                  description="Én linje pr. aftale, tabulatorsepareret: uuid, aftaleholder, år,"
                                              " titel, skabelon.")
    listing.add_argument("--year", type=int, metavar="ÅR", help="kun aftaler for dette år")
    listing.add_argument("--unit", metavar="TEKST", help="kun aftaleholdere, hvis navn indeholder TEKST")
    listing.set_defaults(handler=cmd_list)

    new = commands.add_parser("new", help="opret en ny aftale og skriv dens uuid",
                              description="Opret en ny aftale ud fra en skabelon, eller som kopi af en aftale"
                                          " til næste år (--from).")
    new.add_argument("--template", metavar="ID", help="skabelonens id (se 'templates')")
    new.add_argument("--unit", metavar="NAVN", help="aftaleholderen, fx \"IT-staben\"")
    new.add_argument("--year", type=int, metavar="ÅR", help="aftalens år")
    new.add_argument("--from", dest="source", metavar="UUID",
                     help="kopiér denne aftale til næste år (skabelonen følger med kopien)")
    new.add_argument("--move-years", action="store_true",
                     help="med --from: flyt hvert årstal i teksterne ét år frem, fx \"Politiske indsatsområder"
                          " 2008\" → 2009 og \"niveauet i 2007\" → 2008 (uden flyttes intet, og det siges, hvor"
                          " mange steder kopien stadig nævner sidste år)")
    new.set_defaults(handler=cmd_new)

    show = commands.add_parser("show", help="vis en aftale", description="Vis en aftales indhold.")
    show.add_argument("uuid", metavar="UUID", help="aftalens uuid (se 'list')")
    show.add_argument("--json", action="store_true", help="hele aftalen som JSON (det kanoniske format)")
    show.set_defaults(handler=cmd_show)

    demo = commands.add_parser("demo", help="tilføj demoaftalen (IT-staben 2008) og skriv dens uuid")
    demo.set_defaults(handler=cmd_demo)


def cmd_list(paths: DataPaths, args: argparse.Namespace) -> int:
    with opened(paths, args) as context:
        rows = agreements.list_agreements(context.store, AgreementFilter(year=args.year, unit=args.unit))
    for row in rows:
        print("\t".join(one_line(v) for v in (row.uuid, row.unit, row.year, row.title, row.template_id)))
    return 0


def cmd_new(paths: DataPaths, args: argparse.Namespace) -> int:
    with opened(paths, args) as context:
        if args.source:
            source = agreements.load_agreement(context.store, args.source)
            if args.year is not None and args.year != source.year + 1:
                raise CommandError(f"En kopi af aftalen for {source.year} bliver aftalen for {source.year + 1},"
                                   f" ikke {args.year}.")
            if args.unit is not None and args.unit.strip() != source.unit:
                raise CommandError(f"En kopi af aftalen har samme aftaleholder ('{source.unit}'),"
                                   f" ikke '{args.unit.strip()}'.")
            moved = find_mentions(source) if args.move_years else []
            new_uuid = agreements.copy_for_next_year(context.store, source.uuid, moved)
            left = [] if args.move_years else left_in_copy(agreements.load_agreement(context.store, new_uuid))
            note = years_note(moved, left, source.year)
        else:
            template = context.templates.get(args.template)
            if template is None:
                known = ", ".join(t.id for t in context.templates.ordered()) or "ingen"
                hint = " Nogle skabelonfiler kunne ikke læses; se 'templates'." if context.templates.errors else ""
                raise CommandError(f"Skabelonen '{args.template}' findes ikke (kendte skabeloner: {known}).{hint}")
            new_uuid = agreements.create_agreement(context.store, template, args.unit.strip(), args.year)
            note = ""
    print(new_uuid)
    if note:
        print(message(note), file=sys.stderr)
    return 0


def years_note(moved: list[YearMention], left: list[YearMention], year: int) -> str:
    """What a copy to next year did with the texts' years: how many it moved on, or how many still name
    last year (``year``, the source's) and how to move them, as the window's copy offers."""
    if moved:
        pairs = ", ".join(dict.fromkeys(f"{m.found} → {m.replacement}" for m in moved))
        return f"{len(moved)} årstal i teksterne er flyttet ét år frem ({pairs})."
    if not left:
        return ""
    named = " eller ".join(sorted({m.found for m in left if len(m.found) == 4}, reverse=True)) or str(year)
    first = left[0]
    before, after = first.before.strip("…"), first.after.strip("…")
    example = (" ".join(before.split()[-4:]) + (" " if before[-1:].isspace() else "") + first.found
               + (" " if after[:1].isspace() else "") + " ".join(after.split()[:2]))  # a few words around it
    places = "ét sted" if len(left) == 1 else f"{len(left)} steder"
    return (f"Bemærk: kopien nævner stadig {named} {places}, fx »{one_line(example)}«. Årstallene er kopieret,"
            f" som de stod; vinduet markerer, hvor teksten nævner {year}, så det kan rettes dér. Med --move-years"
            " flytter kopieringen dem alle ét år frem.")


def cmd_show(paths: DataPaths, args: argparse.Namespace) -> int:
    with opened(paths, args) as context:
        agreement = agreements.load_agreement(context.store, args.uuid)
        template = agreements.template_of(context.store, agreement)
    if args.json:
        print(json_text(to_json(agreement, template)))
    else:
        print("\n".join(one_line(line) for line in summary_lines(agreement, template)))
    return 0


def cmd_demo(paths: DataPaths, args: argparse.Namespace) -> int:
    with opened(paths, args) as context:
        print(add_demo_agreement(context.store, context.templates))
    return 0


def summary_lines(agreement: Agreement, template: Template) -> list[str]:
    """A short human view: title, then the agreement's outline (sections and goals, numbered, indented)."""
    lines = [agreement.title, f"Aftaleholder: {agreement.unit} · År: {agreement.year} · Skabelon: {template.name}"
             f" · Revision {agreement.revision}", ""]
    lines.extend("  " * node.depth + node.heading for node in walk(outline(agreement, template)))
    return lines
