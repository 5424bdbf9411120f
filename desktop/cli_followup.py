"""``followup new|list|set|close`` and ``overview``: follow-up rounds and the status overview from the
command line, on the same storage and exporter functions as the window.

A refusal (a status not on the scale, a number that is not a number, a date in the wrong format, a
closed round) ends with the Danish message from storage and exit status 1; nothing is stored.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desktop.context import opened
from desktop.paths import DataPaths
from desktop.terminal_text import one_line
from storage import agreements
from storage.followup import (
    FollowUpError,
    create_round,
    find_round,
    parse_date,
    rounds,
    rounds_of,
    set_closed,
    set_status,
    status_text,
)
from storage.overview import read_overview

FORMATS = ("xlsx", "pdf")


def add_followup_parsers(commands: Any) -> None:
    followup = commands.add_parser("followup", help="opfølgningsrunder: opret, vis, sæt status, luk",
                                   description="Opfølgningsrunder: en runde har et navn og en dato og gælder alle"
                                               " aftaler for et år eller én aftale.")
    actions = followup.add_subparsers(title="handlinger", metavar="HANDLING", dest="followup_action", required=True)

    new = actions.add_parser("new", help="opret en runde og skriv dens uuid",
                             description="Opret en opfølgningsrunde for alle aftaler for et år, eller for én aftale.")
    new.add_argument("--year", type=int, metavar="ÅR", help="året runden gælder (kan udelades med --agreement)")
    new.add_argument("--name", required=True, metavar="NAVN", help="fx \"Status-opfølgning 1. september\"")
    new.add_argument("--date", required=True, metavar="DATO", help="rundens dato, fx 1.9.2008 eller 1. september 2008")
    new.add_argument("--agreement", metavar="UUID", help="kun denne aftale (se 'list')")
    new.add_argument("--from-last", action="store_true",
                     help="start med status fra seneste runde (for året eller aftalen)")
    new.set_defaults(handler=cmd_followup_new)

    listing = actions.add_parser("list", help="vis runderne, ældste først",
                                 description="Én linje pr. runde, tabulatorsepareret: uuid, år, navn, dato,"
                                             " hvad den gælder ('alle aftaler' eller aftalens uuid), 'åben' eller"
                                             " 'lukket'.")
    listing.add_argument("--year", type=int, metavar="ÅR", help="kun runder for dette år")
    listing.set_defaults(handler=cmd_followup_list)

    targets = actions.add_parser("targets", help="vis indsatser, delmål og handlinger med uuid og status",
                                 description="Én linje pr. indsats, delmål og handling, tabulatorsepareret: uuid,"
                                             " aftaleholder, hvad det er (Indsats, Delmål, Handling), indsatsen,"
                                             " teksten og status i runden (standard: årets seneste) — uuid'en"
                                             " er den, 'followup set' skal have.")
    targets.add_argument("--year", type=int, required=True, metavar="ÅR", help="aftalernes år")
    targets.add_argument("--round", metavar="NAVN", help="rundens navn (standard: årets seneste runde)")
    targets.add_argument("--unit", metavar="TEKST", help="kun aftaleholdere, hvis navn indeholder TEKST")
    targets.set_defaults(handler=cmd_followup_targets)

    status = actions.add_parser("set", help="sæt status for en indsats, et delmål eller en handling",
                                description="Sæt status, kommentar og evt. målt værdi i en runde. Skriver den"
                                            " gemte status.")
    _round_arguments(status)
    status.add_argument("target", metavar="UUID",
                        help="indsatsens, delmålets eller handlingens uuid (se 'followup targets')")
    status.add_argument("--status", required=True, metavar="STATUS",
                        help="et trin på skabelonens skala, fx grøn, gul, rød, \"kan ikke vurderes\" eller"
                             " \"ikke vurderet\"")
    status.add_argument("--comment", default="", metavar="TEKST", help="en kort kommentar")
    status.add_argument("--measured", metavar="TAL", help="den målte værdi, fx 4,2 eller 12 %%")
    status.set_defaults(handler=cmd_followup_set)

    close = actions.add_parser("close", help="luk en runde (dens status kan så ikke ændres)",
                               description="Luk en runde, så dens status ikke kan ændres (--reopen åbner den igen).")
    _round_arguments(close)
    close.add_argument("--reopen", action="store_true", help="åbn runden igen")
    close.set_defaults(handler=cmd_followup_close)

    overview = commands.add_parser("overview", help="statusoverblikket som Excel- eller PDF-fil",
                                   description="Alle indsatser, delmål og handlinger for et år med deres status i en"
                                               " runde (standard: årets seneste), som .xlsx eller .pdf.")
    overview.add_argument("--year", type=int, required=True, metavar="ÅR", help="aftalernes år")
    overview.add_argument("--round", metavar="NAVN", help="rundens navn (standard: årets seneste runde)")
    overview.add_argument("--format", required=True, choices=FORMATS, help="xlsx (Excel) eller pdf")
    overview.add_argument("--out", required=True, metavar="FIL", help="filen, der skrives (erstattes, hvis den findes)")
    overview.set_defaults(handler=cmd_overview)


def _round_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--round", required=True, metavar="NAVN", help="rundens navn (se 'followup list')")
    parser.add_argument("--year", type=int, required=True, metavar="ÅR", help="rundens år")


def cmd_followup_new(paths: DataPaths, args: argparse.Namespace) -> int:
    day = parse_date(args.date)
    with opened(paths, args) as context:
        store = context.store
        from_round = None
        if args.from_last:
            earlier = rounds_of(store, args.agreement) if args.agreement else rounds(store, args.year)
            if not earlier:
                scope = "aftalen" if args.agreement else f"{args.year}"
                raise FollowUpError(f"Der er ingen tidligere runde for {scope} at starte fra. Intet er oprettet.")
            from_round = earlier[-1].uuid
        print(create_round(store, args.name, day, year=args.year, agreement_uuid=args.agreement,
                           from_round=from_round))
    return 0


def cmd_followup_list(paths: DataPaths, args: argparse.Namespace) -> int:
    with opened(paths, args) as context:
        found = rounds(context.store, args.year)
    for item in found:
        scope = item.agreement_uuid or "alle aftaler"
        state = "lukket" if item.closed else "åben"
        print("\t".join(one_line(v) for v in (item.uuid, item.year, item.name, f"{item.date:%d.%m.%Y}", scope,
                                                 state)))
    return 0


KIND_NAMES = {"goal": "Indsats", "sub_goal": "Delmål", "action": "Handling"}


def cmd_followup_targets(paths: DataPaths, args: argparse.Namespace) -> int:
    with opened(paths, args) as context:
        store = context.store
        the_round = find_round(store, args.year, args.round) if args.round or rounds(store, args.year) else None
        lines = read_overview(store, args.year, the_round).lines
    wanted = (args.unit or "").casefold()
    for line in lines:
        if wanted in line.unit.casefold():
            status = f"{line.level.symbol} {line.level.name}" + (f": {line.comment}" if line.comment else "")
            print("\t".join(one_line(v) for v in (line.target_uuid, line.unit, KIND_NAMES[line.target_kind],
                                                     line.heading, line.text, status)))
    return 0


def cmd_followup_set(paths: DataPaths, args: argparse.Namespace) -> int:
    with opened(paths, args) as context:
        store = context.store
        the_round = find_round(store, args.year, args.round)
        stored = set_status(store, the_round.uuid, args.target, args.status, args.comment, args.measured)
        agreement = agreements.load_agreement(store, stored.agreement_uuid)
        scale = agreements.template_of(store, agreement).status_scale
    print(one_line(status_text(scale, stored) or "– Ikke vurderet"))
    return 0


def cmd_followup_close(paths: DataPaths, args: argparse.Namespace) -> int:
    with opened(paths, args) as context:
        the_round = find_round(context.store, args.year, args.round)
        set_closed(context.store, the_round.uuid, closed=not args.reopen)
    return 0


def cmd_overview(paths: DataPaths, args: argparse.Namespace) -> int:
    target = Path(args.out)
    with opened(paths, args) as context:
        store = context.store
        the_round = find_round(store, args.year, args.round) if args.round or rounds(store, args.year) else None
        overview = read_overview(store, args.year, the_round)
    if args.format == "pdf":
        from exporters.overview_pdf import write_overview_pdf  # imported here: Qt only for the PDF

        written = write_overview_pdf(overview, target)
    else:
        from exporters.overview_xlsx import write_overview_xlsx

        written = write_overview_xlsx(overview, target)
    print(one_line(written))
    if the_round is None:
        print(f"Bemærk: der er ingen opfølgningsrunde for {args.year}; ingen status er sat.", file=sys.stderr)
    return 0
