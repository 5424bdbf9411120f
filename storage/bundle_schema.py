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
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from storage.bundle_format import schema

#: (path to the first problem, the keyword that failed, its value in the schema) or None
Problem = tuple[tuple[str | int, ...], str, Any]
#: while checking: the path is built in reverse as the problem travels up, only when there is one
_Raw = tuple[list[str | int], str, Any]
Check = Callable[[Any], _Raw | None]

#: the Python type json.loads gives for each JSON Schema type (exact: a bool is not an integer)
_TYPES: dict[str, type] = {"string": str, "integer": int, "boolean": bool, "object": dict, "array": list,
                           "null": type(None)}
_IGNORED = {"$schema", "$id", "$comment", "title", "$defs", "description"}


class _Compiler:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Check] = {}

    def ref(self, pointer: str) -> Check:
        if pointer not in self.refs:
            compiled: list[Check] = []  # filled below; a $ref met while compiling reaches it through this
            self.refs[pointer] = lambda v: compiled[0](v)
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

        def every(v: Any) -> _Raw | None:
            for check in checks:
                problem = check(v)
                if problem is not None:
                    return problem
            return None
        return every

    def k_ref(self, value: str, node: dict[str, Any]) -> Check:
        return self.ref(value)

    def k_type(self, value: str | list[str], node: dict[str, Any]) -> Check:
        allowed = frozenset(_TYPES[t] for t in ([value] if isinstance(value, str) else value))
        return lambda v: None if type(v) in allowed else ([], "type", value)

    def k_const(self, value: Any, node: dict[str, Any]) -> Check:
        return lambda v: None if (v == value and type(v) is type(value)) else ([], "const", value)

    def k_enum(self, value: list[Any], node: dict[str, Any]) -> Check:
        return lambda v: None if any(v == e and type(v) is type(e) for e in value) else ([], "enum", value)

    def k_pattern(self, value: str, node: dict[str, Any]) -> Check:
        regex = re.compile(value)
        return lambda v: None if not isinstance(v, str) or regex.search(v) else ([], "pattern", value)

    def k_maxLength(self, value: int, node: dict[str, Any]) -> Check:  # noqa: N802 - the keyword's name
        return lambda v: None if not isinstance(v, str) or len(v) <= value else ([], "maxLength", value)

    def k_minimum(self, value: int, node: dict[str, Any]) -> Check:
        return lambda v: None if not _number(v) or v >= value else ([], "minimum", value)

    def k_maximum(self, value: int, node: dict[str, Any]) -> Check:
        return lambda v: None if not _number(v) or v <= value else ([], "maximum", value)

    def k_maxItems(self, value: int, node: dict[str, Any]) -> Check:  # noqa: N802
        return lambda v: None if not isinstance(v, list) or len(v) <= value else ([], "maxItems", value)

    def k_minItems(self, value: int, node: dict[str, Any]) -> Check:  # noqa: N802
        return lambda v: None if not isinstance(v, list) or len(v) >= value else ([], "minItems", value)

    def k_anyOf(self, value: list[dict[str, Any]], node: dict[str, Any]) -> Check:  # noqa: N802
        options = [self.compile(option) for option in value]
        return lambda v: None if any(o(v) is None for o in options) else ([], "anyOf", value)

    def k_items(self, value: dict[str, Any], node: dict[str, Any]) -> Check:
        item = self.compile(value)

        def items(v: Any) -> _Raw | None:
            if isinstance(v, list):
                for index, child in enumerate(v):
                    problem = item(child)
                    if problem is not None:
                        problem[0].append(index)
                        return problem
            return None
        return items

    def k_required(self, value: list[str], node: dict[str, Any]) -> Check:
        return lambda v: None if not isinstance(v, dict) or all(k in v for k in value) else ([], "required", value)

    def k_propertyNames(self, value: dict[str, Any], node: dict[str, Any]) -> Check:  # noqa: N802
        name = self.compile(value)

        def names(v: Any) -> _Raw | None:
            if isinstance(v, dict):
                for key in v:
                    problem = name(key)
                    if problem is not None:
                        return problem
            return None
        return names

    def k_additionalProperties(self, value: bool, node: dict[str, Any]) -> Check:  # noqa: N802
        assert value is False, "only additionalProperties: false is compiled"
        known = set(node.get("properties", {}))
        return lambda v: None if not isinstance(v, dict) or known.issuperset(v) else ([], "additionalProperties",
                                                                                      False)

    def k_properties(self, value: dict[str, dict[str, Any]], node: dict[str, Any]) -> Check:
        checks = [(key, self.compile(sub)) for key, sub in value.items()]

        def properties(v: Any) -> _Raw | None:
            if isinstance(v, dict):
                for key, check in checks:
                    if key in v:
                        problem = check(v[key])
                        if problem is not None:
                            problem[0].append(key)
                            return problem
            return None
        return properties


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


@lru_cache(maxsize=8)
def checker(definition: str) -> Check:
    """The compiled check of ``#/$defs/<definition>``."""
    return _Compiler(schema()).ref(f"#/$defs/{definition}")


def first_problem(value: Any, definition: str) -> Problem | None:
    problem = checker(definition)(value)
    if problem is None:
        return None
    path, keyword, expected = problem
    return tuple(reversed(path)), keyword, expected
