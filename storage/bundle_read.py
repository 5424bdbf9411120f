"""Reading a bundle (``.aftale``) from a stranger: every check before anything touches the store.

Member names are only looked up, never used as paths. The zip's directory is checked against
:data:`storage.bundle_format.LIMITS` (entries, sizes, compression ratio) and every member is read
in 64 KB steps with the bytes counted, since a directory can lie. JSON may not repeat a key or
nest deeper than the limit; the manifest and each agreement must follow the JSON Schema
(resources/bundle/schema-v1.json), each agreement must match its sha256 in the manifest and each
template its hash. Each refusal is a Danish :class:`BundleError` naming what and where.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
import zlib
from pathlib import Path
from typing import Any

from storage.bundle_format import (
    BUNDLE_FORMAT,
    BUNDLE_VERSION,
    LIMITS,
    MANIFEST,
    agreement_member,
    template_member,
)
from storage.bundle_schema import first_problem
from storage.errors import StoreError, danish_reason
from storage.records import record
from storage.templates import TemplateError, parse_template, template_hash

STEP = 64 * 1024
#: what reading a damaged or lying zip member can raise
DAMAGED = (zipfile.BadZipFile, zlib.error, NotImplementedError, ValueError, EOFError, OSError, RuntimeError)


class BundleError(StoreError):
    """A bundle that cannot be imported; the store was not touched."""


@record(frozen=True)
class Bundle:
    """A checked .aftale file: its name, manifest and each agreement's canonical content."""

    name: str
    manifest: dict[str, Any]
    #: canonical content per agreement (with its templates, as :func:`read_canonical` takes it)
    agreements: list[dict[str, Any]]


def _shown(name: str) -> str:
    printable = "".join(c for c in name if c.isprintable())
    return printable if len(printable) <= 80 else printable[:79] + "…"


class _Reader:
    def __init__(self, path: Path, archive: zipfile.ZipFile) -> None:
        self.name = path.name
        self.archive = archive
        self.members: dict[str, zipfile.ZipInfo] = {}

    def fail(self, problem: str) -> BundleError:
        return BundleError(f"Pakken '{self.name}' kan ikke importeres: {problem}. Intet er ændret.")

    def check_directory(self) -> None:
        infos = self.archive.infolist()
        if len(infos) > LIMITS.entries:
            raise self.fail(f"den har {len(infos)} dele (højst {LIMITS.entries})")
        total = 0
        for info in infos:
            shown = _shown(info.filename)
            if info.filename in self.members:
                raise self.fail(f"delen '{shown}' findes to gange")
            if info.file_size > LIMITS.entry_bytes:
                raise self.fail(f"delen '{shown}' fylder {info.file_size} byte (højst {LIMITS.entry_bytes})")
            if info.file_size > LIMITS.ratio * max(info.compress_size, 1) and info.file_size > STEP:
                raise self.fail(f"delen '{shown}' er pakket usandsynligt tæt (som en zip-bombe)")
            total += info.file_size
            self.members[info.filename] = info
        if total > LIMITS.total_bytes:
            raise self.fail(f"den fylder {total} byte udpakket (højst {LIMITS.total_bytes})")

    def read(self, name: str) -> bytes:
        info = self.members.get(name)
        if info is None:
            raise self.fail(f"delen '{_shown(name)}' mangler")
        limit = min(info.file_size, LIMITS.entry_bytes)
        chunks: list[bytes] = []
        size = 0
        try:
            with self.archive.open(info) as part:
                while chunk := part.read(STEP):
                    size += len(chunk)
                    if size > limit:
                        raise self.fail(f"delen '{_shown(name)}' fylder mere, end pakken angiver (som en zip-bombe)")
                    chunks.append(chunk)
        except DAMAGED as exc:
            raise self.fail(f"delen '{_shown(name)}' er beskadiget ({_shown(str(exc))})") from None
        return b"".join(chunks)

    def json(self, name: str) -> Any:
        data = self.read(name)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise self.fail(f"delen '{_shown(name)}' er ikke UTF-8-tekst") from None
        try:
            value = json.loads(text, object_pairs_hook=self._no_duplicates(name))
        except RecursionError:
            raise self.fail(f"delen '{_shown(name)}' er indlejret for dybt (højst {LIMITS.depth} niveauer)") from None
        except _DuplicateKey as exc:
            raise exc.error from None
        except ValueError as exc:
            raise self.fail(f"delen '{_shown(name)}' er ikke gyldig JSON ({_shown(str(exc))})") from None
        self._check_value(name, value)
        return value

    def _no_duplicates(self, name: str) -> Any:
        def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for key, value in pairs:
                if key in out:
                    raise _DuplicateKey(self.fail(f"delen '{_shown(name)}' har nøglen '{_shown(key)}' to gange"))
                out[key] = value
            return out
        return hook

    def _check_value(self, name: str, value: Any) -> None:
        limit = LIMITS.string_chars

        def too_long(text: str) -> BundleError:
            return self.fail(f"delen '{_shown(name)}' har en tekst på {len(text)} tegn (højst {limit})")

        if isinstance(value, str) and len(value) > limit:
            raise too_long(value)
        stack: list[tuple[Any, int]] = [(value, 1)] if isinstance(value, (dict, list)) else []
        while stack:
            item, depth = stack.pop()
            if depth > LIMITS.depth:
                raise self.fail(f"delen '{_shown(name)}' er indlejret for dybt (højst {LIMITS.depth} niveauer)")
            if isinstance(item, dict):
                for key in item:
                    if len(key) > limit:
                        raise too_long(key)
                children: Any = item.values()
            else:
                children = item
            for child in children:
                if isinstance(child, (dict, list)):
                    stack.append((child, depth + 1))
                elif isinstance(child, str) and len(child) > limit:
                    raise too_long(child)

    def validate(self, name: str, value: Any, definition: str) -> None:
        problem = first_problem(value, definition)
        if problem is not None:
            path, keyword, expected = problem
            instance = value
            for step in path:
                instance = instance[step]
            raise self.fail(f"delen '{_shown(name)}' følger ikke formatet ved {_place(path)}: "
                            f"{_danish(keyword, expected, instance)}")


class _DuplicateKey(ValueError):
    def __init__(self, error: BundleError) -> None:
        super().__init__(str(error))
        self.error = error


def _place(path: tuple[str | int, ...]) -> str:
    text = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
    return f"'{_shown(text.lstrip('.') or '(roden)')}'"


def _danish(kind: str, expected: Any, instance: Any) -> str:
    if kind == "type":
        names = {"string": "tekst", "integer": "et helt tal", "boolean": "true eller false", "object": "et objekt",
                 "array": "en liste", "null": "null"}
        wanted = expected if isinstance(expected, list) else [expected]
        return "værdien skal være " + " eller ".join(names.get(str(w), str(w)) for w in wanted)
    if kind == "required":
        missing = [k for k in expected if isinstance(instance, dict) and k not in instance]
        return "feltet '" + "', '".join(missing) + "' mangler"
    if kind == "additionalProperties":
        return "der er et felt, formatet ikke kender"
    if kind == "pattern":
        return "værdien har ikke den rigtige form (fx tegn, der ikke må stå i en UUID)"
    if kind in ("maxLength", "maxItems"):
        return f"værdien er for lang (højst {expected})"
    if kind == "minItems":
        return f"listen skal have mindst {expected} punkt"
    if kind in ("minimum", "maximum"):
        return "tallet er uden for det tilladte område"
    if kind in ("const", "enum"):
        return "værdien er ikke en af de tilladte"
    return "værdien har forkert type eller form"


def read_bundle(path: Path) -> Bundle:
    """Read and check a bundle; a :class:`BundleError` for anything wrong."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            try:
                archive = zipfile.ZipFile(handle)
            except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, ValueError, EOFError, NotImplementedError):
                raise BundleError(f"Pakken '{path.name}' kan ikke importeres: filen er ikke en gyldig pakke "
                                  "(ikke en zip-fil, eller den er afkortet). Intet er ændret.") from None
            with archive:
                return _read(_Reader(path, archive))
    except OSError as exc:
        raise BundleError(f"Pakken '{path}' kan ikke læses: {danish_reason(exc)}. Intet er ændret.") from exc


def _read(reader: _Reader) -> Bundle:
    reader.check_directory()
    if MANIFEST not in reader.members:
        raise reader.fail(f"den har intet indholdsregister ('{MANIFEST}')")
    manifest = reader.json(MANIFEST)
    version = manifest.get("format_version") if isinstance(manifest, dict) else None
    if isinstance(manifest, dict) and manifest.get("format") != BUNDLE_FORMAT:
        raise reader.fail(f"'{MANIFEST}' er ikke en Aftaler-pakke (format '{_shown(str(manifest.get('format')))}')")
    if isinstance(version, int) and not isinstance(version, bool) and version > BUNDLE_VERSION:
        raise reader.fail(f"den er i formatversion {version}, og denne version af Aftaler læser op til formatversion "
                          f"{BUNDLE_VERSION}. Opdatér Aftaler til en version, der kan læse formatversion {version}")
    reader.validate(MANIFEST, manifest, "manifest")
    templates: dict[str, dict[str, str]] = {}
    for entry in manifest["templates"]:
        name = template_member(entry["hash"])
        try:
            source = reader.read(name).decode("utf-8")
        except UnicodeDecodeError:
            raise reader.fail(f"skabelonen '{name}' er ikke UTF-8-tekst") from None
        if template_hash(source) != entry["hash"]:
            raise reader.fail(f"skabelonen '{name}' passer ikke til sin kontrolsum")
        try:
            parse_template(source, f"{entry['template_id']} (fra pakken)", strict=False)
        except TemplateError as exc:
            raise reader.fail(f"skabelonen '{_shown(entry['template_id'])}' kan ikke indlæses: {exc}") from None
        templates[entry["hash"]] = {"hash": entry["hash"], "template_id": entry["template_id"], "source": source}
    agreements: list[dict[str, Any]] = []
    seen: set[str] = set()
    for entry in manifest["agreements"]:
        name = agreement_member(entry["uuid"])
        if entry["uuid"] in seen:
            raise reader.fail(f"aftalen {entry['uuid']} står to gange i indholdsregistret")
        seen.add(entry["uuid"])
        data = reader.read(name)
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            raise reader.fail(f"delen '{name}' passer ikke til sin kontrolsum i indholdsregistret (ændret undervejs?)")
        document = reader.json(name)
        reader.validate(name, document, "agreement_content")
        agreement = document["agreement"]
        if agreement["uuid"] != entry["uuid"]:
            raise reader.fail(f"delen '{name}' indeholder en anden aftale ({agreement['uuid']})")
        if agreement["template_hash"] not in templates:
            raise reader.fail(f"skabelonen til aftalen '{_shown(agreement['title'])}' mangler i pakken")
        document["templates"] = [templates[agreement["template_hash"]]]
        agreements.append(document)
    _unique_across(reader, agreements)
    return Bundle(reader.name, manifest, agreements)


def _unique_across(reader: _Reader, agreements: list[dict[str, Any]]) -> None:
    """No agreement, section, goal or row UUID may appear in two of the bundle's agreements
    (rounds and meetings may: a year's round covers many agreements)."""
    owner: dict[str, str] = {}
    for document in agreements:
        title = document["agreement"]["title"]
        ids = [document["agreement"]["uuid"], *(e["uuid"] for key in ("sections", "goals", "rows")
                                               for e in document[key])]
        for uuid in set(ids):
            if uuid in owner:
                raise reader.fail(f"UUID'en {uuid} bruges både i aftalen '{_shown(owner[uuid])}' og i "
                                  f"'{_shown(title)}'")
            owner[uuid] = title
