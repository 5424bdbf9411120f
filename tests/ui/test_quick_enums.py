"""``ui.quick_enums`` makes PySide6's enums as Python's ``enum`` module does, only faster.

Every enum of the Qt modules Aftaler uses is recorded as PySide6 asks for it (in a fresh process, each
class touched once), then made both ways in this process and held equal: the class's namespace
attribute by attribute, and what a program sees of each member (name, value, repr, str, format, hash,
lookup by value, iteration, aliases, and for flags the combinations and inversions)."""

from __future__ import annotations

import enum
import json
import pickle
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import DynamicClassAttribute, MethodType
from typing import Any

import pytest

from ui import quick_enums
from ui.quick_enums import install_quick_enums, quick_create

REPO_ROOT = Path(__file__).resolve().parents[2]
QT_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtPrintSupport", "QtNetwork")
BASES = {base.__name__: base for base in (enum.Enum, enum.IntEnum, enum.Flag, enum.IntFlag)}

RECORDER = """
import enum, importlib, json, sys
calls = []
original = enum.EnumType._create_
def record(cls, class_name, names, **options):
    names = list(names)
    boundary = options.get("boundary")
    calls.append([cls.__name__, class_name, names, options.get("qualname"), options.get("start", 1),
                  None if boundary is None else boundary.name, options.get("type") is None])
    return original(cls, class_name, names, **options)
enum.EnumType._create_ = record
for name in sys.argv[1:]:
    module = importlib.import_module("PySide6." + name)
    for attribute in dir(module):
        found = getattr(module, attribute)
        if isinstance(found, type):
            for inner in dir(found):
                getattr(found, inner, None)
json.dump(calls, sys.stdout)
"""

Call = tuple[str, str, list[tuple[str, int]], "str | None", int, "str | None"]


@pytest.fixture(scope="module")
def pyside_calls() -> list[Call]:
    """Every enum the Qt modules make, as PySide6 asks ``enum`` for it."""
    done = subprocess.run([sys.executable, "-c", RECORDER, *QT_MODULES], cwd=REPO_ROOT, capture_output=True,
                          text=True, check=True, env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    calls = []
    for base, name, pairs, qualname, start, boundary, plain_type in json.loads(done.stdout):
        assert plain_type, name  # PySide6 never mixes in a data type of its own
        calls.append((base, name, [(member, value) for member, value in pairs], qualname, start, boundary))
    return calls


def make(create: Any, call: Call) -> Any:
    base, name, pairs, qualname, start, boundary = call
    return create(BASES[base], name, list(pairs), module="PySide6.Test", qualname=qualname, start=start,
                  boundary=None if boundary is None else enum.FlagBoundary[boundary])


def namespace(made: Any) -> dict[str, Any]:
    """The class's own attributes, with members, maps and bound methods written so two classes compare."""
    def plain(value: Any) -> Any:
        if isinstance(value, made):
            return ("member", value._name_, value._value_, getattr(value, "_sort_order_", None),
                    getattr(value, "__objclass__", None) is made, dict(vars(value)).keys())
        if isinstance(value, dict):
            return [(key, plain(item)) for key, item in value.items()]
        if isinstance(value, list):
            return [plain(item) for item in value]
        if isinstance(value, MethodType):
            return ("method", value.__func__, value.__self__ is made)
        if isinstance(value, DynamicClassAttribute):  # a member's name that shadows Enum's own attribute
            return ("redirect", value.fget, value.fset, value.fdel, plain(getattr(value, "member", None)))
        return value
    return {key: plain(value) for key, value in vars(made).items()}


def outcome(action: Callable[..., Any], *arguments: Any) -> Any:
    """The result, or the error: Qt has flags with negative values and aliases of several bits, which Python
    3.11 refuses to iterate or trips over; it must do so the same way both times."""
    try:
        return action(*arguments)
    except (ValueError, AttributeError, TypeError) as error:
        return ("refused", type(error), str(error))


def combined(a: Any, b: Any) -> tuple[Any, ...]:
    """Two flags combined every way, as reprs (each made on its own class)."""
    return (outcome(lambda: repr(a | b)), outcome(lambda: repr(a & b)), outcome(lambda: repr(a ^ b)),
            outcome(lambda: repr(~a)), bool(a), outcome(lambda: [m.name for m in a | b]))


def seen(made: Any) -> dict[str, Any]:
    """What a program sees of the enum and its members."""
    members = list(made.__members__.items())
    shown: dict[str, Any] = {
        "iteration": [(m.name, m.value) for m in made],
        "members": [(name, m.name, m.value) for name, m in members],
        "len": len(made),
        "dir": dir(made),
        "each": [(repr(m), str(m), format(m), f"{m!s:>8}", hash(m), made(m.value).name, m in made,
                  made[name].name) for name, m in members],
    }
    if issubclass(made, enum.Flag):
        values = [m for _, m in members]
        shown["flags"] = [combined(a, b) for a, b in zip(values, values[1:] + values[:1], strict=True)]
        shown["all"] = (outcome(lambda: repr(made(made._all_bits_))), outcome(lambda: repr(made(0))),
                        made._flag_mask_, made._singles_mask_)
    if issubclass(made, int) and members:
        first = members[0][1]
        shown["int"] = (int(first), first + 1, first == first.value, sorted(made, key=int)[0].name)
    return shown


def test_every_qt_enum_made_quickly_equals_the_one_python_makes(pyside_calls: list[Call]) -> None:
    assert len(pyside_calls) > 500  # Qt's modules, not a handful
    assert {call[0] for call in pyside_calls} == set(BASES)
    for call in pyside_calls:
        ordinary = make(quick_enums._original_create, call)
        quick = make(quick_create, call)
        assert type(quick) is type(ordinary) and quick.__bases__ == ordinary.__bases__, call[1]
        assert namespace(quick) == namespace(ordinary), call[1]
        assert seen(quick) == seen(ordinary), call[1]
        assert namespace(quick) == namespace(ordinary), call[1]  # also after the lookups made pseudo-members


def test_qt_enums_have_aliases_flags_out_of_order_and_zero_members(pyside_calls: list[Call]) -> None:
    """The cases the comparison must cover are among PySide6's enums."""
    made = [make(quick_create, call) for call in pyside_calls]
    assert any(len(m.__members__) > len(m) for m in made)  # aliases
    flags = [m for m in made if issubclass(m, enum.Flag)]
    assert any(m._iter_member_ == m._iter_member_by_def_ for m in flags)  # values not in order
    assert any(m(0).name for m in flags if 0 in m._value2member_map_)  # a named zero
    assert any(not enum._is_single_bit(v) and v for m in flags for v in m._value2member_map_)  # type: ignore[attr-defined]


@pytest.mark.parametrize("names", [
    "RED GREEN",  # a string of names
    [("_hidden", 1), ("RED", 2)],  # a private name
    [("RED", 1), ("RED", 2)],  # a name twice
    [("name", 1)],  # shadows Enum.name
    [("RED", (1, 2))],  # a tuple value
    [("RED", 1.5)],  # not an int
    {"RED": 1},  # a mapping
    [],
])
def test_anything_but_the_plain_case_is_made_by_python_itself(names: Any) -> None:
    def made_by(create: Any) -> Any:
        try:
            made = create(enum.IntEnum, "Colour", names, module=__name__)
        except Exception as error:  # noqa: BLE001 — the same refusal both ways is part of the contract
            return ("refused", type(error), str(error))
        return namespace(made), [(m.name, m.value) for m in made]
    assert made_by(quick_create) == made_by(quick_enums._original_create)


class Holder:
    """Where the enum below is found again when unpickled (its qualified name)."""


def test_the_functional_api_names_the_calling_module_and_qualified_name_and_pickles(
        monkeypatch: pytest.MonkeyPatch) -> None:
    pairs = [("RED", 1), ("GREEN", 2), ("YELLOW", 3)]
    ordinary = enum.IntFlag("Colour", pairs, qualname="Holder.Colour")
    monkeypatch.setattr(enum.EnumType, "_create_", quick_create)
    colour = enum.IntFlag("Colour", pairs, qualname="Holder.Colour")
    assert (colour.__module__, colour.__qualname__) == (__name__, "Holder.Colour")
    assert namespace(colour) == namespace(ordinary)
    monkeypatch.setattr(Holder, "Colour", colour, raising=False)
    assert pickle.loads(pickle.dumps(colour.RED | colour.GREEN)) is colour.YELLOW


def test_installed_on_python_3_11_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(enum.EnumType, "_create_", quick_enums._original_create)
    monkeypatch.setattr(quick_enums, "SUPPORTED", (3, 99))
    assert install_quick_enums() is False
    assert enum.EnumType._create_ is quick_enums._original_create
    monkeypatch.setattr(quick_enums, "SUPPORTED", sys.version_info[:2])
    assert install_quick_enums() is True
    assert enum.EnumType._create_ is quick_create


def test_the_window_s_package_installs_it_before_pyside6_makes_an_enum_on_python_3_11() -> None:
    probe = ("import enum, {first}; from PySide6 import QtCore, QtWidgets;"
             " print(enum.EnumType._create_.__module__, repr(QtCore.Qt.AlignmentFlag.AlignLeft"
             " | QtCore.Qt.AlignmentFlag.AlignTop), QtCore.Qt.Key(16777216).name,"
             " QtWidgets.QSizePolicy.Policy.Expanding.value, ~QtCore.Qt.ItemFlag.ItemIsEnabled)")

    def run(first: str) -> list[str]:
        return subprocess.run([sys.executable, "-c", probe.format(first=first)], cwd=REPO_ROOT, capture_output=True,
                              text=True, check=True, env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
                              ).stdout.split(maxsplit=1)
    quick, ordinary = run("ui"), run("PySide6")
    installed = "ui.quick_enums" if sys.version_info[:2] == quick_enums.SUPPORTED else "enum"
    assert (quick[0], ordinary[0]) == (installed, "enum")
    assert quick[1] == ordinary[1]
    assert quick[1].startswith("<AlignmentFlag.AlignLeft|AlignTop: 33> Key_Escape 7 ")
