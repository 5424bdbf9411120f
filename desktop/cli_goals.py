"""``goal add AGREEMENT --kind ID`` and ``goal delete GOAL``: what the window's Rediger menu does to goals.

Both call :mod:`storage.goal_rules`, as the window's undo commands do: a new goal starts with its fields'
defaults, and a one-form agreement's goal (``single = true``) is neither added again nor deleted.
"""

from __future__ import annotations

import argparse
from typing import Any

from desktop.context import opened
from desktop.paths import DataPaths
from storage import agreements, goal_rules
from storage.errors import NotFoundError


def add_goal_parser(commands: Any) -> None:
    goal = commands.add_parser("goal", help="tilføj eller slet en indsats",
                               description="Tilføj en indsats til en aftale, eller slet en indsats.")
    actions = goal.add_subparsers(title="handlinger", metavar="HANDLING", dest="goal_action", required=True)
    add = actions.add_parser("add", help="tilføj en indsats og skriv dens uuid",
                             description="Tilføj en indsats sidst blandt aftalens indsatser af typen; felterne"
                                         " får skabelonens standardværdier.")
    add.add_argument("agreement", metavar="AFTALE", help="aftalens uuid (se 'list')")
    add.add_argument("--kind", required=True, metavar="ID", help="indsatstypens id, fx faglig")
    add.set_defaults(handler=cmd_goal_add)
    delete = actions.add_parser("delete", help="slet en indsats",
                                description="Slet en indsats (den gemmes som slettet og kan hentes tilbage"
                                            " i vinduet med Fortryd, mens det er åbent).")
    delete.add_argument("goal", metavar="INDSATS", help="indsatsens uuid (se 'show --json')")
    delete.set_defaults(handler=cmd_goal_delete)


def cmd_goal_add(paths: DataPaths, args: argparse.Namespace) -> int:
    with opened(paths, args) as context:
        agreement = agreements.load_agreement(context.store, args.agreement)
        template = agreements.template_of(context.store, agreement)
        print(goal_rules.add_goal(context.store, template, agreement.uuid, args.kind))
    return 0


def cmd_goal_delete(paths: DataPaths, args: argparse.Namespace) -> int:
    with opened(paths, args) as context:
        found = context.store.query("SELECT agreement_uuid FROM goals WHERE uuid = ? AND deleted = 0", (args.goal,))
        if not found:
            raise NotFoundError(f"Indsatsen {args.goal} findes ikke.")
        agreement = agreements.load_agreement(context.store, found[0][0])
        template = agreements.template_of(context.store, agreement)
        goal_rules.set_goal_deleted(context.store, template, args.goal, True)
    return 0
