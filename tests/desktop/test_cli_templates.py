"""``python -m desktop templates`` and ``templates check FILE``, run as the user runs them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from storage.templates import load_registry
from tests.desktop.cli_runner import Cli


def _user_templates(data_dir: Path) -> Path:
    folder = data_dir / "skabeloner"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_templates_exits_1_when_a_file_fails_and_still_lists_the_good_ones(cli: Cli, data_dir: Path,
                                                                            third_template_path: Path) -> None:
    folder = _user_templates(data_dir)
    (folder / "odense.toml").write_text(third_template_path.read_text(encoding="utf-8"), encoding="utf-8")
    bad = folder / "stavefejl.toml"
    bad.write_text(third_template_path.read_text(encoding="utf-8").replace('id = "odense-kontrakt"', 'id = "x"')
                   .replace('label = "Enhed"', 'lable = "Enhed"'), encoding="utf-8")

    result = cli("templates", expect=1)

    listed = {line.split("\t")[0] for line in result.stdout.splitlines()}
    assert listed == {*load_registry().templates, "odense-kontrakt"}  # the built-in ones and the good file
    assert result.stderr.splitlines() == [
        f"Skabelonen '{bad}' kan ikke bruges: linje 11: metadatafelt 'unit': 'lable' kendes ikke – mente du 'label'?"]


def test_templates_exits_0_when_every_file_loads(cli: Cli) -> None:
    assert cli("templates").stderr == ""


def test_check_prints_the_outline_of_a_new_agreement(cli: Cli, third_template_path: Path) -> None:
    year = date.today().year

    result = cli("templates", "check", str(third_template_path))

    assert result.stdout.splitlines() == [
        "Skabelonen kan bruges: odense-kontrakt – Odense – Kontrakt (testskabelon)",
        f"En ny aftale for 'Enheden' {year} hedder \"Kontrakt for Enheden {year}\" og får denne disposition"
        " (med 2 indsatser af hver type):",
        "",
        "  1. Formål",
        "  2. Mål",
        "    2.1 Mål",
        "    2.2 Mål",
        "",
        "Indsatstyper:",
        "  maal (Mål): under afsnittet 2. Mål; numre 2.1, 2.2, …",
    ]
    assert result.stderr == ""


def test_check_of_the_built_in_template_shows_its_appendices(cli: Cli) -> None:
    path = Path(__file__).parent.parent.parent / "resources" / "templates" / "faaborg-midtfyn.toml"

    lines = cli("templates", "check", str(path)).stdout.splitlines()

    assert "  Bilag 2a Faglig indsats" in lines and "  Bilag 2b Faglig indsats" in lines
    assert "  faglig (Faglig indsats): i bilag efter afsnittene; numre Bilag 2a, Bilag 2b, …" in lines


def test_check_reports_every_problem_at_once(cli: Cli, tmp_path: Path, third_template_path: Path) -> None:
    text = (third_template_path.read_text(encoding="utf-8")
            .replace('label = "Enhed"', 'lable = "Enhed"')
            .replace('id = "year"', 'id = "år"')
            .replace('[[sections]]', '[[metadata]]\nid = "period_start"\nlabel = "Start"\ntype = "date"\n'
                                     'default = "2023-Q1"\n\n[[sections]]', 1))
    path = tmp_path / "fejl.toml"
    path.write_text(text, encoding="utf-8")

    result = cli("templates", "check", str(path), expect=1)

    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"Skabelonen '{path}' kan ikke bruges: 4 fejl:",
        "  linje 11: metadatafelt 'unit': 'lable' kendes ikke – mente du 'label'?",
        "  linje 15: metadatafelt 'år' (År): id'et 'år' kan ikke bruges: id'er må kun have a–z, A–Z, 0–9, _, - og ."
        " (ikke æ, ø, å eller mellemrum), fordi de bruges i filer og data; skriv fx 'aar' for 'år'",
        "  linje 28: metadatafelt 'period_start' (Start): standardværdien (default) \"2023-Q1\" kan ikke bruges: en"
        " dato skal skrives ÅÅÅÅ-MM-DD, fx \"2023-01-01\"",
        "  linje 10: metadatafelt 'unit' mangler 'label'",  # what the parser finds next, one at a time
    ]


def test_check_says_a_syntax_error_in_danish(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "syntaks.toml"
    path.write_text('id = "x"\nname = Odense\n', encoding="utf-8")

    result = cli("templates", "check", str(path), expect=1)

    assert result.stderr.splitlines() == [
        f"Skabelonen '{path}' kan ikke bruges: filen er ikke gyldig TOML (ugyldig værdi; linje 2, kolonne 8)"]


def test_check_of_a_missing_file(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "findes-ikke.toml"

    result = cli("templates", "check", str(path), expect=1)

    assert result.stderr.startswith(f"Skabelonen '{path}' kan ikke bruges: filen kunne ikke læses")


def test_check_reports_every_broken_reference_at_once(cli: Cli, tmp_path: Path, third_template_path: Path) -> None:
    text = (third_template_path.read_text(encoding="utf-8")
            .replace('placement = "section:2"', 'placement = "section:9"')
            .replace('title_field = "title"', 'title_field = "navn"')
            + '\n[export]\nsignatures = "section:7"\n')
    path = tmp_path / "henvisninger.toml"
    path.write_text(text, encoding="utf-8")

    result = cli("templates", "check", str(path), expect=1)

    problems = result.stderr.splitlines()
    assert problems[0] == f"Skabelonen '{path}' kan ikke bruges: 3 fejl:"
    expected = ["indsatstypen 'maal' placeres i afsnittet '9', som ikke findes",
                "indsatstypen 'maal': titelfeltet 'navn' findes ikke",
                "[export]: underskrifterne placeres i afsnittet '7', som ikke findes"]
    assert len(problems) == 1 + len(expected)
    assert all(line.strip().endswith(message) for line, message in zip(problems[1:], expected, strict=True))
