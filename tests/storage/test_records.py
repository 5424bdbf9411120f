"""``@record`` behaves as ``@dataclass``: each shape of class the program declares is made both ways
and the twins must agree on construction, defaults, repr, equality, hashing, the frozen guard,
``replace``/``asdict``, copying and pickling."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
from dataclasses import field
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storage.records import record


def twins(body: dict[str, Any], annotations: dict[str, str], **options: Any) -> tuple[type, type]:
    """The same class made by ``@dataclass`` and by ``@record`` (fresh namespaces, same names)."""
    made: list[type] = []
    for decorate in (dataclasses.dataclass, record):
        namespace = {"__annotations__": dict(annotations), "__module__": __name__, "__qualname__": "Thing",
                     "__doc__": "A thing.", **body}
        made.append(decorate(**options)(type("Thing", (), namespace)))
    return made[0], made[1]


SHAPES: dict[str, tuple[dict[str, Any], dict[str, str], dict[str, Any]]] = {
    "plain": ({}, {"uuid": "str", "position": "int"}, {}),
    "defaults and factories": (
        {"created": "", "values": field(default_factory=dict), "rows": field(default_factory=list)},
        {"uuid": "str", "created": "str", "values": "dict", "rows": "list"}, {}),
    "frozen": ({"guidance": "", "kinds": ()}, {"id": "str", "label": "str", "guidance": "str", "kinds": "tuple"},
               {"frozen": True}),
    "frozen, slotted": ({"bold": False}, {"size": "int", "bold": "bool"}, {"frozen": True, "slots": True}),
    "identity equality": ({"children": field(default_factory=list)}, {"uuid": "str", "children": "list"},
                          {"eq": False}),
    "hidden field": ({"_index": field(default=None, init=False, repr=False, compare=False)},
                     {"uuid": "str", "_index": "object"}, {}),
    "no fields": ({}, {}, {"frozen": True}),
}


def arguments(annotations: dict[str, str], shape: str) -> list[dict[str, Any]]:
    base = {"uuid": "a", "position": 1, "id": "x", "label": "X", "size": 11, "created": "2008"}
    variants = [{k: v for k, v in base.items() if k in annotations}]
    if "values" in annotations:
        variants.append({**variants[0], "values": {"k": 1}, "rows": [1, 2]})
    if "kinds" in annotations:
        variants.append({**variants[0], "kinds": ("goal",), "guidance": "Skriv"})
    if "bold" in annotations:
        variants.append({**variants[0], "bold": True})
    return variants


@pytest.mark.parametrize("shape", SHAPES)
def test_a_record_acts_as_the_dataclass_it_declares(shape: str) -> None:
    body, annotations, options = SHAPES[shape]
    as_dataclass, as_record = twins(body, annotations, **options)
    assert dataclasses.is_dataclass(as_record)
    assert [(f.name, f.init, f.repr, f.compare) for f in dataclasses.fields(as_record)] == \
           [(f.name, f.init, f.repr, f.compare) for f in dataclasses.fields(as_dataclass)]
    assert getattr(as_record, "__match_args__") == getattr(as_dataclass, "__match_args__")  # noqa: B009
    assert (as_record.__hash__ is None) == (as_dataclass.__hash__ is None)
    for given_values in arguments(annotations, shape):
        one, other = as_dataclass(**given_values), as_record(**given_values)
        assert repr(other) == repr(one)
        assert dataclasses.asdict(other) == dataclasses.asdict(one)
        again = as_record(**given_values)
        assert (other == again) == (one == as_dataclass(**given_values))
        assert (other != again) == (one != as_dataclass(**given_values))
        assert other != one  # another class: never equal, as dataclass's own twins
        if not options.get("eq", True):
            assert hash(other) == object.__hash__(other)  # identity, as dataclass(eq=False) leaves it
        elif as_dataclass.__hash__ is not None:
            assert hash(other) == hash(one)
        assert dataclasses.replace(other) == other or not options.get("eq", True)
        assert copy.copy(other).__class__ is as_record
        assert [(p.name, p.kind, p.default is p.empty) for p in inspect.signature(as_record).parameters.values()] \
            == [(p.name, p.kind, p.default is p.empty) for p in inspect.signature(as_dataclass).parameters.values()]
        if dataclasses.fields(as_record):
            name = dataclasses.fields(as_record)[0].name
            if options.get("frozen"):
                with pytest.raises(dataclasses.FrozenInstanceError, match=f"cannot assign to field '{name}'"):
                    setattr(other, name, 1)
                with pytest.raises(dataclasses.FrozenInstanceError, match=f"cannot delete field '{name}'"):
                    delattr(other, name)
            else:
                setattr(other, name, "changed")
                assert getattr(other, name) == "changed"


def test_defaults_are_made_afresh_and_hidden_fields_set() -> None:
    _, thing = twins(*SHAPES["defaults and factories"][:2])
    first, second = thing(uuid="a"), thing("b")
    first.values["k"] = 1
    assert second.values == {} and first.rows is not second.rows
    _, hidden = twins(*SHAPES["hidden field"][:2])
    assert hidden("a")._index is None
    with pytest.raises(TypeError):
        hidden("a", None)  # not a parameter, as with dataclass


def test_missing_and_unknown_arguments_are_refused_as_dataclass_refuses_them() -> None:
    as_dataclass, as_record = twins(*SHAPES["plain"][:2])
    for call in (lambda cls: cls("a"), lambda cls: cls("a", 1, 2), lambda cls: cls(uuid="a", place=1)):
        with pytest.raises(TypeError):
            call(as_dataclass)
        with pytest.raises(TypeError):
            call(as_record)


def test_a_required_field_after_a_defaulted_one_is_refused_at_declaration() -> None:
    with pytest.raises(TypeError, match="non-default argument 'late' follows default argument"):
        twins({"early": 1}, {"early": "int", "late": "int"})


def test_the_class_body_s_own_methods_and_post_init_are_kept() -> None:
    calls = []
    body = {"__eq__": lambda self, other: True, "__repr__": lambda self: "mine",
            "__post_init__": lambda self: calls.append(self.uuid)}
    _, thing = twins(body, {"uuid": "str"})
    made = thing("a")
    assert calls == ["a"] and repr(made) == "mine" and made == object()


def test_inherited_fields_come_first_and_subclasses_compare_by_class() -> None:
    @record
    class Node:
        """A node."""

        uuid: str
        created: str = ""

    @record
    class Goal(Node):
        """A goal."""

        kind: str = ""

    goal = Goal("g", kind="indsats")
    assert [f.name for f in dataclasses.fields(Goal)] == ["uuid", "created", "kind"]
    assert repr(goal) == "test_inherited_fields_come_first_and_subclasses_compare_by_class.<locals>.Goal(" \
                         "uuid='g', created='', kind='indsats')"
    assert goal != Node("g") and Node("g") == Node("g")


def test_a_frozen_slotted_record_copies_and_pickles() -> None:
    _, thing = twins(*SHAPES["frozen, slotted"][:2], frozen=True, slots=True)
    globals()["Thing"] = thing  # pickle finds classes by module and name
    try:
        made = thing(11, bold=True)
        assert pickle.loads(pickle.dumps(made)) == made
        assert copy.deepcopy(made) == made
        assert not hasattr(made, "__dict__")
    finally:
        del globals()["Thing"]


def test_a_record_that_refers_to_itself_shows_dots_as_dataclass_does() -> None:
    _, thing = twins(*SHAPES["defaults and factories"][:2])
    made = thing("a")
    made.rows.append(made)
    assert repr(made) == "Thing(uuid='a', created='', values={}, rows=[...])"


@given(uuid=st.text(), position=st.integers(), values=st.dictionaries(st.text(), st.integers()))
def test_any_values_give_the_dataclass_s_repr_equality_and_hash(uuid: str, position: int,
                                                                  values: dict[str, int]) -> None:
    as_dataclass, as_record = twins({"values": field(default_factory=dict)},
                                    {"uuid": "str", "position": "int", "values": "dict"}, frozen=True)
    one, other = as_dataclass(uuid, position, values), as_record(uuid, position, values)
    assert repr(other) == repr(one)
    assert other == as_record(uuid, position, dict(values))
    assert (other == as_record(uuid, position + 1, values)) is False
    with pytest.raises(TypeError):  # a dict field makes the frozen object unhashable, as with dataclass
        hash(one)
    with pytest.raises(TypeError):
        hash(other)


def test_the_compiled_init_replaces_the_first_one_when_the_first_object_is_made() -> None:
    _, thing = twins(*SHAPES["plain"][:2])
    first = thing.__dict__["__init__"]
    thing("a", 1)
    assert thing.__dict__["__init__"] is not first
    assert thing("b", position=2) == thing(uuid="b", position=2)
