"""``python -m desktop FILE.aftale``: a bundle as the only positional argument is for the window's
import preview; every other command line is parsed as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli import build_parser, split_bundle_argument, window_defaults


@pytest.mark.parametrize(("argv", "rest", "bundle"), [
    (["pakke.aftale"], [], "pakke.aftale"),
    (["--demo", "Mette/IT-staben 2008.AFTALE"], ["--demo"], "Mette/IT-staben 2008.AFTALE"),
    (["--data-dir", "d", "--read-only", "x.aftale"], ["--data-dir", "d", "--read-only"], "x.aftale"),
    (["x.aftale", "--db", "a.sqlite"], ["--db", "a.sqlite"], "x.aftale"),
])
def test_a_bundle_alone_is_taken_out_for_the_window(argv: list[str], rest: list[str], bundle: str) -> None:
    assert split_bundle_argument(argv) == (rest, Path(bundle))
    args = build_parser().parse_args(rest)
    assert args.command is None  # the window starts


@pytest.mark.parametrize("argv", [
    ["bundle", "import", "x.aftale"],
    ["bundle", "import", "x.aftale", "--dry-run"],
    ["--db", "x.aftale"],
    ["--data-dir", "x.aftale", "list"],
    ["list"],
    ["aftale.docx"],
    [],
])
def test_other_command_lines_are_left_to_the_parser(argv: list[str]) -> None:
    assert split_bundle_argument(argv) == (argv, None)


@pytest.mark.parametrize("with_commands", [False, True])
def test_no_arguments_mean_what_the_parser_makes_of_none(with_commands: bool) -> None:
    """A start from the program's icon skips building the parser; it must come to the same options."""
    assert vars(window_defaults()) == vars(build_parser(with_commands=with_commands).parse_args([]))
