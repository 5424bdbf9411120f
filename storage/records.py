"""``@record``: a dataclass whose methods other than ``__init__`` are not compiled.

A record is declared and behaves exactly as with ``@dataclass`` (``frozen``, ``eq`` and ``slots`` as
there): it *is* a dataclass, so ``dataclasses.fields``, ``replace`` and ``asdict`` work, and type
checkers see ``dataclasses.dataclass`` itself. Its ``__init__``, ``__repr__``, ``__eq__``,
``__hash__`` and frozen guard do what dataclass's do.

Why not ``@dataclass`` itself: Python 3.11 makes each of those methods by compiling source text, six
per frozen class. The 28 domain classes loaded before the window's first paint cost a tenth of what
Aftaler adds to a bare Qt window's start (callgrind: ~70 million instructions of ~670). Here only
``__init__`` is compiled, as dataclass compiles it, because it runs for every object made, and only
when the first object of the class is made; the rest are shared functions over the class's field
names, made without compiling anything.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from operator import attrgetter
from reprlib import recursive_repr
from typing import TYPE_CHECKING, Any, TypeVar

T = TypeVar("T")

#: a default_factory field given no value (dataclass's own sentinel plays the same part)
_FACTORY = object()


def _record(cls: type[T] | None = None, /, *, frozen: bool = False, eq: bool = True,
            slots: bool = False) -> Any:
    def wrap(cls: type[T]) -> type[T]:
        return _make(cls, frozen=frozen, eq=eq, slots=slots)

    return wrap if cls is None else wrap(cls)


def _make(cls: type[T], *, frozen: bool, eq: bool, slots: bool) -> type[T]:
    class_hash = cls.__dict__.get("__hash__", dataclasses.MISSING)
    explicit_hash = not (class_hash is dataclasses.MISSING or (class_hash is None and "__eq__" in cls.__dict__))
    # the fields, __dataclass_fields__ and __match_args__, and the slotted class: nothing compiled
    cls = dataclasses.dataclass(cls, init=False, repr=False, eq=False, frozen=False, slots=slots)
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    names = tuple(f.name for f in fields)
    _add(cls, "__init__", _first_init(cls, fields, frozen))
    _add(cls, "__repr__", _repr_method(tuple(f.name for f in fields if f.repr)))
    if eq:
        _add(cls, "__eq__", _eq_method(_key(tuple(f.name for f in fields if f.compare))))
        if not explicit_hash:
            hashed = tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash))
            cls.__hash__ = _hash_method(_key(hashed)) if frozen else None  # type: ignore[assignment]
    if frozen:
        guards = (("__setattr__", _frozen_setattr(cls, names)), ("__delattr__", _frozen_delattr(cls, names)))
        for name, method in guards:
            if name in cls.__dict__:
                raise TypeError(f"Cannot overwrite attribute {name} in class {cls.__name__}")
            _add(cls, name, method)
        if slots:  # pickling and copying a frozen slotted object, as dataclass allows them
            _add(cls, "__getstate__", _getstate_method(names))
            _add(cls, "__setstate__", _setstate_method(names))
    return cls


def _add(cls: type, name: str, method: Callable[..., Any]) -> None:
    """As dataclass does: a method the class body wrote itself is kept."""
    if name in cls.__dict__:
        return
    method.__qualname__ = f"{cls.__qualname__}.{name}"
    method.__name__ = name
    setattr(cls, name, method)


def _first_init(cls: type, fields: tuple[dataclasses.Field[Any], ...], frozen: bool) -> Callable[..., None]:
    """An ``__init__`` that, the first time an object of the class is made, compiles the real one and puts it in
    its place: a record the start-up never instantiates costs nothing to compile."""
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        init = _init_method(cls, fields, frozen)
        init.__qualname__ = __init__.__qualname__
        if cls.__dict__.get("__init__") is __init__:
            type.__setattr__(cls, "__init__", init)
        init(self, *args, **kwargs)

    return __init__


def _init_method(cls: type, fields: tuple[dataclasses.Field[Any], ...], frozen: bool) -> Callable[..., None]:
    """``__init__`` compiled from source, as dataclass writes it: one parameter per init field in order,
    defaults and factories, init=False fields given their default, ``__post_init__`` called."""
    self_name = "__record_self__" if "self" in {f.name for f in fields} else "self"
    scope: dict[str, Any] = {"__record_factory__": _FACTORY, "__record_set__": object.__setattr__}
    params: list[str] = []
    body: list[str] = []
    defaulted = False
    for f in fields:
        value: str | None = f.name if f.init else None
        if f.default_factory is not dataclasses.MISSING:
            scope[f"__record_make_{f.name}__"] = f.default_factory
            if f.init:
                params.append(f"{f.name}=__record_factory__")
                value = f"__record_make_{f.name}__() if {f.name} is __record_factory__ else {f.name}"
                defaulted = True
            else:
                value = f"__record_make_{f.name}__()"
        elif f.default is not dataclasses.MISSING:
            scope[f"__record_default_{f.name}__"] = f.default
            if f.init:
                params.append(f"{f.name}=__record_default_{f.name}__")
                defaulted = True
            else:
                value = f"__record_default_{f.name}__"
        elif f.init:
            if defaulted:
                raise TypeError(f"non-default argument {f.name!r} follows default argument")
            params.append(f.name)
        if value is not None:
            body.append(f"__record_set__({self_name}, {f.name!r}, {value})" if frozen
                        else f"{self_name}.{f.name} = {value}")
    if hasattr(cls, "__post_init__"):
        body.append(f"{self_name}.__post_init__()")
    lines = "".join(f"    {line}\n" for line in body or ["pass"])
    source = f"def __init__({', '.join([self_name, *params])}):\n{lines}"
    made: dict[str, Any] = {}
    exec(source, scope, made)  # noqa: S102 — text built above from the class's own field names
    init: Callable[..., None] = made["__init__"]
    return init


def _key(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The tuple of ``names``' values, as dataclass's methods compare and hash them."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        get = attrgetter(names[0])
        return lambda obj: (get(obj),)
    return lambda obj: ()


def _repr_method(names: tuple[str, ...]) -> Callable[[Any], str]:
    @recursive_repr()
    def __repr__(self: Any) -> str:
        return f"{self.__class__.__qualname__}({', '.join(f'{name}={getattr(self, name)!r}' for name in names)})"

    return __repr__


def _eq_method(key: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any, object], Any]:
    def __eq__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return key(self) == key(other)
        return NotImplemented

    return __eq__


def _hash_method(key: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any], int]:
    def __hash__(self: Any) -> int:
        return hash(key(self))

    return __hash__


def _frozen_setattr(cls: Any, names: tuple[str, ...]) -> Callable[[Any, str, Any], None]:
    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    return __setattr__


def _frozen_delattr(cls: Any, names: tuple[str, ...]) -> Callable[[Any, str], None]:
    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    return __delattr__



def _getstate_method(names: tuple[str, ...]) -> Callable[[Any], list[Any]]:
    def __getstate__(self: Any) -> list[Any]:
        return [getattr(self, name) for name in names]

    return __getstate__


def _setstate_method(names: tuple[str, ...]) -> Callable[[Any, list[Any]], None]:
    def __setstate__(self: Any, state: list[Any]) -> None:
        for name, value in zip(names, state, strict=True):
            object.__setattr__(self, name, value)

    return __setstate__


if TYPE_CHECKING:
    from dataclasses import dataclass as record
else:
    record = _record
