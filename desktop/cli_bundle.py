"""``bundle export UUID… | --all [--year N] [--unit TEXT] --out FILE`` and ``bundle import FILE
[--dry-run]``: agreements to and from colleagues as one ``.aftale`` file (docs/bundle-format.md).

``import`` prints one line per agreement: ny, identisk, or findes og er ændret (ikke flettet
endnu); only new agreements are added, in one transaction after a backup of the store.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.cli_export import ExportUsageError
from desktop.context import opened
from desktop.paths import DataPaths
from desktop.terminal_text import one_line
from exporters.bundle_write import write_bundle
from storage.agreements import AgreementFilter, exists, list_agreements
from storage.bundle_apply import ImportState, apply_bundle, plan_import
from storage.bundle_read import read_bundle


def add_bundle_parser(commands: Any) -> None:
    bundle = commands.add_parser("bundle", help="send aftaler til en kollega og importér dem (.aftale)",
                                 description="En pakke (.aftale) med aftaler og deres skabeloner.")
    actions = bundle.add_subparsers(title="handlinger", metavar="HANDLING", dest="bundle_action", required=True)
    export = actions.add_parser("export", help="skriv aftaler i en pakke",
                                description="Skriv de valgte aftaler (eller alle, evt. for et år og en enhed)"
                                            " i én .aftale-fil.")
    export.add_argument("uuids", nargs="*", metavar="UUID", help="aftalernes uuid (se 'list')")
    export.add_argument("--all", action="store_true", help="alle aftaler (evt. med --year og --unit)")
    export.add_argument("--year", type=int, metavar="ÅR", help="sammen med --all: kun aftaler for dette år")
    export.add_argument("--unit", metavar="TEKST", help="sammen med --all: kun enheder, hvis navn indeholder teksten")
    export.add_argument("--out", required=True, metavar="FIL", help="pakken, der skrives (.aftale)")
    export.set_defaults(handler=cmd_bundle_export)
    imported = actions.add_parser("import", help="importér en pakke",
                                  description="Vis for hver aftale: ny, identisk eller findes og er ændret;"
                                              " nye aftaler tilføjes (efter en sikkerhedskopi).")
    imported.add_argument("file", metavar="FIL", help="pakken (.aftale)")
    imported.add_argument("--dry-run", action="store_true", help="vis kun, hvad der ville ske")
    imported.set_defaults(handler=cmd_bundle_import)


def _chosen(args: argparse.Namespace, store: Any) -> list[str]:
    if args.uuids and args.all:
        raise ExportUsageError("Angiv enten uuid'er eller --all, ikke begge.")
    if not args.uuids and not args.all:
        raise ExportUsageError("Angiv mindst én aftales uuid, eller --all (evt. med --year og --unit).")
    if (args.year is not None or args.unit) and not args.all:
        raise ExportUsageError("--year og --unit bruges sammen med --all.")
    if args.all:
        uuids = [a.uuid for a in list_agreements(store, AgreementFilter(year=args.year, unit=args.unit))]
        if not uuids:
            raise ExportUsageError("Der er ingen aftaler at lægge i pakken.")
        return uuids
    missing = [u for u in args.uuids if not exists(store, u)]
    if missing:
        raise ExportUsageError(f"Aftalen findes ikke: {', '.join(missing)}. Intet er skrevet.")
    return list(args.uuids)


def cmd_bundle_export(paths: DataPaths, args: argparse.Namespace) -> int:
    with opened(paths, args) as context:
        uuids = _chosen(args, context.store)
        target = write_bundle(context.store, uuids, Path(args.out))
    count = "1 aftale" if len(uuids) == 1 else f"{len(uuids)} aftaler"
    print(f"{one_line(str(target))}: {count}")
    return 0


def cmd_bundle_import(paths: DataPaths, args: argparse.Namespace) -> int:
    bundle = read_bundle(Path(args.file))
    with opened(paths, args) as context:
        if args.dry_run:
            lines = plan_import(context.store, bundle)
        else:
            lines = apply_bundle(context.store, bundle, paths.backups)
    for line in lines:
        print("\t".join(one_line(v) for v in (line.state.value, line.uuid, line.title)))
    added = sum(1 for line in lines if line.state is ImportState.NEW)
    if args.dry_run:
        print(f"Prøvekørsel: intet er ændret ({added} ville blive tilføjet).")
    return 0
