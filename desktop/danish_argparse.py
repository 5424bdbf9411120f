"""argparse with Danish help and error texts (argparse's own texts are English)."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NoReturn

#: argparse's English error messages and their Danish form (Python 3.11–3.13 wording); patterns as text,
#: compiled when a usage error is said, not at every start.
ERROR_TRANSLATIONS: tuple[tuple[str, str], ...] = (
    (r"^the following arguments are required: (.*)$", r"disse argumenter mangler: \1"),
    (r"^unrecognized arguments: (.*)$", r"ukendte argumenter: \1"),
    (r"^argument (.*?): invalid int value: (.*)$", r"argument \1: \2 er ikke et helt tal"),
    (r"^argument (.*?): invalid choice: (.*?) \(choose from (.*)\)$",
     r"argument \1: ukendt valg \2 (vælg mellem \3)"),
    (r"^argument (.*?): expected one argument$", r"argument \1: mangler en værdi"),
    (r"^argument (.*?): not allowed with argument (.*)$", r"argument \1: kan ikke bruges sammen med \2"),
    (r"^argument (.*?): ignored explicit argument (.*)$", r"argument \1: tager ingen værdi (fik \2)"),
)


def translate_error(message: str) -> str:
    for pattern, danish in ERROR_TRANSLATIONS:
        if re.match(pattern, message):
            return re.sub(pattern, danish, message)
    return message


class DanishHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup], prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "brug: " if prefix is None else prefix)


class DanishArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose help, headings and errors are Danish; sub-parsers inherit it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", DanishHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumenter"
        self._optionals.title = "tilvalg"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="vis denne hjælp og afslut")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fejl: {translate_error(message)}\n")


class LazyVersionAction(argparse.Action):
    """``--version``: prints ``text()`` and exits; the text is made only when asked for (looking the
    version up costs time every start would otherwise pay)."""

    def __init__(self, option_strings: Sequence[str], dest: str, text: Callable[[], str],
                 help: str | None = None) -> None:
        super().__init__(option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, nargs=0, help=help)
        self.text = text

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        print(self.text())  # on stdout, as argparse's own version action does
        parser.exit()
