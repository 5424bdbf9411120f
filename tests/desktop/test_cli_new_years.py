"""``new --from UUID`` as the user runs it: the copy says how many of last year's years it left as they
were, and ``--move-years`` moves them all on, as the window's copy does with every mention ticked."""

from __future__ import annotations

import json
import re
import uuid

from tests.desktop.cli_runner import Cli


def texts(cli: Cli, agreement: str) -> str:
    """Everything the agreement holds, as the canonical JSON (one string to search)."""
    shown = cli("show", agreement, "--json").stdout
    return json.dumps(json.loads(shown)["agreement"], ensure_ascii=False)


def copied(cli: Cli, *options: str) -> tuple[str, str, str]:
    """A demo agreement copied to next year: (the copy's uuid, its texts, what was said on stderr)."""
    source = cli("demo").stdout.strip()
    result = cli("new", "--from", source, *options)
    copy = result.stdout.strip()
    assert str(uuid.UUID(copy)) == copy  # stdout holds the uuid only, for scripts
    return copy, texts(cli, copy), result.stderr


def test_without_move_years_the_years_stay_and_the_copy_says_how_many(cli: Cli) -> None:
    copy, written, said = copied(cli)
    assert json.loads(cli("show", copy, "--json").stdout)["agreement"]["year"] == 2009
    assert "Politiske indsatsområder 2008" in written and "inden udgangen af andet kvartal 2008" in written
    found = re.search(r"Bemærk: kopien nævner stadig 2008 eller 2007 (\d+) steder, fx »[^«]*2008[^«]*«", said)
    assert found is not None, said
    assert int(found.group(1)) > 30  # the demo names 2008 and 2007 all over
    assert "vinduet markerer, hvor teksten nævner 2008" in said and "Med --move-years" in said


def test_move_years_moves_every_mention_one_year_on(cli: Cli) -> None:
    _, left, said_before = copied(cli)
    _, moved, said = copied(cli, "--move-years")
    assert "Politiske indsatsområder 2009" in moved and "inden udgangen af andet kvartal 2009" in moved
    assert "i forhold til niveauet i 2008" in moved  # the year before moves on as well
    assert "15/4-09" in moved and "15/4-08" in left  # a date with a two-digit year
    assert "Politiske indsatsområder 2008" not in moved
    count = re.search(r"(\d+) årstal i teksterne er flyttet ét år frem \(2008 → 2009, 2007 → 2008, 08 → 09\)\.", said)
    assert count is not None, said
    assert f"stadig 2008 eller 2007 {count.group(1)} steder" in said_before  # each one left before is moved now
    assert "Bemærk" not in said


def test_move_years_needs_a_copy(cli: Cli) -> None:
    result = cli("new", "--template", "faaborg-midtfyn", "--unit", "IT-staben", "--year", "2008", "--move-years",
                 expect=2)
    assert "--move-years kræver --from UUID" in result.stderr
    assert cli("list").stdout == ""


def test_a_copy_with_no_year_in_its_texts_says_nothing(cli: Cli) -> None:
    source = cli("new", "--template", "faaborg-midtfyn", "--unit", "IT-staben", "--year", "2008").stdout.strip()
    result = cli("new", "--from", source)
    assert result.stderr == ""
