"""storage/bundle_schema.py (the schema compiled into plain checks) gives jsonschema's own verdict on
every bundle member: real ones, and ones with a value anywhere replaced by any JSON."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from exporters.bundle_write import bundle_members
from storage.bundle_format import MANIFEST, schema
from storage.bundle_schema import first_problem
from storage.database import Store
from tests.storage.test_bundle import _replace_somewhere


def reference(definition: str) -> Draft202012Validator:
    Draft202012Validator.check_schema(schema())
    return Draft202012Validator({**schema(), "$ref": f"#/$defs/{definition}"})


def test_a_real_bundle_passes_both(store: Store, demo_uuid: str) -> None:
    members = bundle_members(store, [demo_uuid])
    for name, data in members.items():
        if name.endswith(".json"):
            definition = "manifest" if name == MANIFEST else "agreement_content"
            value = json.loads(data)
            assert first_problem(value, definition) is None
            assert reference(definition).is_valid(value)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_change_gets_the_same_verdict_as_jsonschema(store: Store, demo_uuid: str, data: st.DataObject) -> None:
    members = bundle_members(store, [demo_uuid])
    name = data.draw(st.sampled_from(sorted(n for n in members if n.endswith(".json"))))
    definition = "manifest" if name == MANIFEST else "agreement_content"
    value: Any = json.loads(members[name])
    for _ in range(data.draw(st.integers(1, 3))):
        _replace_somewhere(value, data)
    ours = first_problem(value, definition)
    theirs = reference(definition).is_valid(value)
    assert (ours is None) == theirs, (ours, list(reference(definition).iter_errors(value))[:1])
