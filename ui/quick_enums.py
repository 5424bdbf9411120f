"""PySide6's Python enums, made in a fifth of the time on Python 3.11.

PySide6 turns every C++ enum of a Qt class into a Python ``enum`` class the first time the class is
used, through the functional API: ``IntEnum("Key", [("Key_Escape", 16777216), ...])``. Python 3.11
makes each member the general way: the name is checked as a class attribute would be, stored as a
placeholder, and then replaced on the finished class by ``_proto_member.__set_name__``, which looks
for descriptors in every base first; and each class goes through all of ``EnumType.__new__``. For the
~200 enums the window makes before its first paint (1,300 members in the ``Qt`` namespace alone) that
was some 50 ms, the largest single item Aftaler added to a bare PySide6 window; made here, about 11.

:func:`install_quick_enums` puts :func:`quick_create` in the place of ``EnumType._create_``. For the
plain case, which is what PySide6 asks for (``Enum``, ``IntEnum``, ``Flag`` or ``IntFlag`` itself, a
list of ``(name, int)`` pairs, names that are public, unique and no attribute of the base), it makes
the class from the namespace Python gives an enum of that base without members (made once per base),
and adds the members as ``__set_name__`` would, without the per-member checks that cannot fail here.
Everything else goes to Python's own ``_create_`` unchanged. ``tests/ui/test_quick_enums.py`` makes
every enum of the Qt modules Aftaler uses both ways and holds the two equal, member by member.

The steps copy Python 3.11's ``enum`` module, so nothing is installed on any other version: there
PySide6's enums are made the ordinary way.
"""

from __future__ import annotations

import enum
import functools
import sys
from typing import Any

#: the Python whose ``enum`` internals :func:`quick_create` repeats
SUPPORTED = (3, 11)

# Python's private parts this repeats; where one is missing, nothing is installed
_original_create: Any = getattr(enum.EnumType, "_create_", None)
_is_single_bit: Any = getattr(enum, "_is_single_bit", None)
_PLAIN_BASES: tuple[type[enum.Enum], ...] = (enum.Enum, enum.IntEnum, enum.Flag, enum.IntFlag)
_set_class_attribute = type.__setattr__


@functools.cache
def _base_attributes(base: type) -> frozenset[str]:
    """Every attribute name of *base* and its bases: a member of that name would need a redirect."""
    return frozenset(name for klass in base.__mro__ for name in vars(klass))


def _plain_members(base: type, names: object) -> bool:
    """True if *names* is a non-empty list of ``(public name, int)`` pairs that no base attribute shadows."""
    if names.__class__ is not list or not names:
        return False
    taken = _base_attributes(base)
    seen: set[str] = set()
    for item in names:
        if item.__class__ is not tuple or len(item) != 2:
            return False
        name, value = item
        if name.__class__ is not str or value.__class__ is not int or not name or name[0] == "_" \
                or name == "mro" or name in taken or name in seen:
            return False
        seen.add(name)
    return True


def _caller_module() -> str | None:
    """The module of whoever called the enum class, found as ``EnumType._create_`` finds it."""
    try:
        return sys._getframe(3).f_globals["__name__"]  # 0 here, 1 quick_create, 2 EnumType.__call__
    except (AttributeError, ValueError, KeyError):
        return None


def quick_create(cls: Any, class_name: str, names: Any, *, module: str | None = None,
                 qualname: str | None = None, type: Any = None, start: int = 1,  # noqa: A002 — Python's name
                 boundary: Any = None) -> Any:
    """``EnumType._create_``, with the members of a plain enum added directly."""
    if module is None:
        module = _caller_module()
    if module is None:  # no Python frame called: Python makes the class unpicklable
        made = _original_create(cls, class_name, names, module="<unknown>", qualname=qualname, type=type,
                                start=start, boundary=boundary)
        enum._make_class_unpicklable(made)  # type: ignore[attr-defined]
        return made
    if sys.version_info[:2] != SUPPORTED or type is not None or cls not in _PLAIN_BASES \
            or not _plain_members(cls, names):
        return _original_create(cls, class_name, names, module=module, qualname=qualname, type=type,
                                start=start, boundary=boundary)
    made = _empty_enum(cls, class_name, module, qualname, boundary)
    _add_members(made, names)
    return made


#: what each new enum class gets of its own; the rest of an empty enum's namespace is the same for all
_OWN = ("_member_names_", "_member_map_", "_value2member_map_", "_unhashable_values_", "__module__", "__new__")


@functools.cache
def _shared_namespace(base: type, boundary: Any) -> dict[str, Any]:
    """The namespace ``EnumType.__new__`` gives an enum of *base* without members, less what is its own."""
    empty = _original_create(base, "Empty", [], module=__name__, boundary=boundary)
    return {name: value for name, value in vars(empty).items() if name not in _OWN}


def _empty_enum(base: type, class_name: str, module: str, qualname: str | None, boundary: Any) -> Any:
    """The class ``EnumType.__new__`` makes with no members, made directly from its namespace."""
    namespace = dict(_shared_namespace(base, boundary))
    namespace.update(_member_names_=[], _member_map_={}, _value2member_map_={}, _unhashable_values_=[],
                     __module__=module)
    if qualname is not None:
        namespace["__qualname__"] = qualname
    made = type.__new__(type(base), class_name, (base,), namespace)
    _set_class_attribute(made, "__new__", enum.Enum.__new__)  # set after the class is made, as Python does
    return made


def _add_members(made: Any, names: list[tuple[str, int]]) -> None:
    """What ``_proto_member.__set_name__`` does for each member, then ``EnumType.__new__``'s Flag step."""
    is_flag = issubclass(made, enum.Flag)
    new_member = made._new_member_
    use_args = made._use_args_
    member_type = made._member_type_
    member_names = made._member_names_
    member_map = made._member_map_
    value_map = made._value2member_map_
    flag_mask = singles_mask = 0
    for name, given in names:
        member = new_member(made, given) if use_args else new_member(made)
        # the bases' __new__ (int's, object's) set no _value_, and their __init__ (Enum's) does nothing
        member._value_ = value = given if member_type is object else member_type(given)
        member._name_ = name
        member.__objclass__ = made
        member._sort_order_ = len(member_names)
        if is_flag:
            flag_mask |= value
            if _is_single_bit(value):
                singles_mask |= value
        canonical = value_map.get(value)
        if canonical is None:
            if not is_flag or _is_single_bit(value):
                member_names.append(name)
            value_map[value] = member
        else:  # another name for a value already there
            member = canonical
        _set_class_attribute(made, name, member)
        member_map[name] = member
    if is_flag:
        _set_class_attribute(made, "_flag_mask_", flag_mask)
        _set_class_attribute(made, "_singles_mask_", singles_mask)
        _set_class_attribute(made, "_all_bits_", 2 ** flag_mask.bit_length() - 1)
        values = [m._value_ for m in made]
        if values != sorted(values):
            _set_class_attribute(made, "_iter_member_", made._iter_member_by_def_)


def install_quick_enums() -> bool:
    """Make plain enums with :func:`quick_create` from now on; False (and nothing changed) off Python 3.11."""
    if sys.version_info[:2] != SUPPORTED or _original_create is None or _is_single_bit is None \
            or not hasattr(enum, "_make_class_unpicklable"):
        return False
    enum.EnumType._create_ = quick_create  # type: ignore[attr-defined]
    return True
