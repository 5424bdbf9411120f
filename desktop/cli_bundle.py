"""``bundle export``, ``bundle import`` and the history of versions that lost a merge: agreements to and
from colleagues as one ``.aftale`` file (docs/bundle-format.md).

``import`` prints one line per agreement (ny, identisk, flettes) and, under a merged one, one line
per field that differs, with both texts and the differences marked for a conflict. Conflicts need
``--mine`` or ``--theirs`` (the window lets the user choose per field); without one nothing is
changed. ``history`` lists what lost a conflict and ``restore`` brings one back.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.cli_export import ExportUsageError, chosen_agreements
from desktop.context import opened
from desktop.paths import DataPaths
from desktop.terminal_text import one_line
from exporters.bundle_write import write_bundle
from storage.agreements import exists
from storage.bundle_apply import apply_bundle, plan_import
from storage.bundle_read import read_bundle
from storage.formatting import format_date
from storage.lost_versions import lost_versions, restore_version
from storage.merge_plan import Choice, FieldState, ImportPlan, ImportState
from storage.text_diff import marked, side_by_side


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
    imported = actions.add_parser(
        "import", help="importér en pakke",
        description="Vis for hver aftale og hvert felt, hvad der sker: nyt, identisk, kun ændret i pakken"
                    " (tages), kun ændret her (beholdes) eller ændret begge steder (konflikt: vælg --mine"
                    " eller --theirs). Alt sker på én gang efter en sikkerhedskopi.")
    imported.add_argument("file", metavar="FIL", help="pakken (.aftale)")
    imported.add_argument("--dry-run", action="store_true", help="vis kun, hvad der ville ske")
    side = imported.add_mutually_exclusive_group()
    side.add_argument("--mine", action="store_const", const=Choice.MINE, dest="choice",
                      help="ved konflikter: behold min version (pakkens gemmes i historikken)")
    side.add_argument("--theirs", action="store_const", const=Choice.THEIRS, dest="choice",
                      help="ved konflikter: tag pakkens version (min gemmes i historikken)")
    imported.set_defaults(handler=cmd_bundle_import)
    history = actions.add_parser("history", help="versioner, der tabte en konflikt ved import",
                                 description="Vis de versioner af en aftales felter, der tabte en konflikt.")
    history.add_argument("uuid", metavar="UUID", help="aftalens uuid")
    history.set_defaults(handler=cmd_bundle_history)
    restore = actions.add_parser("restore", help="hent en tabt version tilbage",
                                 description="Gør en tabt version (nummer fra 'bundle history') til den gældende.")
    restore.add_argument("version", type=int, metavar="NR", help="versionens nummer")
    restore.set_defaults(handler=cmd_bundle_restore)


def cmd_bundle_export(paths: DataPaths, args: argparse.Namespace) -> int:
    with opened(paths, args) as context:
        uuids = chosen_agreements(context.store, args, "at lægge i pakken")
        target = write_bundle(context.store, uuids, Path(args.out))
    count = "1 aftale" if len(uuids) == 1 else f"{len(uuids)} aftaler"
    print(f"{one_line(str(target))}: {count}")
    return 0


def _print_plan(plan: ImportPlan) -> None:
    for agreement in plan.agreements:
        print("\t".join(one_line(v) for v in (agreement.state.value, agreement.uuid, agreement.title)))
        for note in agreement.notes:
            print(f"  {one_line(note)}")
        for change in agreement.changes:
            print(f"  {change.state.value}\t{one_line(change.group)} › {one_line(change.label)}")
            if change.state is FieldState.CONFLICT:
                mine, theirs = side_by_side(change.mine, change.theirs)
                print(f"    her:    {one_line(marked(mine, '[-', '-]'))}")
                print(f"    pakken: {one_line(marked(theirs, '{+', '+}'))}")


def cmd_bundle_import(paths: DataPaths, args: argparse.Namespace) -> int:
    bundle = read_bundle(Path(args.file))
    with opened(paths, args) as context:
        plan = plan_import(context.store, bundle)
        conflicts = plan.conflicts
        if not args.dry_run and (args.choice or not conflicts):
            plan = apply_bundle(context.store, bundle, paths.backups, {c.id: args.choice for c in conflicts})
    _print_plan(plan)
    added = sum(1 for a in plan.agreements if a.state is ImportState.NEW)
    merged = sum(1 for a in plan.agreements if a.state is ImportState.MERGE)
    if args.dry_run:
        print(f"Prøvekørsel: intet er ændret ({added} ville blive tilføjet, {merged} flettet, "
              f"{len(conflicts)} {'konflikt' if len(conflicts) == 1 else 'konflikter'}).")
    elif conflicts and not args.choice:
        raise ExportUsageError(
            f"{len(conflicts)} {'felt er' if len(conflicts) == 1 else 'felter er'} ændret både her og i pakken. "
            "Vælg --mine (behold dine) eller --theirs (tag pakkens), eller importér i vinduet og vælg for hvert "
            "felt. Intet er ændret.")
    return 0


def cmd_bundle_history(paths: DataPaths, args: argparse.Namespace) -> int:
    with opened(paths, args) as context:
        if not exists(context.store, args.uuid):
            raise ExportUsageError(f"Aftalen findes ikke: {args.uuid}.")
        versions = lost_versions(context.store, args.uuid)
    for v in versions:
        restored = f" (hentet tilbage {format_date(v.restored_at[:10])})" if v.restored_at else ""
        print("\t".join((str(v.id), format_date(v.lost_at[:10]), one_line(f"{v.group} › {v.label}"),
                         one_line(v.source + restored), one_line(v.text))))
    if not versions:
        print("Ingen tabte versioner.")
    return 0


def cmd_bundle_restore(paths: DataPaths, args: argparse.Namespace) -> int:
    with opened(paths, args) as context:
        restore_version(context.store, args.version)
    print(f"Version {args.version} er hentet tilbage; den, den erstattede, er gemt i historikken.")
    return 0
