"""Loading and validating template files (TOML, see docs/templates.md).

Every problem becomes a :class:`TemplateError` with a Danish message that names
the file and what is wrong; a broken file never stops the other templates. Files
and stored snapshots alike are parsed within the limits of storage/template_limits.py.
"""

from __future__ import annotations

import json
import re
import string
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from storage.errors import danish_reason
from storage.numbering import kinds_in_document_order
from storage.regular_files import FileRefused, read_capped
from storage.status_scale import COLOUR_RE, DEFAULT_SCALE, StatusLevel
from storage.template_fields import FieldKeyProblem, sum_problem, type_keys
from storage.template_limits import (
    LIMITS,
    TEXT_LIMITS,
    default_problem,
    length_problem,
    section_shape,
    size_problem,
    text_problem,
    toml_problem,
    too_many,
)
from storage.template_model import ExportSettings, FieldDef, FieldType, GoalKind, SectionDef, Template
from storage.template_problems import TemplateProblem, id_problem, parser_problem, structure_problems, toml_line

#: {name} in a section's default text; a doubled brace ({{) is a plain brace
PLACEHOLDER_RE = re.compile(r"(?<!\{)\{([A-Za-z_]\w*)\}(?!\})")
TEXT_PLACEHOLDERS = ("year", "next_year", "unit")
SUBTITLE_PLACEHOLDERS = ("kind", "year", "years", "unit")
SHOW_PLACES = ("none", "title_page", "header_block")
#: an agreement runs at most this many years (a council term is four)
MAX_PERIOD_YEARS = 10
MAX_START = 10000


class TemplateError(Exception):
    """A template could not be used; ``str()`` is a Danish message for the user."""

    def __init__(self, origin: str, problem: str, problems: Sequence[TemplateProblem] = ()) -> None:
        self.origin = origin
        self.problem = problem
        #: each problem with its line and key (storage/template_problems.py); one without them if not given
        self.problems = tuple(problems) or (TemplateProblem(origin, None, None, problem),)
        super().__init__(f"Skabelonen '{origin}' kan ikke bruges: {problem}")

    @classmethod
    def listing(cls, origin: str, problems: Sequence[TemplateProblem]) -> TemplateError:
        """One error for all of ``problems``: one on the line, several one a line ("linje 12: …")."""
        if len(problems) == 1:
            return cls(origin, problems[0].text, problems)
        return cls(origin, f"{len(problems)} fejl:\n" + "\n".join(f"  {p.text}" for p in problems), problems)


class TemplateRegistry:
    """The usable templates by id, and the files that could not be used.

    With ``loader`` both are filled on first use: the window shows the agreement it opens with that
    agreement's own template (stored with it) before the template files are read and checked."""

    def __init__(self, templates: dict[str, Template] | None = None, errors: list[TemplateError] | None = None,
                 loader: Callable[[TemplateRegistry], None] | None = None) -> None:
        self._templates = templates if templates is not None else {}
        self._errors = errors if errors is not None else []
        self._loader = loader

    def _loaded(self) -> None:
        loader, self._loader = self._loader, None
        if loader is not None:
            loader(self)

    @property
    def templates(self) -> dict[str, Template]:
        self._loaded()
        return self._templates

    @property
    def errors(self) -> list[TemplateError]:
        self._loaded()
        return self._errors

    def get(self, template_id: str) -> Template | None:
        return self.templates.get(template_id)

    def ordered(self) -> list[Template]:
        return sorted(self.templates.values(), key=lambda t: t.name.casefold())


def template_hash(source: str) -> str:
    import hashlib  # when a snapshot is saved, not at start-up

    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def builtin_template_files() -> list[tuple[str, str]]:
    """(name, text) of the templates shipped in resources/templates."""
    from importlib import resources  # (with tempfile and shutil: after the first paint, when templates are read)

    folder = resources.files("resources").joinpath("templates")
    out = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            out.append((entry.name, entry.read_text(encoding="utf-8")))
    return out


def load_registry(user_dirs: Iterable[Path] = (), lazily: bool = False) -> TemplateRegistry:
    """Built-in templates first, then user folders; a later file with the same id wins. ``lazily``: the
    files are read and checked when the registry is first asked for a template or its errors."""
    folders = list(user_dirs)
    if lazily:
        return TemplateRegistry(loader=lambda registry: _fill(registry, folders))
    registry = TemplateRegistry()
    _fill(registry, folders)
    return registry


def _fill(registry: TemplateRegistry, user_dirs: Iterable[Path]) -> None:
    sources: list[tuple[str, str | None, str | None]] = [
        (name, text, None) for name, text in builtin_template_files()
    ]
    for folder in user_dirs:
        if not folder.is_dir():
            continue
        paths = sorted(folder.glob("*.toml"))
        if len(paths) > LIMITS.user_files:  # named after the first file left unread
            problem = f"mappen har {len(paths)} skabelonfiler; kun de første {LIMITS.user_files} læses"
            registry.errors.append(TemplateError(str(paths[LIMITS.user_files]), problem))
        for path in paths[:LIMITS.user_files]:
            sources.append((str(path), *_read_user_file(path)))
    for origin, text, read_error in sources:
        try:
            if read_error is not None or text is None:
                raise TemplateError(origin, read_error or "filen kunne ikke læses")
            template = parse_template(text, origin)
        except TemplateError as exc:
            registry.errors.append(exc)
            continue
        registry.templates[template.id] = template


def read_template_file(path: Path) -> tuple[str | None, str | None]:
    """One template file, read as the template folder's are: (text, None) or (None, a Danish problem)."""
    return _read_user_file(path)


def _read_user_file(path: Path) -> tuple[str | None, str | None]:
    """(text, None) or (None, a Danish problem); a FIFO or device is refused, not waited on."""
    try:
        return read_capped(path, LIMITS.bytes).decode("utf-8-sig"), None  # -sig: a BOM is fine
    except UnicodeDecodeError:
        return None, "filen er ikke gemt som UTF-8-tekst"
    except FileRefused as exc:
        return None, str(exc)
    except OSError as exc:
        return None, f"filen kunne ikke læses ({danish_reason(exc)})"


def parse_template(text: str, origin: str = "<tekst>", strict: bool = True) -> Template:
    """The template in ``text``, or :class:`TemplateError` naming ``origin`` (and the line where it can).

    ``strict`` (a file): every key must be known and every default fit its type (storage/template_problems.py).
    Without it (a template stored with an agreement or brought by a bundle, accepted when the agreement was
    made): what this version does not know is passed over, so that the agreement keeps opening."""
    import tomllib  # here: a stored template is read from its parsed form (stored_template)

    text = text.removeprefix("\ufeff")
    problem = size_problem(text)
    if problem:
        raise TemplateError(origin, problem)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        syntax = TemplateProblem(origin, toml_line(str(exc)), None, toml_problem(exc))
        raise TemplateError(origin, syntax.message, [syntax]) from None
    except ValueError:  # an integer of more than 4300 digits
        raise TemplateError(origin, "filen er ikke gyldig TOML (et tal har alt for mange cifre)") from None
    except RecursionError:  # arrays in arrays … (the parser below checks the depth of sections itself)
        raise TemplateError(origin, "filen er indlejret alt for dybt") from None
    if not strict:
        return _Parser(origin).template(data, text)
    problems = structure_problems(data, text, origin)
    if problems:
        raise TemplateError.listing(origin, problems)
    try:
        return _Parser(origin).template(data, text)
    except TemplateError as exc:
        raise TemplateError.listing(origin, [parser_problem(origin, p.message, text) for p in exc.problems]) from None


def parsed_form(text: str) -> str | None:
    """A stored template's TOML, parsed, as JSON with the CRC-32 of the text it was parsed from: kept beside the
    text, so that opening an agreement needs no TOML parser (:func:`stored_template`; importing and running
    tomllib was about 3% of Aftaler's start). None where the text does not parse or
    JSON cannot hold it (a TOML date)."""
    import tomllib

    try:
        data = tomllib.loads(text.removeprefix("\ufeff"))
        return json.dumps({"crc32": zlib.crc32(text.encode("utf-8")), "data": data}, ensure_ascii=False)
    except (ValueError, TypeError, RecursionError):
        return None


def stored_template(parsed: str, text: str, origin: str) -> Template:
    """A template stored with an agreement, from its :func:`parsed_form`, checked as the text would be when not
    ``strict``. The form is only a shortcut: if it was not made from this very text, or anything is wrong with
    it, the text decides."""
    try:
        form = json.loads(parsed)
        if isinstance(form, dict) and isinstance(form.get("data"), dict) and not size_problem(text) \
                and form.get("crc32") == zlib.crc32(text.encode("utf-8")):
            return _Parser(origin).template(form["data"], text.removeprefix("\ufeff"))
    except Exception:  # noqa: BLE001 — a damaged form: read the text instead
        pass
    return parse_template(text, origin, strict=False)


def check_pattern(pattern: str, allowed: tuple[str, ...]) -> bool:
    """Only plain placeholders from ``allowed``: no attributes, indexes, conversions or widths."""
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError:
        return False
    return all(name is None or (name in allowed and not spec and not conversion)
               for _, name, spec, conversion in parts)


class _Parser:
    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.fields = 0  # fields parsed or spliced in so far, against LIMITS.fields

    def fail(self, problem: str) -> TemplateError:
        return TemplateError(self.origin, problem)

    def limit(self, where: str, what: str, count: int, limit: int) -> None:
        problem = too_many(what, count, limit)
        if problem:
            raise self.fail(f"{where} {problem}")

    def text(self, data: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
        value = data.get(key, default)
        if value is None:
            raise self.fail(f"{where} mangler '{key}'")
        if not isinstance(value, str):
            raise self.fail(f"{where}: '{key}' skal være tekst")
        problem = text_problem(key, value)
        if problem:
            raise self.fail(f"{where}: {problem}")
        return value

    def ident(self, data: dict[str, Any], where: str) -> str:
        value = self.text(data, "id", where)
        problem = id_problem(value)
        if problem:
            raise self.fail(f"{where}: {problem}")
        return value

    def table_list(self, data: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(f"{where}: '{key}' skal være en liste af tabeller")
        return value

    def field_list(self, data: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
        fields = self.table_list(data, key, where)
        self.limit(where, "felter", len(fields), LIMITS.fields_per_list)
        return fields

    def count_fields(self, count: int) -> None:
        self.fields += count
        if self.fields > LIMITS.fields:
            raise self.fail(f"den har flere end {LIMITS.fields} felter i alt, som er det højst tilladte")

    def template(self, data: dict[str, Any], source: str) -> Template:
        version = data.get("format_version", 1)
        if version != 1:
            raise self.fail(f"formatversion {version!r} kendes ikke (kun 1 understøttes)")
        count, depth = section_shape(data.get("sections"))
        self.limit("den", "afsnit", count, LIMITS.sections)
        if depth > LIMITS.depth:
            raise self.fail(f"afsnittene er indlejret {depth} niveauer dybt; højst {LIMITS.depth} er tilladt")
        self.limit("den", "indsatstyper", len(self.table_list(data, "goal_kinds", "skabelonen")), LIMITS.goal_kinds)
        field_sets = self.field_sets(data)
        metadata = tuple(self.field(f, "metadatafelt") for f in self.field_list(data, "metadata", "skabelonen"))
        self.unique([f.id for f in metadata], "metadatafelt")
        sections = tuple(self.section(s) for s in self.table_list(data, "sections", "skabelonen"))
        kinds = tuple(self.goal_kind(k, field_sets) for k in self.table_list(data, "goal_kinds", "skabelonen"))
        if not sections and not kinds:
            raise self.fail("skabelonen har hverken afsnit ([[sections]]) eller indsatstyper ([[goal_kinds]])")
        template = Template(
            id=self.ident(data, "skabelonen"),
            name=self.text(data, "name", "skabelonen"),
            description=self.text(data, "description", "skabelonen", ""),
            agreement_kind=self.text(data, "agreement_kind", "skabelonen", "Aftale"),
            title_pattern=self.title_pattern(data),
            empty_fields=self.empty_rule(data.get("empty_fields", "omit"), "skabelonen"),
            metadata=metadata,
            sections=sections,
            goal_kinds=kinds,
            export=self.export_settings(data),
            status_scale=self.status_scale(data),
            period_years=self.period_years(data),
            source=source,
            origin=self.origin,
        )
        self.check_references(template)
        return template

    def export_settings(self, data: dict[str, Any]) -> ExportSettings:
        raw = data.get("export", {})
        if not isinstance(raw, dict):
            raise self.fail("'export' skal være en tabel")
        where = "[export]"
        settings = ExportSettings(
            signatures=self.text(raw, "signatures", where, "end"),
            signature_caption=self.text(raw, "signature_caption", where, "Underskrifter"),
            place_field=self.text(raw, "place_field", where, "place"),
            date_field=self.text(raw, "date_field", where, "approval_date"),
            title_page=self.flag(raw, "title_page", where, True),
            contents=self.flag(raw, "contents", where, True),
            subtitle=self.text(raw, "subtitle", where, "{kind} {year}"),
            period_label=self.text(raw, "period_label", where, "Aftaleperiode"),
            contents_title=self.text(raw, "contents_title", where, "Indholdsfortegnelse"),
        )
        if not check_pattern(settings.subtitle, SUBTITLE_PLACEHOLDERS):
            raise self.fail(f"{where}: 'subtitle' ('{settings.subtitle}') må kun bruge "
                            "{kind}, {year}, {years} og {unit}")
        if settings.signatures != "end" and settings.signature_section is None:
            raise self.fail(f"{where}: 'signatures' skal være \"end\" eller \"section:<nøgle>\"")
        return settings

    def title_pattern(self, data: dict[str, Any]) -> str:
        pattern = self.text(data, "title_pattern", "skabelonen", "{unit}. {kind} {year}")
        if not check_pattern(pattern, ("unit", "year", "kind")):
            raise self.fail(f"'title_pattern' ('{pattern}') må kun bruge {{unit}}, {{year}} og {{kind}}")
        return pattern

    def field_sets(self, data: dict[str, Any]) -> dict[str, tuple[FieldDef, ...]]:
        raw = data.get("field_sets", {})
        if not isinstance(raw, dict):
            raise self.fail("'field_sets' skal være en tabel")
        self.limit("den", "feltsæt", len(raw), LIMITS.field_sets)
        out = {}
        for name, fields in raw.items():
            problem = text_problem("id", name)
            if problem:
                raise self.fail(f"et feltsæts navn: {problem}")
            where = f"feltsættet '{name}'"
            if not isinstance(fields, list) or not all(isinstance(f, dict) for f in fields):
                raise self.fail(f"{where} skal være en liste af felter")
            self.limit(where, "felter", len(fields), LIMITS.fields_per_list)
            out[name] = tuple(self.field(f, f"{where}, feltet") for f in fields)
        return out

    def field(self, data: dict[str, Any], where: str) -> FieldDef:
        field_id = self.ident(data, where)
        label = data.get("label")  # named with its label too, as the form shows it
        where = f"{where} '{field_id}'" + (f" ({label})" if isinstance(label, str) and label else "")
        raw_type = self.text(data, "type", where)
        try:
            field_type = FieldType(raw_type)
        except ValueError:
            known = ", ".join(t.value for t in FieldType)
            raise self.fail(f"{where}: ukendt felttype '{raw_type}' (kendte typer: {known})") from None
        options = data.get("options", [])
        if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
            raise self.fail(f"{where}: 'options' skal være en liste af tekster")
        if field_type is FieldType.CHOICE and not options:
            raise self.fail(f"{where}: et valgfelt skal have 'options'")
        self.limit(where, "valgmuligheder", len(options), LIMITS.choices)
        for option in options:
            if len(option) > TEXT_LIMITS["option"]:
                raise self.fail(f"{where}: en valgmulighed {length_problem(option, TEXT_LIMITS['option'])}")
        problem = default_problem(data.get("default"))
        if problem:
            raise self.fail(f"{where}: standardværdien (default) {problem}")
        try:
            own_keys = type_keys(data, field_type)  # a table's columns, a number's min, max and sum
        except FieldKeyProblem as exc:
            raise self.fail(f"{where}: {exc}") from None
        self.count_fields(1)
        return FieldDef(
            id=field_id,
            label=self.text(data, "label", where),
            type=field_type,
            guidance=self.text(data, "guidance", where, ""),
            options=tuple(options),
            default=data.get("default"),
            empty=self.empty_rule(data.get("empty", ""), where, allow_blank=True),
            follow_up=self.follow_up(data, field_id, field_type, where),
            **own_keys,
            show=self.choice(data, "show", where, SHOW_PLACES),
        )

    def follow_up(self, data: dict[str, Any], field_id: str, field_type: FieldType, where: str) -> str:
        """What the field's rows are in follow-up; by default the action table's rows are actions and
        the lists ``sub_goals``/``success_criteria`` are sub-goals and their criteria."""
        fits = {"sub_goal": FieldType.LETTERED_LIST, "criterion": FieldType.LETTERED_LIST,
                "action": FieldType.ACTION_TABLE}
        if "follow_up" not in data:
            if field_type is FieldType.ACTION_TABLE:
                return "action"
            conventional = {"sub_goals": "sub_goal", "success_criteria": "criterion"}.get(field_id, "")
            return conventional if field_type is FieldType.LETTERED_LIST else ""
        value = self.text(data, "follow_up", where)
        if value and value not in fits:
            raise self.fail(f"{where}: 'follow_up' skal være \"sub_goal\", \"criterion\", \"action\" eller \"\"")
        if value and fits[value] is not field_type:
            raise self.fail(f"{where}: 'follow_up = \"{value}\"' kræver felttypen '{fits[value].value}'")
        return value

    def status_scale(self, data: dict[str, Any]) -> tuple[StatusLevel, ...]:
        entries = self.table_list(data, "status_scale", "skabelonen")
        if not entries:
            return DEFAULT_SCALE
        self.limit("statusskalaen", "trin", len(entries), LIMITS.choices)
        levels = []
        for entry in entries:
            key = self.ident({"id": entry.get("key")}, "et trin i statusskalaen")
            where = f"statusskalaens trin '{key}'"
            colour = self.text(entry, "colour", where)
            if not COLOUR_RE.match(colour):
                raise self.fail(f"{where}: 'colour' skal skrives som #rrggbb, fx \"#2e7d32\"")
            symbol = self.text(entry, "symbol", where)
            if not 1 <= len(symbol) <= 3:
                raise self.fail(f"{where}: 'symbol' skal være 1-3 tegn, så det kan læses i sort-hvid")
            levels.append(StatusLevel(key, self.text(entry, "name", where), colour, symbol))
        self.unique([lvl.key for lvl in levels], "trin i statusskalaen")
        return tuple(levels)

    def empty_rule(self, value: object, where: str, allow_blank: bool = False) -> str:
        allowed = {"omit", "dash"} | ({""} if allow_blank else set())
        if value not in allowed:
            raise self.fail(f"{where}: 'empty' skal være \"omit\" eller \"dash\"")
        return str(value)

    def section(self, data: dict[str, Any]) -> SectionDef:
        key = self.text(data, "key", "et afsnit")
        where = f"afsnittet '{key}'"
        fields = tuple(self.field(f, f"{where}, feltet") for f in self.field_list(data, "fields", where))
        self.unique([f.id for f in fields], f"{where}: felt")
        return SectionDef(
            key=key,
            number=self.text(data, "number", where, ""),
            title=self.text(data, "title", where),
            guidance=self.text(data, "guidance", where, ""),
            text=self.year_text(data, where),
            fields=fields,
            children=tuple(self.section(c) for c in self.table_list(data, "children", where)),
            private=self.flag(data, "private", where),
        )

    def year_text(self, data: dict[str, Any], where: str) -> str:
        """A section's default text; {year}, {next_year} and {unit} are filled in when an agreement is made."""
        text = self.text(data, "text", where, "")
        unknown = sorted({m for m in PLACEHOLDER_RE.findall(text) if m not in TEXT_PLACEHOLDERS})
        if unknown:
            raise self.fail(f"{where}: 'text' bruger {{{unknown[0]}}}; kun {{year}}, {{next_year}} og {{unit}}"
                            " udfyldes (skriv {{ og }} for en krøllet parentes)")
        return text

    def goal_kind(self, data: dict[str, Any], field_sets: dict[str, tuple[FieldDef, ...]]) -> GoalKind:
        kind_id = self.ident(data, "en indsatstype")
        where = f"indsatstypen '{kind_id}'"
        fields: list[FieldDef] = []
        raw_fields = data.get("fields", [])
        if not isinstance(raw_fields, list):
            raise self.fail(f"{where}: 'fields' skal være en liste")
        for entry in raw_fields:
            if isinstance(entry, str) and entry.startswith("@"):
                if entry[1:] not in field_sets:
                    raise self.fail(f"{where}: feltsættet '{entry[1:]}' findes ikke")
                fields.extend(field_sets[entry[1:]])
                self.count_fields(len(field_sets[entry[1:]]))
            elif isinstance(entry, dict) and "set" in entry:
                fields.extend(self.relabelled_set(entry, field_sets, where))
            elif isinstance(entry, dict):
                fields.append(self.field(entry, f"{where}, feltet"))
            else:
                raise self.fail(f"{where}: et felt skal være en tabel eller \"@feltsæt\"")
        if not fields:
            raise self.fail(f"{where} har ingen felter")
        self.limit(where, "felter", len(fields), LIMITS.fields_per_list)
        self.unique([f.id for f in fields], f"{where}: felt")
        numbering = self.text(data, "numbering", where)
        for pattern in (numbering, self.text(data, "numbering_single", where, "")):
            if not check_pattern(pattern, ("n", "letter", "LETTER")):
                raise self.fail(
                    f"{where}: nummereringen '{pattern}' må kun bruge {{n}}, {{letter}} og {{LETTER}}"
                )
        kind = GoalKind(
            id=kind_id,
            name=self.text(data, "name", where),
            placement=self.text(data, "placement", where, "appendix"),
            numbering=numbering,
            numbering_single=self.text(data, "numbering_single", where, ""),
            title_prefix=self.text(data, "title_prefix", where, ""),
            title_field=self.text(data, "title_field", where, "title"),
            fields=tuple(fields),
            private=self.flag(data, "private", where),
            series=self.text(data, "series", where, ""),
            start=self.start(data, where),
            single=self.flag(data, "single", where),
        )
        if kind.placement != "appendix" and kind.section_key is None:
            raise self.fail(f"{where}: 'placement' skal være \"appendix\" eller \"section:<nøgle>\"")
        return kind

    def flag(self, data: dict[str, Any], key: str, where: str, default: bool = False) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"{where}: '{key}' skal være true eller false")
        return value

    def choice(self, data: dict[str, Any], key: str, where: str, allowed: tuple[str, ...]) -> str:
        value = self.text(data, key, where, allowed[0])
        if value not in allowed:
            shown = " eller ".join(f'"{a}"' for a in allowed)
            raise self.fail(f"{where}: '{key}' skal være {shown}")
        return value

    def period_years(self, data: dict[str, Any]) -> int:
        value = data.get("period_years", 1)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_PERIOD_YEARS:
            raise self.fail(f"'period_years' skal være et helt tal fra 1 til {MAX_PERIOD_YEARS}, fx 4 for en "
                            "aftale for 2015–18")
        return value

    def start(self, data: dict[str, Any], where: str) -> int:
        value = data.get("start", 1)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_START:
            raise self.fail(f"{where}: 'start' skal være et helt tal fra 0 til {MAX_START}, fx 3")
        return value

    def relabelled_set(self, entry: dict[str, Any], field_sets: dict[str, tuple[FieldDef, ...]],
                       where: str) -> tuple[FieldDef, ...]:
        """``{ set = "fem_dele", labels = { objective = "Faglige målsætninger" } }``: the field set with
        some of its labels replaced for this kind."""
        name = self.text(entry, "set", where)
        if name not in field_sets:
            raise self.fail(f"{where}: feltsættet '{name}' findes ikke")
        labels = entry.get("labels", {})
        if not isinstance(labels, dict) or not all(isinstance(v, str) for v in labels.values()):
            raise self.fail(f"{where}: 'labels' skal være en tabel af feltid = \"ledetekst\"")
        fields = field_sets[name]
        for field_id, label in labels.items():
            if not any(f.id == field_id for f in fields):
                raise self.fail(f"{where}: 'labels' nævner feltet '{field_id}', som ikke er i feltsættet '{name}'")
            problem = text_problem("label", label)
            if problem:
                raise self.fail(f"{where}, feltet '{field_id}': {problem}")
        self.count_fields(len(fields))
        return tuple(replace(f, label=labels[f.id]) if f.id in labels else f for f in fields)

    def unique(self, ids: list[str], what: str) -> None:
        seen: set[str] = set()
        for item in ids:
            if item in seen:
                raise self.fail(f"{what} '{item}' findes to gange")
            seen.add(item)

    def check_series(self, template: Template) -> None:
        """A series starts where its first kind (in document order) says; a later kind may not say otherwise;
        a kind with ``single = true`` has exactly one goal, so it is in no series."""
        first: dict[str, GoalKind] = {}
        for kind in kinds_in_document_order(template):
            if kind.single and kind.series:
                raise self.fail(f"indsatstypen '{kind.id}': 'single = true' og 'series' kan ikke bruges sammen")
            if not kind.series:
                continue
            leader = first.setdefault(kind.series, kind)
            if kind is not leader and kind.start not in (1, leader.start):
                raise self.fail(f"indsatstypen '{kind.id}': serien '{kind.series}' starter ved {leader.start}"
                                f" (indsatstypen '{leader.id}'); skriv kun 'start' ved den første indsatstype")

    def check_references(self, template: Template) -> None:
        """Everything that names another part of the template names one that is there; every such
        problem is reported at once (one :class:`TemplateError` with all of them)."""
        found: list[str] = []

        def check(step: Callable[[], None]) -> None:
            try:
                step()
            except TemplateError as exc:
                found.append(exc.problem)

        check(lambda: self.unique([s.key for s in template.all_sections()], "afsnitsnøglen"))
        check(lambda: self.unique([k.id for k in template.goal_kinds], "indsatstypen"))
        for kind in template.goal_kinds:
            if kind.section_key is not None and template.section(kind.section_key) is None:
                found.append(f"indsatstypen '{kind.id}' placeres i afsnittet '{kind.section_key}', som ikke findes")
            if kind.field(kind.title_field) is None:
                found.append(f"indsatstypen '{kind.id}': titelfeltet '{kind.title_field}' findes ikke")
        check(lambda: self.check_series(template))
        key = template.export.signature_section
        if key is not None and template.section(key) is None:
            found.append(f"[export]: underskrifterne placeres i afsnittet '{key}', som ikke findes")
        problem = sum_problem(template)
        if problem:
            found.append(problem)
        found += [f"metadatafeltet '{required}' mangler" for required in ("unit", "year")
                  if template.metadata_field(required) is None]
        if found:
            raise TemplateError(self.origin, found[0], [TemplateProblem(self.origin, None, None, p) for p in found])
