"""The command line: the same functions as the window, without Qt (``python -m desktop …``).

Without a command the window starts. Problems with the store or a template end with a
Danish message on stderr and exit status 1; usage errors exit with status 2.
"""

from __future__ import annotations

import argparse
import io
import os
import sqlite3
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from desktop.context import opened
from desktop.danish_argparse import DanishArgumentParser, LazyVersionAction
from desktop.demo import add_demo_agreement, ensure_demo_store
from desktop.paths import DATA_DIR_ENV, DataPaths, data_paths
from desktop.terminal_text import CommandError, json_text, message, one_line
from exporters.errors import ExportError
from storage import agreements
from storage.agreements import AgreementFilter
from storage.canonical import to_json
from storage.errors import NotWritableError, StoreError, danish_reason
from storage.model import Agreement
from storage.outline import outline, walk
from storage.template_model import Template
from storage.templates import TemplateError
from storage.year_mentions import YearMention, find_mentions, left_in_copy

#: set to 1 to see the traceback of an unexpected error
DEBUG_ENV = "AFTALER_DEBUG"

Handler = Callable[[DataPaths, argparse.Namespace], int]
#: the main options that take a value (what follows them is no positional argument)
VALUE_OPTIONS = ("--db", "--data-dir")


def program_name() -> str:
    name = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    return "python -m desktop" if name in ("", "__main__.py", "-c") else name


def build_parser(with_commands: bool = True) -> DanishArgumentParser:
    """The whole command line; without ``with_commands`` only the main options, for starting the
    window (the commands' modules, and what they import for exports and bundles, stay unloaded)."""
    parser = DanishArgumentParser(
        prog=program_name(),
        description="Aftaler – skriv, eksportér og følg op på kommunale aftaler.",
        epilog="Uden kommando startes vinduet. Med en .aftale-fil som eneste argument viser vinduet, hvad"
               " pakken indeholder, klar til import.",
    )
    parser.add_argument("--db", metavar="FIL", help="databasefilen (standard: aftaler.sqlite i datamappen)")
    parser.add_argument("--data-dir", metavar="MAPPE",
                        help=f"datamappen med database, skabeloner og sikkerhedskopier (standard: ${DATA_DIR_ENV}"
                             " eller brugerens datamappe)")
    parser.add_argument("--read-only", action="store_true", help="åbn databasen skrivebeskyttet")
    parser.add_argument("--demo", action="store_true",
                        help="brug demodatabasen demo.sqlite i datamappen (oprettes med demoaftalen)")
    parser.add_argument("--version", action=LazyVersionAction, text=version_text,
                        help="vis programmets version og afslut")
    parser.add_argument("--selftest", action="store_true",
                        help="kontrollér programmet på en midlertidig database (vindue, demoaftale, Word, Excel,"
                             " PDF og pakker) og afslut; status 0, hvis alt virker")
    if not with_commands:
        parser.set_defaults(command=None)
        return parser
    from desktop.cli_backup import add_backup_parser
    from desktop.cli_bundle import add_bundle_parser
    from desktop.cli_export import add_export_parser, cmd_export_docx
    from desktop.cli_followup import add_followup_parsers
    from desktop.cli_goals import add_goal_parser
    from desktop.cli_templates import add_templates_parser

    commands = parser.add_subparsers(title="kommandoer", metavar="KOMMANDO", dest="command")

    add_templates_parser(commands)

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
    add_export_parser(commands, cmd_export_docx)
    add_backup_parser(commands)
    add_bundle_parser(commands)
    add_followup_parsers(commands)
    add_goal_parser(commands)
    return parser


# --- commands -----------------------------------------------------------------------------

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


# --- entry --------------------------------------------------------------------------------

def _check_usage(parser: DanishArgumentParser, args: argparse.Namespace) -> None:
    if args.command == "export" and getattr(args, "format", None) is None:
        parser.error("'export' kræver et format, fx: export docx UUID --out MAPPE")
    if args.demo and args.db:
        parser.error("--demo og --db kan ikke bruges sammen")
    if args.command == "new" and not args.source:
        missing = [f"--{name}" for name in ("template", "unit", "year") if getattr(args, name) is None]
        if missing:
            parser.error(f"'new' kræver {', '.join(missing)} (eller --from UUID)")
        if not args.unit.strip():
            parser.error("--unit må ikke være tom")
    if args.command == "new" and args.move_years and not args.source:
        parser.error("--move-years kræver --from UUID (årstallene flyttes, når en aftale kopieres til næste år)")


def version_text() -> str:
    from storage.version import program_version

    return f"Aftaler {program_version()}"


def starts_window(raw: list[str]) -> bool:
    """No command word and no request for help: the window starts."""
    positional = [i for i, arg in enumerate(raw)
                  if not arg.startswith("-") and (i == 0 or raw[i - 1] not in VALUE_OPTIONS)]
    return not positional and not {"-h", "--help"} & set(raw)


def split_bundle_argument(raw: list[str]) -> tuple[list[str], Path | None]:
    """``python -m desktop [OPTIONS] FILE.aftale``: a bundle as the only positional argument is opened in
    the window's import preview (as when the file is double-clicked); the rest is for the parser."""
    positional = [i for i, arg in enumerate(raw)
                  if not arg.startswith("-") and (i == 0 or raw[i - 1] not in VALUE_OPTIONS)]
    if len(positional) == 1 and raw[positional[0]].lower().endswith(".aftale"):
        i = positional[0]
        return raw[:i] + raw[i + 1:], Path(raw[i])
    return raw, None


def run_window(paths: DataPaths, args: argparse.Namespace) -> int:
    """The window (lock, integrity check, backups and the store are handled by desktop.gui)."""
    from desktop.gui import run_gui  # imported here: the command line needs no Qt

    return run_gui(paths, read_only=args.read_only, bundle=getattr(args, "bundle", None))


def _utf8_stdout() -> None:
    """Write UTF-8 also when stdout is redirected on Windows (JSON, Danish letters); output that still
    cannot be encoded is replaced rather than ending the command (what is printed is made safe first)."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8", errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    raw, bundle = split_bundle_argument(list(sys.argv[1:] if argv is None else argv))
    parser = build_parser(with_commands=not starts_window(raw))
    args = parser.parse_args(raw)
    args.bundle = bundle
    _check_usage(parser, args)
    _utf8_stdout()
    if args.selftest:
        from desktop.selftest import run_selftest

        return run_selftest()
    try:
        paths = data_paths(args.data_dir, args.db)
        if args.demo:
            paths = ensure_demo_store(paths)
        handler: Handler | None = getattr(args, "handler", None)
        if handler is None:
            return run_window(paths, args)
        return handler(paths, args)
    except NotWritableError as exc:
        return _fail(f"{exc} Brug --read-only for at læse aftalerne." if not args.read_only else str(exc))
    except (StoreError, TemplateError, CommandError, ExportError) as exc:
        return _fail(str(exc))
    except sqlite3.Error as exc:
        return _fail(f"Databasefejl: {danish_reason(exc)}.")
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        name = f" '{exc.filename}'" if exc.filename else ""
        return _fail(f"Filen{name} kunne ikke bruges: {danish_reason(exc)}.")
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line: a Danish message, not a bare traceback
        if os.environ.get(DEBUG_ENV):
            traceback.print_exc()
        detail = f" ({danish_reason(exc)})" if isinstance(exc, MemoryError) else ""
        return _fail(f"Kommandoen stoppede på grund af en uventet fejl{detail}. Hver ændring gemmes"
                     f" for sig, så det, der allerede var gemt, er ikke berørt. Kør igen med {DEBUG_ENV}=1 for"
                     " detaljer til IT-support.")


def _fail(text: str) -> int:
    print(message(text), file=sys.stderr)
    return 1
