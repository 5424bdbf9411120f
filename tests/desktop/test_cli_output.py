"""What the command line writes is safe for a terminal and never fails, whatever a user pasted; its
messages are Danish, also when SQLite or the file system fail.

Text with control characters and lone surrogates goes in through the store functions (as the window
would store it); the commands run as the user runs them, in a subprocess.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from desktop import cli as cli_module
from desktop import cli_agreements
from desktop.paths import data_paths
from storage import edits
from storage.agreements import create_agreement
from storage.database import open_store
from storage.template_model import Template
from tests.desktop.cli_runner import Cli

# What a terminal must never get: C0 (tab and newline separate fields and lines), DEL, C1, surrogates.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
ENGLISH = re.compile(r"Error|Exception|errno|Could not|decode|column|Not a directory|Permission|No such")
PASTED = "IT\x00-sta\x1b[31mben\x7f\x9b2J"  # NUL, an ESC colour sequence, DEL and C1's CSI
SHOWN = "IT\ufffd-sta\ufffd[31mben\ufffd\ufffd2J"


def stored(data_dir: Path, faaborg: Template, unit: str = "IT-staben", place: str | None = None,
           goal_title: str | None = None) -> str:
    """An agreement put in the data folder's store as the window would store it."""
    data_dir.mkdir(parents=True, exist_ok=True)
    store = open_store(data_paths(data_dir).store)
    try:
        uuid = create_agreement(store, faaborg, unit, 2008)
        if place is not None:
            edits.set_value(store, uuid, uuid, "place", place)
        if goal_title is not None:
            edits.add_goal(store, uuid, "faglig", values={"title": goal_title})
        return uuid
    finally:
        store.close()


def test_list_shows_control_characters_as_replacement_characters(cli: Cli, data_dir: Path,
                                                                faaborg: Template) -> None:
    first = stored(data_dir, faaborg, unit=PASTED)
    second = stored(data_dir, faaborg, unit="Linje\tet\nlinje\u2028to\rslut")
    out = cli("list").stdout
    assert not UNSAFE.search(out), repr(out)
    rows = sorted(line.split("\t") for line in out.splitlines())
    assert rows == sorted([
        [first, SHOWN, "2008", f"{SHOWN}. Aftale 2008", "faaborg-midtfyn"],
        [second, "Linje et linje to slut", "2008", "Linje et linje to slut. Aftale 2008", "faaborg-midtfyn"],
    ])


def test_show_replaces_control_characters_and_lone_surrogates(cli: Cli, data_dir: Path, faaborg: Template) -> None:
    uuid = stored(data_dir, faaborg, unit=PASTED, goal_title="Helpdesk\x1b]0;kapret\x07\ud800 slut")
    result = cli("show", uuid)
    assert not UNSAFE.search(result.stdout), repr(result.stdout)
    lines = result.stdout.splitlines()
    assert lines[0] == f"{SHOWN}. Aftale 2008"
    assert lines[1].startswith(f"Aftaleholder: {SHOWN} · År: 2008 · ")
    assert "Bilag 2a Faglig indsats – Helpdesk\ufffd]0;kapret\ufffd\ufffd slut" in [line.strip() for line in lines]


def test_show_json_escapes_what_a_terminal_must_not_get_and_keeps_the_value(
        cli: Cli, data_dir: Path, faaborg: Template) -> None:
    place = "Ringe\ud800\x1b[2J\x9b\x7f\u2028\x00"
    uuid = stored(data_dir, faaborg, unit=PASTED, place=place, goal_title="\udfff")
    result = cli("show", uuid, "--json")
    assert not UNSAFE.search(result.stdout), repr(result.stdout)
    agreement = json.loads(result.stdout)["agreement"]  # valid JSON, and nothing lost:
    assert agreement["fields"]["place"] == place
    assert agreement["unit"] == PASTED
    assert agreement["goals"][0]["fields"]["title"] == "\udfff"
    assert "Ringe\\ud800\\u001b[2J\\u009b\\u007f\\u2028\\u0000" in result.stdout


def test_templates_shows_a_template_name_with_an_escape_sequence_safely(
        cli: Cli, data_dir: Path, third_template_path: Path) -> None:
    folder = data_dir / "skabeloner"
    folder.mkdir(parents=True)
    text = third_template_path.read_text(encoding="utf-8")
    assert 'name = "Odense – Kontrakt (testskabelon)"' in text
    (folder / "odense.toml").write_text(text.replace('name = "Odense – Kontrakt (testskabelon)"',
                                                     'name = "Odense\\u001b[2J\\u009b – Kontrakt"', 1),
                                        encoding="utf-8")
    out = cli("templates").stdout
    assert not UNSAFE.search(out), repr(out)
    assert "odense-kontrakt\tOdense\ufffd[2J\ufffd – Kontrakt\t" in out


# --- messages: Danish reasons, never SQLite's or the file system's English -------------------------

def test_a_damaged_text_in_the_store_is_reported_in_danish(cli: Cli, data_dir: Path, faaborg: Template) -> None:
    uuid = stored(data_dir, faaborg)
    with sqlite3.connect(data_paths(data_dir).store) as conn:  # bytes that are not UTF-8, as a flipped byte leaves
        conn.execute("UPDATE agreements SET unit = CAST(x'49542dff' AS TEXT) WHERE uuid = ?", (uuid,))
    conn.close()
    result = cli("list", expect=1)
    assert result.stdout == ""
    message = result.stderr.strip()
    assert message and "\n" not in message, result.stderr
    assert not ENGLISH.search(message), message
    assert "database" in message.lower(), message


@pytest.mark.parametrize("error, message", [
    (sqlite3.OperationalError("database is locked"), "Databasefejl: databasen er låst af et andet program."),
    (PermissionError(13, "Permission denied", "/et/sted/aftaler.sqlite"),
     "Filen '/et/sted/aftaler.sqlite' kunne ikke bruges: der er ikke adgang til at skrive filen"
     " (er den åben i et andet program?)."),
    (OSError(28, "No space left on device"), "Filen kunne ikke bruges: der er ikke plads på disken."),
])
def test_sqlite_and_file_system_errors_end_a_command_with_a_danish_reason(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path,
        error: Exception, message: str) -> None:
    def fail(*args: object) -> int:
        raise error

    monkeypatch.setattr(cli_agreements, "cmd_list", fail)  # the handler "list" runs
    assert cli_module.main(["--data-dir", str(tmp_path), "list"]) == 1
    assert capsys.readouterr().err == message + "\n"


def test_an_export_folder_that_cannot_be_made_is_reported_in_danish(cli: Cli, tmp_path: Path) -> None:
    demo = cli("demo").stdout.strip()
    blocker = tmp_path / "en fil"
    blocker.write_text("ikke en mappe", encoding="utf-8")
    result = cli("export", "docx", demo, "--out", str(blocker / "ud"), expect=1)
    assert result.stdout == ""
    assert result.stderr.startswith("0 aftaler skrevet.\n1 kunne ikke skrives:\n"
                                    f"  • IT-staben. Aftale 2008: Filen '{blocker / 'ud'}"), result.stderr
    assert not ENGLISH.search(result.stderr), result.stderr


def test_an_unexpected_error_ends_with_a_danish_message_not_a_traceback(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A bug in a command (here: listing raises a KeyError) still ends in Danish, with exit status 1."""
    from storage import agreements

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("uuid")

    monkeypatch.delenv(cli_module.DEBUG_ENV, raising=False)
    monkeypatch.setattr(agreements, "list_agreements", broken)
    assert cli_module.main(["--data-dir", str(data_dir), "list"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Kommandoen stoppede på grund af en uventet fejl. Hver ændring gemmes for sig")
    assert "KeyError" not in err and "Traceback" not in err
    monkeypatch.setenv(cli_module.DEBUG_ENV, "1")
    assert cli_module.main(["--data-dir", str(data_dir), "list"]) == 1
    assert "KeyError" in capsys.readouterr().err  # the details for IT support, when asked for


def test_a_store_on_a_read_only_drive_points_to_read_only(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    """Writing is impossible there, reading is not: the message says how to read."""
    from tests.faults import small_filesystem
    from tests.storage.test_damage import read_only_mount

    with small_filesystem(tmp_path / "drev") as drive:
        cli("--data-dir", str(drive), "new", "--template", "faaborg-midtfyn", "--unit", "IT-staben", "--year", "2008",
            data=False)
        with read_only_mount(drive):
            refused = cli("--data-dir", str(drive), "list", data=False, expect=1)
            assert "drevet er skrivebeskyttet" in refused.stderr
            assert refused.stderr.rstrip().endswith("Brug --read-only for at læse aftalerne.")
            listed = cli("--data-dir", str(drive), "--read-only", "list", data=False)
            assert "IT-staben" in listed.stdout
