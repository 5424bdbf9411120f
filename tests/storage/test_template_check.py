"""Checking a template file: unknown keys, kinds of value, ids, defaults and syntax, through the real loader."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage import snapshots
from storage.agreements import create_agreement, load_agreement, template_of
from storage.database import Store
from storage.template_check import check_template
from storage.template_keys import TEMPLATE_KEYS
from storage.templates import TemplateError, load_registry, parse_template

UNIT_BLOCK = 'id = "unit"\nlabel = "Enhed"\ntype = "line"\n'


def _odense(third_template_path: Path) -> str:
    return third_template_path.read_text(encoding="utf-8")


def _line_of(text: str, snippet: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if snippet in line)


def test_a_misspelt_key_is_refused_with_file_line_table_key_and_a_hint(tmp_path: Path,
                                                                       third_template_path: Path) -> None:
    text = _odense(third_template_path).replace(UNIT_BLOCK, 'id = "unit"\nlable = "Enhed"\ntype = "line"\n', 1)
    folder = tmp_path / "skabeloner"
    folder.mkdir()
    (folder / "odense.toml").write_text(text, encoding="utf-8")

    registry = load_registry([folder])

    assert set(registry.templates) == set(load_registry().templates)  # the built-in ones still load
    assert [str(e) for e in registry.errors] == [
        f"Skabelonen '{folder / 'odense.toml'}' kan ikke bruges: linje {_line_of(text, 'lable')}: "
        "metadatafelt 'unit': 'lable' kendes ikke – mente du 'label'?"]


def test_a_key_without_a_near_miss_lists_what_may_stand_there(third_template_path: Path) -> None:
    text = _odense(third_template_path).replace('title = "Formål"', 'title = "Formål"\nweight = 100', 1)

    with pytest.raises(TemplateError) as caught:
        parse_template(text, "odense.toml")

    assert str(caught.value) == (
        f"Skabelonen 'odense.toml' kan ikke bruges: linje {_line_of(text, 'weight')}: afsnittet '1' (Formål): 'weight'"
        f" kendes ikke (her kan stå: {', '.join(TEMPLATE_KEYS['section'])})")


def test_every_problem_is_reported_at_once_in_the_order_of_the_file(third_template_path: Path) -> None:
    text = (_odense(third_template_path)
            .replace('name = "Odense', 'navn = "Odense', 1)
            .replace('{ id = "effect", label = "Effekt", type = "text" }',
                     '{ id = "effekt", lable = "Effekt", type = "tekst" }', 1)
            .replace('number = "2."', 'number = 2', 1)
            .replace('[[goal_kinds]]', '[[status_scale]]\nkey = "grøn"\nname = "Grøn"\ncolour = "#00ff00"\n'
                                       'symbol = "G"\n\n[[goal_kinds]]', 1))

    template, problems = check_template(text, "odense.toml")

    assert template is None
    assert [(p.line, p.key, p.message) for p in problems] == [
        (_line_of(text, "navn ="), "navn", "skabelonen: 'navn' kendes ikke – mente du 'name'?"),
        (_line_of(text, "number = 2"), "number", "afsnittet '2' (Mål): 'number' skal være tekst"),
        (_line_of(text, 'key = "grøn"'), "key",
         "statusskalaens trin 'grøn': id'et 'grøn' kan ikke bruges: id'er må kun have a–z, A–Z, 0–9, _, - og ."
         " (ikke æ, ø, å eller mellemrum), fordi de bruges i filer og data; skriv fx 'groen' for 'grøn'"),
        (_line_of(text, "lable"), "lable", "indsatstypen 'maal', feltet 'effekt': 'lable' kendes ikke – mente du"
                                           " 'label'?"),
        (_line_of(text, "tekst"), "type", "indsatstypen 'maal', feltet 'effekt': ukendt felttype 'tekst' (kendte"
                                          f" typer: {problems[4].message.split('typer: ')[1].split(')')[0]})"
                                          " – mente du 'text'?"),
    ]
    assert "line, text, number" in problems[4].message


def test_an_id_with_danish_letters_is_refused_saying_why(third_template_path: Path) -> None:
    text = _odense(third_template_path).replace('id = "effect", label = "Effekt"', 'id = "økonomi", label = "Effekt"')

    with pytest.raises(TemplateError) as caught:
        parse_template(text, "odense.toml")

    assert str(caught.value) == (
        f"Skabelonen 'odense.toml' kan ikke bruges: linje {_line_of(text, 'økonomi')}: indsatstypen 'maal', feltet"
        " 'økonomi' (Effekt): id'et 'økonomi' kan ikke bruges: id'er må kun have a–z, A–Z, 0–9, _, - og . (ikke"
        " æ, ø, å eller mellemrum), fordi de bruges i filer og data; skriv fx 'oekonomi' for 'økonomi'")


@pytest.mark.parametrize("default", ['"2023-Q1"', '"1. kvt. 2023"', '"2023-02-30"'])
def test_a_date_default_that_is_no_date_is_refused(third_template_path: Path, default: str) -> None:
    text = _odense(third_template_path).replace(
        "[[sections]]", f'[[metadata]]\nid = "period_start"\nlabel = "Periodens start"\ntype = "date"\n'
                        f"default = {default}\n\n[[sections]]", 1)

    template, problems = check_template(text, "odense.toml")

    assert template is None
    assert [p.text for p in problems] == [
        f"linje {_line_of(text, 'default = ')}: metadatafelt 'period_start' (Periodens start): standardværdien"
        f' (default) {default} kan ikke bruges: en dato skal skrives ÅÅÅÅ-MM-DD, fx "2023-01-01"']


def test_a_date_default_written_right_loads(third_template_path: Path) -> None:
    text = _odense(third_template_path).replace(
        "[[sections]]", '[[metadata]]\nid = "approval_date"\nlabel = "Godkendt"\ntype = "date"\n'
                        'default = "2023-01-31"\n\n[[sections]]', 1)

    assert check_template(text, "odense.toml")[1] == []


@pytest.mark.parametrize(("text", "problem"), [
    ('id = "x"\nname = Odense\n', "filen er ikke gyldig TOML (ugyldig værdi; linje 2, kolonne 8)"),
    ('id = "x"\nøkonomi = 1\n', "filen er ikke gyldig TOML (ugyldig linje; linje 2, kolonne 1)"),
    ('id = "x"\nagreement kind = "Aftale"\n', "filen er ikke gyldig TOML (efter en nøgle mangler '=' (en nøgle med æ,"
                                            " ø, å eller mellemrum skal stå i anførselstegn); linje 2, kolonne 11)"),
    ('id = "x"\n[export\n', "filen er ikke gyldig TOML (en tabels navn er ikke afsluttet med ] eller ]]; linje 2,"
                            " kolonne 8)"),
    ('id = "C:\\mappe"\n', "filen er ikke gyldig TOML (en \\ i en tekst skal skrives \\\\ (eller brug enkelte"
                           " anførselstegn); linje 1, kolonne 11)"),
])
def test_a_toml_syntax_error_is_said_in_danish_with_line_and_column(text: str, problem: str) -> None:
    template, problems = check_template(text, "x.toml")

    assert template is None
    assert [p.text for p in problems] == [problem]
    assert "line" not in problem and "Invalid" not in problem


def test_a_semantic_problem_names_its_line(third_template_path: Path) -> None:
    text = _odense(third_template_path).replace('placement = "section:2"', 'placement = "section:9"', 1)

    with pytest.raises(TemplateError) as caught:
        parse_template(text, "odense.toml")

    line = _line_of(text, 'id = "maal"')
    assert str(caught.value) == (f"Skabelonen 'odense.toml' kan ikke bruges: linje {line}:"
                                 " indsatstypen 'maal' placeres i afsnittet '9', som ikke findes")


def test_key_problems_and_the_first_semantic_problem_come_together(third_template_path: Path) -> None:
    text = (_odense(third_template_path).replace('placement = "section:2"', 'placement = "section:9"', 1)
            .replace('title = "Formål"', 'titel = "Formål"\ntitle = "Formål"', 1))

    template, problems = check_template(text, "odense.toml")

    assert template is None
    assert [p.message for p in problems] == [
        "afsnittet '1' (Formål): 'titel' kendes ikke – mente du 'title'?",
        "indsatstypen 'maal' placeres i afsnittet '9', som ikke findes"]


def test_the_built_in_templates_and_the_test_templates_pass_the_check() -> None:
    tests = Path(__file__).parent.parent / "data"
    folder = Path(__file__).parent.parent.parent / "resources" / "templates"
    for path in [*folder.glob("*.toml"), *tests.glob("*.toml")]:
        assert check_template(path.read_text(encoding="utf-8"), str(path))[1] == [], path


def test_a_stored_template_with_a_key_unknown_here_still_opens(store: Store, third_template_path: Path) -> None:
    """An agreement made when unknown keys were passed over keeps opening: its snapshot is not checked again."""
    text = _odense(third_template_path)
    uuid = create_agreement(store, parse_template(text, "odense.toml"), "IT-staben", 2008)
    old_text = text.replace('title = "Formål"', 'title = "Formål"\nlable = "x"', 1)
    with store.write() as conn:
        conn.execute("UPDATE template_snapshots SET source = ?", (old_text,))
    snapshots._parse_cached.cache_clear()

    agreement = load_agreement(store, uuid)

    assert template_of(store, agreement).section("1") is not None
