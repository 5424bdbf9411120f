"""Problems in a template file that need no parsing into a Template: unknown keys, values of the wrong kind,
ids that cannot be used, defaults that do not fit their field type, all found in one walk.

Each problem names where it is (the table, the field by id and label), the key and, where the key can be
found in the text, the line. TOML keeps no positions, so the line is found by reading the text alongside:
the walk visits the keys in the order of the file and looks for each from where the previous one stood.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from storage.field_types import ValueProblem, check_rows, check_scalar, description
from storage.records import record
from storage.template_keys import ANY, FLAG, LIST, NUMBER, TABLE, TEMPLATE_KEYS, TEXT, WHOLE
from storage.template_limits import LIMITS, default_problem
from storage.template_model import FieldDef, FieldType

ID_RE = re.compile(r"^[A-Za-z0-9_.\-]+$")
_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa", " ": "_"})


@record(frozen=True)
class TemplateProblem:
    """One problem in a template file; ``message`` is Danish and says where in the template it is."""

    origin: str
    line: int | None
    key: str | None
    message: str

    @property
    def text(self) -> str:
        """'linje 12: metadatafeltet 'unit' (Enhed): 'lable' kendes ikke – mente du 'label'?'"""
        said = not self.line or f"linje {self.line}," in self.message  # a TOML error says line and column itself
        return self.message if said else f"linje {self.line}: {self.message}"


def id_problem(value: str) -> str | None:
    """Why ``value`` cannot be an id, with a spelling that can, or None."""
    if ID_RE.match(value):
        return None
    if not value:
        return "id'et må ikke være tomt"
    ascii_form = unicodedata.normalize("NFKD", value.translate(_DANISH_LETTERS)).encode("ascii", "ignore").decode()
    suggestion = re.sub(r"[^A-Za-z0-9_.\-]", "", ascii_form)
    hint = f"; skriv fx '{suggestion}' for '{value}'" if suggestion else ""
    return (f"id'et '{value}' kan ikke bruges: id'er må kun have a–z, A–Z, 0–9, _, - og . (ikke æ, ø, å eller"
            f" mellemrum), fordi de bruges i filer og data{hint}")


def _blank_strings_and_comments(text: str) -> str:
    """``text`` with every string's content and every comment replaced by spaces (line breaks kept), so that
    a key is only found where it is a key."""
    out = list(text)
    i, size = 0, len(text)
    while i < size:
        char = text[i]
        if char == "#":
            while i < size and text[i] != "\n":
                out[i] = " "
                i += 1
        elif char in "\"'":
            quote = text[i:i + 3] if text[i:i + 3] in ('"""', "'''") else char
            i += len(quote)
            while i < size and not text.startswith(quote, i):
                if text[i] == "\n" and len(quote) == 1:
                    break  # an unterminated one-line string (tomllib has refused it already)
                if text[i] == "\\" and quote[0] == '"' and i + 1 < size:
                    out[i] = " "
                    i += 1
                if text[i] != "\n":
                    out[i] = " "
                i += 1
            i += len(quote)
        else:
            i += 1
    return "".join(out)


#: above this many characters a file's problems are reported without their lines
LINE_SEARCH_CHARS = 200_000


class _KeyLines:
    """Finds the line of each key, visited in the order of the file."""

    def __init__(self, text: str) -> None:
        # a file far beyond a written template's size (one generated at the limits) gets no line numbers:
        # finding each key's line costs a scan per key, which in such a file grows with its square
        self.lines = _blank_strings_and_comments(text).splitlines() if len(text) <= LINE_SEARCH_CHARS else []
        self.cursor = 0
        self.last: dict[str, int] = {}  # where each key was found last (a line of fields has several tables)

    def find(self, key: str) -> int | None:
        pattern = re.compile(rf"(?:^|[{{,.\[])\s*{re.escape(key)}\s*[=\].]")
        after = max(self.cursor, self.last.get(key, -1) + 1)
        for start, stop in ((after, len(self.lines)), (0, after)):
            for index in range(start, stop):
                if pattern.search(self.lines[index]):
                    if start == after:
                        self.cursor = self.last[key] = index
                    return index + 1
        return None


def _fits(value: object, kind: str) -> bool:
    if kind == ANY:
        return True
    if kind in (WHOLE, NUMBER) and isinstance(value, bool):
        return False
    types: dict[str, type | tuple[type, ...]] = {TEXT: str, WHOLE: int, NUMBER: (int, float), FLAG: bool,
                                                 LIST: list, TABLE: dict}
    return isinstance(value, types[kind])


def _named(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) else None


class _Walker:
    def __init__(self, origin: str, text: str) -> None:
        self.origin = origin
        self.lines = _KeyLines(text)
        self.problems: list[TemplateProblem] = []
        self.depth = 0  # of the sections being walked

    def add(self, line: int | None, key: str | None, message: str) -> None:
        self.problems.append(TemplateProblem(self.origin, line, key, message))

    def table(self, data: dict[str, Any], kind: str, where: str) -> dict[str, int | None]:
        """Check one table's keys and their kinds of value, and walk into the tables and lists it holds;
        returns the line of each key."""
        allowed = TEMPLATE_KEYS[kind]
        lines: dict[str, int | None] = {}
        for key, value in data.items():  # in the order of the file: each key is looked for after the one before
            line = lines[key] = self.lines.find(key)
            if key not in allowed:
                close = _close_match(key, allowed, cutoff=0.5)  # navn → name
                hint = f" – mente du '{close[0]}'?" if close else f" (her kan stå: {', '.join(allowed)})"
                self.add(line, key, f"{where}: '{key}' kendes ikke{hint}")
            elif not _fits(value, allowed[key]):
                self.add(line, key, f"{where}: '{key}' skal være {allowed[key]}")
            elif key in ("id", "key") and kind != "section":
                problem = id_problem(value)
                if problem:
                    self.add(line, key, f"{where}: {problem}")
            else:
                self.inside(kind, key, value, where)
        return lines

    def inside(self, kind: str, key: str, value: Any, where: str) -> None:
        """The tables a key holds: which table each is (see storage/template_keys.py)."""
        entries = [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []
        if (kind, key) == ("template", "export"):
            self.table(value, "export", "[export]")
        elif (kind, key) == ("template", "metadata"):
            for number, entry in enumerate(entries, 1):
                self.field(entry, "metadatafelt", number)
        elif (kind, key) == ("template", "field_sets"):
            for name, fields in value.items():
                self.lines.find(name)
                for number, entry in enumerate(fields if isinstance(fields, list) else [], 1):
                    if isinstance(entry, dict):
                        self.field(entry, f"feltsættet '{name}', feltet", number)
        elif (kind, key) in (("template", "sections"), ("section", "children")):
            self.depth += 1
            if self.depth <= LIMITS.depth:  # deeper is refused by the parser
                for entry in entries:
                    self.section(entry)
            self.depth -= 1
        elif (kind, key) == ("template", "goal_kinds"):
            for entry in entries:
                self.table(entry, "goal_kind", f"indsatstypen '{_named(entry, 'id') or '?'}'")
        elif (kind, key) == ("template", "status_scale"):
            for entry in entries:
                self.table(entry, "status_level", f"statusskalaens trin '{_named(entry, 'key') or '?'}'")
        elif key == "fields" and kind in ("section", "goal_kind"):
            owner = where.split(" (")[0]
            for number, entry in enumerate(value, 1):
                if isinstance(entry, dict) and "set" in entry:
                    self.table(entry, "field_set_use", f"{owner}, feltsættet '{entry['set']}'")
                elif isinstance(entry, dict):
                    self.field(entry, f"{owner}, feltet", number)

    def section(self, data: dict[str, Any]) -> None:
        where = f"afsnittet '{_named(data, 'key') or '?'}'"
        title = _named(data, "title")
        self.table(data, "section", f"{where} ({title})" if title else where)

    def field(self, data: dict[str, Any], owner: str, number: int) -> None:
        field_id, label = _named(data, "id"), _named(data, "label")
        where = f"{owner} '{field_id}'" if field_id else f"{owner} nr. {number}"
        where = f"{where} ({label})" if label else where
        lines = self.table(data, "field", where)
        raw_type = data.get("type")
        known = [t.value for t in FieldType]
        if isinstance(raw_type, str) and raw_type not in known:
            close = _close_match(raw_type, known)
            hint = f" – mente du '{close[0]}'?" if close else ""
            self.add(lines.get("type"), "type",
                     f"{where}: ukendt felttype '{raw_type}' (kendte typer: {', '.join(known)}){hint}")
        elif isinstance(raw_type, str) and "default" in data and default_problem(data["default"]) is None:
            self.default(data, FieldType(raw_type), where, lines.get("default"))

    def default(self, data: dict[str, Any], field_type: FieldType, where: str, line: int | None) -> None:
        """A default must be a value of the field's type ("2023-Q1" is no date)."""
        value = data["default"]
        options = tuple(o for o in data.get("options", []) if isinstance(o, str)) if isinstance(
            data.get("options"), list) else ()
        field = FieldDef(id=str(data.get("id", "")), label=str(data.get("label", data.get("id", ""))),
                         type=field_type, options=options)
        try:
            check_rows(field, value) if description(field_type).has_rows else check_scalar(field, value)
        except ValueProblem as exc:
            reason = 'en dato skal skrives ÅÅÅÅ-MM-DD, fx "2023-01-01"' if field_type is FieldType.DATE else str(exc)
            self.add(line, "default",
                     f"{where}: standardværdien (default) {_shown(value)} kan ikke bruges: {reason}")


def _shown(value: object) -> str:
    text = f'"{value}"' if isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def structure_problems(data: dict[str, Any], text: str, origin: str) -> list[TemplateProblem]:
    """Every unknown key, value of the wrong kind, unusable id and unfitting default, in the order of the file."""
    walker = _Walker(origin, text)
    walker.table(data, "template", "skabelonen")
    return sorted(walker.problems, key=lambda p: (p.line is None, p.line or 0))


def parser_problem(origin: str, message: str, text: str) -> TemplateProblem:
    """A problem the parser found (one at a time), with the line of the part it names where it can be found."""
    return TemplateProblem(origin, problem_line(message, text), None, message)


def problem_line(message: str, text: str) -> int | None:
    """The line of the part a parser message names ("indsatstypen 'faglig', feltet 'maal': …"): the line of
    ``id = "maal"``, ``key = "maal"`` or (a field set) ``maal = […]``, trying the innermost name first; None
    when none is found."""
    names = re.findall(r"'([^']+)'", message.split(": ", 1)[0])
    lines = text.splitlines()
    for name in reversed(names):
        quoted = re.escape(name)
        pattern = re.compile(rf"""(?:^|[{{,])\s*(?:(?:id|key)\s*=\s*["']{quoted}["']|{quoted}\s*=\s*\[)""")
        for index, line in enumerate(lines):
            if pattern.search(line):
                return index + 1
    return None


def toml_line(message: str) -> int | None:
    """The line of a TOML syntax error, from tomllib's '(at line 3, column 8)'."""
    found = re.search(r"at line (\d+), column \d+", message)
    return int(found[1]) if found else None


def _close_match(word: str, known: Iterable[str], cutoff: float = 0.6) -> list[str]:
    """The known word a mistyped one was most likely meant as (``navn`` → ``name``), if any; difflib is
    imported only when a template has a mistake to point out."""
    import difflib

    return difflib.get_close_matches(word, known, n=1, cutoff=cutoff)
