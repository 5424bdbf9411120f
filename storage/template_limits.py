"""How big a template may be: limits on size, depth and counts, and the checks that need no parser state.

A template comes from a stranger's file or from a snapshot stored with an agreement; both are
parsed with these limits, so a hostile file can neither hang the program nor take its memory.
The limits are far above any real municipal concept (the built-in ones have at most 18
sections, 2 levels, 4 goal kinds and 12 fields a kind) and far below what hurts. They are
documented in docs/templates.md.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from storage.records import record
from storage.regular_files import size_over

if TYPE_CHECKING:
    import tomllib


@record(frozen=True)
class TemplateLimits:
    """How large a template may be, so a hostile file cannot exhaust the program."""

    bytes: int = 512 * 1024
    sections: int = 500  # all levels together
    depth: int = 8  # levels of sections
    goal_kinds: int = 50
    field_sets: int = 50
    fields_per_list: int = 100  # metadata, one section, one goal kind or one field set
    fields: int = 2000  # all lists together, a field set counted where it is used
    choices: int = 200  # options of one choice field
    default_items: int = 100  # items of a list or table given as a default value
    default_depth: int = 3  # nesting of lists and tables in a default value
    user_files: int = 100  # *.toml files read from one folder


LIMITS = TemplateLimits()

#: The longest text allowed under each key (characters); other keys get ``OTHER_TEXT``.
TEXT_LIMITS = {
    "id": 100, "key": 100, "number": 50, "numbering": 100, "numbering_single": 100, "agreement_kind": 100,
    "name": 300, "title": 300, "label": 300, "title_prefix": 300, "title_pattern": 300, "option": 300,
    "guidance": 2000, "description": 5000, "text": 20_000, "default": 20_000,
}
OTHER_TEXT = 300


def too_many(what: str, count: int, limit: int) -> str | None:
    """'har 20000 afsnit; højst 500 er tilladt', or None within the limit."""
    return f"har {count} {what}; højst {limit} er tilladt" if count > limit else None


def length_problem(value: str, limit: int) -> str:
    return f"er {len(value)} tegn lang; højst {limit} tegn er tilladt"


def text_problem(key: str, value: str) -> str | None:
    """"'label' er 1900000 tegn lang; højst 300 tegn er tilladt", or None within the limit for ``key``."""
    limit = TEXT_LIMITS.get(key, OTHER_TEXT)
    return f"'{key}' {length_problem(value, limit)}" if len(value) > limit else None


def size_problem(text: str) -> str | None:
    """The template text is larger than ``LIMITS.bytes`` (UTF-8)."""
    limit = LIMITS.bytes
    size = len(text) if len(text) > limit else len(text.encode("utf-8", "replace"))
    return size_over("den", size, limit) if size > limit else None


def section_shape(raw_sections: object) -> tuple[int, int]:
    """(number of sections at all levels, deepest level) of the raw TOML, walked without recursion."""
    count = depth = 0
    stack = [(s, 1) for s in raw_sections if isinstance(s, dict)] if isinstance(raw_sections, list) else []
    while stack:
        section, level = stack.pop()
        count += 1
        depth = max(depth, level)
        children = section.get("children", [])
        if isinstance(children, list):
            stack.extend((c, level + 1) for c in children if isinstance(c, dict))
    return count, depth


def default_problem(value: object, level: int = 1) -> str | None:
    """Why ``value`` cannot be a field's default (it is stored as JSON), or None."""
    if isinstance(value, datetime | date | time):
        return ("er en TOML-dato eller -tid, som ikke kan gemmes; skriv den som tekst i anførselstegn, "
                'fx "2024-01-01"')
    if isinstance(value, float) and not math.isfinite(value):
        return "er ikke et endeligt tal"
    if isinstance(value, str):
        return length_problem(value, TEXT_LIMITS["default"]) if len(value) > TEXT_LIMITS["default"] else None
    if isinstance(value, list | dict):
        if level > LIMITS.default_depth:
            return f"er indlejret mere end {LIMITS.default_depth} niveauer"
        items = list(value.values()) if isinstance(value, dict) else value
        return too_many("elementer", len(items), LIMITS.default_items) or next(
            (p for p in (default_problem(v, level + 1) for v in items) if p), None)
    return None  # bool, int, finite float


_TOML_REASONS = (
    ("Invalid statement", "ugyldig linje"),
    ("Cannot overwrite", "en nøgle er angivet to gange"),
    ("Cannot declare", "en tabel er angivet to gange"),
    ("Unterminated string", "en tekst er ikke afsluttet"),
    ("Unclosed", "en liste eller tabel er ikke afsluttet"),
    ("Invalid value", "ugyldig værdi"),
    ("Illegal character", "ulovligt tegn"),
    ("Found invalid character", "ulovligt tegn"),
    ("Duplicate inline table key", "en nøgle er angivet to gange"),
    ("Cannot mutate", "en tabel er angivet to gange"),
    ("Cannot redefine", "en tabel er angivet to gange"),
    ("Expected '=' after a key", "efter en nøgle mangler '=' (en nøgle med æ, ø, å eller mellemrum skal stå i"
                                 " anførselstegn)"),
    ("Expected ']", "en tabels navn er ikke afsluttet med ] eller ]]"),
    ("Invalid initial character for a key", "en nøgle begynder med et ulovligt tegn"),
    ("Invalid date", "ugyldig dato eller tid"),
    ("Unescaped", "en \\ i en tekst skal skrives \\\\ (eller brug enkelte anførselstegn)"),
    ("Invalid hex value", "ugyldig \\u-kode i en tekst"),
    ("Escaped character", "ugyldig \\u-kode i en tekst"),
)


def toml_problem(exc: tomllib.TOMLDecodeError) -> str:
    """A Danish 'filen er ikke gyldig TOML (ugyldig linje; linje 3, kolonne 8)' for a parse error."""
    message = str(exc)
    reason = next((danish for english, danish in _TOML_REASONS if message.startswith(english)), "")
    found = re.search(r"at line (\d+), column (\d+)", message)
    where = f"linje {found[1]}, kolonne {found[2]}" if found else ("sidst i filen" if "end of" in message else "")
    return f"filen er ikke gyldig TOML ({'; '.join(p for p in (reason, where) if p) or 'ukendt fejl'})"
