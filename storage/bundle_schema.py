"""The bundle's JSON Schema, compiled once into plain Python checks.

``jsonschema`` walks a 300-agreement bundle in about 25 s (an object per node and keyword); the
schema uses a small part of JSON Schema (type, properties, required, additionalProperties: false,
propertyNames, items, minItems/maxItems, pattern, maxLength, minimum/maximum, const, enum, anyOf,
local $ref), which this module compiles into closures that check the same in a fraction of it.
tests/storage/test_bundle_schema.py holds it to ``jsonschema``'s verdicts on the schema itself.
A keyword it does not know is a programming error (KeyError at compile time), not a silent pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from storage.bundle_format import schema

#: (path to the first problem, the keyword that failed, its value in the schema) or None
Problem = tuple[tuple[str | int, ...], str, Any]
Check = Callable[[Any, tuple[str | int, ...]], Problem | None]

_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "null": lambda v: v is None,
}
_IGNORED = {"$schema", "$id", "$comment", "title", "$defs", "description"}


class _Compiler:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Check] = {}

    def ref(self, pointer: str) -> Check:
        if pointer not in self.refs:
            compiled: list[Check] = []  # filled below; a $ref met while compiling reaches it through this
            self.refs[pointer] = lambda v, p: compiled[0](v, p)
            compiled.append(self.compile(self.root["$defs"][pointer.removeprefix("#/$defs/")]))
            self.refs[pointer] = compiled[0]
        return self.refs[pointer]

    def compile(self, node: dict[str, Any]) -> Check:
        checks: list[Check] = []
        for keyword, value in node.items():
            if keyword in _IGNORED:
                continue
            checks.append(getattr(self, "k_" + keyword.lstrip("$"))(value, node))
        if len(checks) == 1:
            return checks[0]

        return lambda v, p: _first(check(v, p) for check in checks)

    def k_ref(self, value: str, node: dict[str, Any]) -> Check:
        return self.ref(value)

    def k_type(self, value: str | list[str], node: dict[str, Any]) -> Check:
        tests = [_TYPES[t] for t in ([value] if isinstance(value, str) else value)]
        return lambda v, p: None if any(t(v) for t in tests) else (p, "type", value)

    def k_const(self, value: Any, node: dict[str, Any]) -> Check:
        return lambda v, p: None if (v == value and type(v) is type(value)) else (p, "const", value)

    def k_enum(self, value: list[Any], node: dict[str, Any]) -> Check:
        return lambda v, p: None if any(v == e and type(v) is type(e) for e in value) else (p, "enum", value)

    def k_pattern(self, value: str, node: dict[str, Any]) -> Check:
        regex = re.compile(value)
        return lambda v, p: None if not isinstance(v, str) or regex.search(v) else (p, "pattern", value)

    def k_maxLength(self, value: int, node: dict[str, Any]) -> Check:  # noqa: N802 - the keyword's name
        return lambda v, p: None if not isinstance(v, str) or len(v) <= value else (p, "maxLength", value)

    def k_minimum(self, value: int, node: dict[str, Any]) -> Check:
        return lambda v, p: None if not _number(v) or v >= value else (p, "minimum", value)

    def k_maximum(self, value: int, node: dict[str, Any]) -> Check:
        return lambda v, p: None if not _number(v) or v <= value else (p, "maximum", value)

    def k_maxItems(self, value: int, node: dict[str, Any]) -> Check:  # noqa: N802
        return lambda v, p: None if not isinstance(v, list) or len(v) <= value else (p, "maxItems", value)

    def k_minItems(self, value: int, node: dict[str, Any]) -> Check:  # noqa: N802
        return lambda v, p: None if not isinstance(v, list) or len(v) >= value else (p, "minItems", value)

    def k_anyOf(self, value: list[dict[str, Any]], node: dict[str, Any]) -> Check:  # noqa: N802
        options = [self.compile(option) for option in value]
        return lambda v, p: None if any(o(v, p) is None for o in options) else (p, "anyOf", value)

    def k_items(self, value: dict[str, Any], node: dict[str, Any]) -> Check:
        item = self.compile(value)

        return lambda v, p: _first(item(c, (*p, i)) for i, c in enumerate(v)) if isinstance(v, list) else None

    def k_required(self, value: list[str], node: dict[str, Any]) -> Check:
        return lambda v, p: None if not isinstance(v, dict) or all(k in v for k in value) else (p, "required", value)

    def k_propertyNames(self, value: dict[str, Any], node: dict[str, Any]) -> Check:  # noqa: N802
        name = self.compile(value)

        return lambda v, p: _first(name(key, p) for key in v) if isinstance(v, dict) else None

    def k_additionalProperties(self, value: bool, node: dict[str, Any]) -> Check:  # noqa: N802
        assert value is False, "only additionalProperties: false is compiled"
        known = set(node.get("properties", {}))
        return lambda v, p: None if not isinstance(v, dict) or set(v) <= known else (p, "additionalProperties", False)

    def k_properties(self, value: dict[str, dict[str, Any]], node: dict[str, Any]) -> Check:
        checks = {key: self.compile(sub) for key, sub in value.items()}

        return lambda v, p: _first(check(v[k], (*p, k)) for k, check in checks.items() if k in v) \
            if isinstance(v, dict) else None


def _first(problems: Iterable[Problem | None]) -> Problem | None:
    """The first problem; the checks after it are not run."""
    return next((problem for problem in problems if problem is not None), None)


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


@lru_cache(maxsize=8)
def checker(definition: str) -> Check:
    """The compiled check of ``#/$defs/<definition>``."""
    return _Compiler(schema()).ref(f"#/$defs/{definition}")


def first_problem(value: Any, definition: str) -> Problem | None:
    return checker(definition)(value, ())
