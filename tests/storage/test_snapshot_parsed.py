"""A stored template keeps its parsed form beside its text, so that opening an agreement needs no TOML
parser; the form must give the very template the text gives, and the text decides whenever the form
is missing, damaged or not made from it."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from storage.agreements import create_agreement, load_agreement, template_of
from storage.database import Store, open_store
from storage.errors import StoreError
from storage.migrations import run_migrations
from storage.snapshots import snapshot_template
from storage.template_model import Template
from storage.templates import TemplateRegistry, parse_template, parsed_form, stored_template

REPO_ROOT = Path(__file__).resolve().parents[2]


def _stored(store: Store, agreement_uuid: str) -> tuple[str, str, str | None]:
    digest = load_agreement(store, agreement_uuid).template_hash
    row = store.query("SELECT hash, source, parsed FROM template_snapshots WHERE hash = ?", (digest,))[0]
    return row[0], row[1], row[2]


def _fresh(store: Store, agreement_uuid: str) -> Template:
    """The agreement's template as a new start reads it (past the in-process cache)."""
    from storage import snapshots

    snapshots._parse_cached.cache_clear()
    return template_of(store, load_agreement(store, agreement_uuid))


def test_every_built_in_template_reads_back_from_its_parsed_form_as_from_its_text(registry: TemplateRegistry) -> None:
    assert registry.templates
    for template in registry.templates.values():
        form = parsed_form(template.source)
        assert form is not None
        from_text = parse_template(template.source, "skabelon", strict=False)
        assert stored_template(form, template.source, "skabelon") == from_text
        assert from_text.sections and from_text.goal_kinds


def test_a_new_agreement_stores_the_form_and_a_new_start_opens_it_without_a_toml_parser(store_path: Path,
                                                                                        faaborg: Template) -> None:
    store = open_store(store_path)
    uuid = create_agreement(store, faaborg, "IT-staben", 2008)
    _, source, form = _stored(store, uuid)
    assert form == parsed_form(source)
    store.close()
    program = ("import sys\nfrom storage.database import open_store\n"
               "from storage.agreements import load_agreement, template_of\n"
               f"store = open_store({str(store_path)!r})\n"
               f"template = template_of(store, load_agreement(store, {uuid!r}))\n"
               "print(template.id, len(template.sections), 'tomllib' in sys.modules)")
    shown = subprocess.run([sys.executable, "-c", program], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    assert shown.stdout.split() == [faaborg.id, str(len(faaborg.sections)), "False"]


@pytest.mark.parametrize("damage", [
    "not json {",
    json.dumps([1, 2]),
    json.dumps({"crc32": 0, "data": {}}),  # made from another text
    json.dumps({"crc32": None, "data": "x"}),
])
def test_a_damaged_form_gives_way_to_the_text(store: Store, agreement_uuid: str, faaborg: Template,
                                              damage: str) -> None:
    digest, _, _ = _stored(store, agreement_uuid)
    with store.write() as conn:
        conn.execute("UPDATE template_snapshots SET parsed = ? WHERE hash = ?", (damage, digest))
    assert _fresh(store, agreement_uuid) == parse_template(faaborg.source, "x", strict=False)


def test_a_form_whose_crc_matches_but_whose_content_is_foreign_is_still_checked(store: Store, agreement_uuid: str,
                                                                                 faaborg: Template) -> None:
    """A form of the right text but edited content goes through the same checks as the text would."""
    digest, source, form = _stored(store, agreement_uuid)
    assert form is not None
    edited = json.loads(form)
    edited["data"]["sections"] = "ikke en liste"
    with store.write() as conn:
        conn.execute("UPDATE template_snapshots SET parsed = ? WHERE hash = ?", (json.dumps(edited), digest))
    assert _fresh(store, agreement_uuid) == parse_template(source, "x", strict=False)  # the text decided


def test_a_text_json_cannot_hold_is_read_from_the_text(store: Store, faaborg: Template) -> None:
    dated = faaborg.source + "\n[tidspunkt]\ngyldig_fra = 2008-01-01\n"
    assert parsed_form(dated) is None
    template = parse_template(dated, "dateret.toml", strict=False)
    uuid = create_agreement(store, template, "HR-staben", 2008)
    assert _stored(store, uuid)[2] is None
    assert _fresh(store, uuid) == template


def test_migrating_an_older_store_adds_the_form_to_every_stored_template(tmp_path: Path, faaborg: Template) -> None:
    path = tmp_path / "gammel.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    run_migrations(conn, target=5)
    conn.execute("INSERT INTO template_snapshots (hash, template_id, source, created) VALUES (?, ?, ?, ?)",
                 ("h1", faaborg.id, faaborg.source, "2008-01-01T00:00:00Z"))
    conn.execute("INSERT INTO template_snapshots (hash, template_id, source, created) VALUES (?, ?, ?, ?)",
                 ("h2", "brudt", "ikke = [toml", "2008-01-01T00:00:00Z"))
    run_migrations(conn)
    forms = dict(conn.execute("SELECT hash, parsed FROM template_snapshots").fetchall())
    assert forms == {"h1": parsed_form(faaborg.source), "h2": None}
    assert snapshot_template(conn, "h1") == parse_template(faaborg.source, "x", strict=False)
    with pytest.raises(StoreError, match="TOML"):
        snapshot_template(conn, "h2")
    conn.close()
