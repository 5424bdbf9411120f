"""The command line, run as the user runs it: ``python -m desktop --data-dir DIR …`` in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.desktop.cli_runner import Cli, cli_env
from tests.fingerprints import sha256_of


def _new(cli: Cli, template: str = "faaborg-midtfyn", unit: str = "IT-staben", year: int = 2008) -> str:
    out = cli("new", "--template", template, "--unit", unit, "--year", str(year)).stdout.strip()
    return str(uuid.UUID(out))


def test_help_is_danish(cli: Cli) -> None:
    result = cli("--help")
    assert result.stdout.startswith("brug: ")
    for text in ("tilvalg:", "kommandoer:", "--data-dir MAPPE", "--read-only", "--demo", "vis denne hjælp",
                 "templates", "list", "new", "show", "demo", "Uden kommando startes vinduet."):
        assert text in result.stdout
    assert result.stderr == ""
    assert "brug: " in cli("new", "--help").stdout


def test_help_needs_no_qt() -> None:
    code = (
        "import sys\n"
        "from desktop.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit as exit_:\n    assert exit_.code == 0\n"
        "print([m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui')])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8",
                            env=cli_env(), timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_usage_errors_are_danish(cli: Cli) -> None:
    result = cli("new", "--unit", "IT-staben", expect=2)
    assert "fejl: 'new' kræver --template, --year (eller --from UUID)" in result.stderr
    assert "er ikke et helt tal" in cli("list", "--year", "otte", expect=2).stderr
    assert "ukendt valg 'slet'" in cli("slet", expect=2).stderr


def test_templates_lists_built_ins_third_and_reports_broken(cli: Cli, data_dir: Path,
                                                           third_template_path: Path) -> None:
    folder = data_dir / "skabeloner"
    folder.mkdir(parents=True)
    third = folder / "odense.toml"
    third.write_text(third_template_path.read_text(encoding="utf-8"), encoding="utf-8")
    broken = folder / "ødelagt.toml"
    broken.write_text("id = \"ødelagt\"\nname = [", encoding="utf-8")

    result = cli("templates", expect=1)  # a file that cannot be used: status 1, the good ones listed

    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert all(len(row) == 3 for row in rows)
    by_id = {row[0]: row for row in rows}
    assert set(by_id) == {"faaborg-midtfyn", "skanderborg-udviklingsaftale", "toender-styringsaftale",
                          "randers-aftale", "odder-lederaftale", "odense-kontrakt"}
    assert by_id["faaborg-midtfyn"][1] == "Faaborg-Midtfyn Kommune – Dialogbaseret aftalestyring"
    assert by_id["odense-kontrakt"][2] == str(third)
    errors = result.stderr.splitlines()
    assert len(errors) == 1, errors  # the broken file, once; the good ones load
    assert errors[0].startswith(f"Skabelonen '{broken}' kan ikke bruges: filen er ikke gyldig TOML"), errors


def test_new_list_show(cli: Cli) -> None:
    first = _new(cli)
    second = _new(cli, template="skanderborg-udviklingsaftale", unit="Ældre og Handicap", year=2016)

    rows = [line.split("\t") for line in cli("list").stdout.splitlines()]
    assert rows == [
        [second, "Ældre og Handicap", "2016", "Udviklingsaftale 2016 for Ældre og Handicap",
         "skanderborg-udviklingsaftale"],
        [first, "IT-staben", "2008", "IT-staben. Aftale 2008", "faaborg-midtfyn"],
    ]
    assert cli("list", "--year", "2008").stdout.split("\t")[0] == first
    assert cli("list", "--unit", "ældre").stdout.split("\t")[0] == second
    assert cli("list", "--year", "1999").stdout == ""

    document = json.loads(cli("show", first, "--json").stdout)
    agreement = document["agreement"]
    assert (agreement["uuid"], agreement["unit"], agreement["year"]) == (first, "IT-staben", 2008)
    assert [s["key"] for s in agreement["sections"]] == ["1.0", "2.0", "3.0", "4.0", "5.0", "6.0"]
    assert [c["key"] for c in agreement["sections"][0]["children"]] == ["1.1", "1.2"]
    assert agreement["goals"] == []

    summary = cli("show", first).stdout.splitlines()
    assert summary[0] == "IT-staben. Aftale 2008"
    assert "1.0 Indledning" in summary and "  6.1 Driftsbudget for aftaleholderen" in summary


def test_new_from_copies_to_next_year(cli: Cli) -> None:
    source = _new(cli)
    copy = cli("new", "--from", source).stdout.strip()
    agreement = json.loads(cli("show", copy, "--json").stdout)["agreement"]
    assert (agreement["year"], agreement["derived_from"], agreement["title"]) == (2009, source,
                                                                                  "IT-staben. Aftale 2009")
    assert agreement["fields"]["period_start"] == "2009-01-01"
    same = cli("new", "--template", "ignoreres", "--unit", "IT-staben", "--year", "2009", "--from", source)
    assert uuid.UUID(same.stdout.strip())
    wrong_year = cli("new", "--from", source, "--year", "2012", expect=1)
    assert "bliver aftalen for 2009, ikke 2012" in wrong_year.stderr


def test_new_with_a_user_template(cli: Cli, data_dir: Path, third_template_path: Path) -> None:
    folder = data_dir / "skabeloner"
    folder.mkdir(parents=True)
    (folder / "odense.toml").write_text(third_template_path.read_text(encoding="utf-8"), encoding="utf-8")
    created = _new(cli, template="odense-kontrakt", unit="Borgerservice", year=2024)
    agreement = json.loads(cli("show", created, "--json").stdout)["agreement"]
    assert agreement["title"] == "Kontrakt for Borgerservice 2024"
    assert agreement["template"]["id"] == "odense-kontrakt"


def test_errors_are_danish_with_status_1(cli: Cli) -> None:
    unknown_template = cli("new", "--template", "odense", "--unit", "X", "--year", "2020", expect=1)
    assert unknown_template.stderr.startswith("Skabelonen 'odense' findes ikke (kendte skabeloner: ")
    missing = "00000000-0000-0000-0000-000000000000"
    assert cli("show", missing, expect=1).stderr.strip() == f"Aftalen {missing} findes ikke."
    assert "findes ikke" in cli("new", "--from", missing, expect=1).stderr


@pytest.mark.parametrize("content", [b"Dette er ikke en database\n", b"SQLite format 3\x00" + b"\xff" * 4000])
def test_bad_db_file_is_refused_and_unchanged(cli: Cli, tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "andet.sqlite"
    bad.write_bytes(content)
    digest = sha256_of(bad)
    for command in (["list"], ["new", "--template", "faaborg-midtfyn", "--unit", "X", "--year", "2020"]):
        result = cli("--db", str(bad), *command, expect=1)
        assert result.stderr.startswith(f"Filen '{bad}' ")
        assert "Filen er ikke ændret." in result.stderr
        assert result.stdout == ""
    assert sha256_of(bad) == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["andet.sqlite"]


def test_read_only_refuses_changes(cli: Cli) -> None:
    first = _new(cli)
    result = cli("--read-only", "new", "--template", "faaborg-midtfyn", "--unit", "HR", "--year", "2008", expect=1)
    assert result.stderr.strip() == "Aftalerne er åbnet skrivebeskyttet; ændringen er ikke gemt."
    assert cli("--read-only", "list").stdout.split("\t")[0] == first


def test_demo_command_adds_the_it_staben_agreement(cli: Cli) -> None:
    demo = cli("demo").stdout.strip()
    agreement = json.loads(cli("show", demo, "--json").stdout)["agreement"]
    assert (agreement["unit"], agreement["year"]) == ("IT-staben", 2008)
    assert [s["key"] for s in agreement["sections"]] == ["1.0", "2.0", "3.0", "4.0", "5.0", "6.0"]
    # The 2008 agreement has Bilag 1, 2a–2e, 3a–3c and 4a–4b: eleven goals.
    assert [g["number"] for g in agreement["goals"]] == [
        "Bilag 1", "Bilag 2a", "Bilag 2b", "Bilag 2c", "Bilag 2d", "Bilag 2e",
        "Bilag 3a", "Bilag 3b", "Bilag 3c", "Bilag 4a", "Bilag 4b",
    ]
    assert agreement["goals"][1]["fields"]["title"] == "Helpdesk"
    summary = cli("show", demo).stdout
    assert "Bilag 2a Faglig indsats – Helpdesk" in summary


def test_demo_option_uses_its_own_store(cli: Cli, data_dir: Path) -> None:
    _new(cli, unit="Skolen")
    first = cli("--demo", "list").stdout.splitlines()
    assert len(first) == 1 and first[0].split("\t")[1] == "IT-staben"
    assert cli("--demo", "list").stdout.splitlines() == first
    assert (data_dir / "demo.sqlite").is_file()
    assert cli("list").stdout.split("\t")[1] == "Skolen"
    assert "kan ikke bruges sammen" in cli("--demo", "--db", str(data_dir / "x.sqlite"), "list", expect=2).stderr
