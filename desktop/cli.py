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
from collections.abc import Callable, Sequence
from pathlib import Path

from desktop import collector
from desktop.danish_argparse import DanishArgumentParser, LazyVersionAction
from desktop.paths import DATA_DIR_ENV, DataPaths, data_paths
from desktop.terminal_text import CommandError, message
from exporters.errors import ExportError
from storage.errors import NotWritableError, StoreError, danish_reason
from storage.templates import TemplateError

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
    from desktop.cli_agreements import add_agreement_parsers
    from desktop.cli_backup import add_backup_parser
    from desktop.cli_bundle import add_bundle_parser
    from desktop.cli_export import add_export_parser, cmd_export_docx
    from desktop.cli_followup import add_followup_parsers
    from desktop.cli_goals import add_goal_parser
    from desktop.cli_templates import add_templates_parser

    commands = parser.add_subparsers(title="kommandoer", metavar="KOMMANDO", dest="command")

    add_templates_parser(commands)

    add_agreement_parsers(commands)
    add_export_parser(commands, cmd_export_docx)
    add_backup_parser(commands)
    add_bundle_parser(commands)
    add_followup_parsers(commands)
    add_goal_parser(commands)
    return parser


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


def window_defaults() -> argparse.Namespace:
    """What the parser makes of no arguments at all (the window on the usual data folder), without
    building the parser: a start from the program's icon skips its 5-7 ms. A test holds the two equal."""
    return argparse.Namespace(db=None, data_dir=None, read_only=False, demo=False, selftest=False, command=None)


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
    import ui  # noqa: F401 — first: it loads PySide6 with its feature scan off (ui/feature_scan.py)
    from desktop.gui import run_gui  # imported here: the command line needs no Qt

    return run_gui(paths, read_only=args.read_only, bundle=getattr(args, "bundle", None))


def _utf8_stdout() -> None:
    """Write UTF-8 also when stdout is redirected on Windows (JSON, Danish letters); output that still
    cannot be encoded is replaced rather than ending the command (what is printed is made safe first)."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8", errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    raw, bundle = split_bundle_argument(list(sys.argv[1:] if argv is None else argv))
    if raw:
        parser = build_parser(with_commands=not starts_window(raw))
        args = parser.parse_args(raw)
        _check_usage(parser, args)
    else:  # started from the program's icon or a double-clicked bundle: no parser to build
        args = window_defaults()
    args.bundle = bundle
    _utf8_stdout()
    if args.selftest:
        collector.resume()
        from desktop.selftest import run_selftest

        return run_selftest()
    try:
        paths = data_paths(args.data_dir, args.db)
        if args.demo:
            from desktop.demo import ensure_demo_store

            paths = ensure_demo_store(paths)
        handler: Handler | None = getattr(args, "handler", None)
        if handler is None:
            return run_window(paths, args)
        collector.resume()
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
            import traceback

            traceback.print_exc()
        detail = f" ({danish_reason(exc)})" if isinstance(exc, MemoryError) else ""
        return _fail(f"Kommandoen stoppede på grund af en uventet fejl{detail}. Hver ændring gemmes"
                     f" for sig, så det, der allerede var gemt, er ikke berørt. Kør igen med {DEBUG_ENV}=1 for"
                     " detaljer til IT-support.")


def _fail(text: str) -> int:
    print(message(text), file=sys.stderr)
    return 1
