"""What a bundle (``.aftale``) is made of: member names, format version, limits and the JSON Schema.

Shared by the writer (:mod:`exporters.bundle_write`) and the reader (:mod:`storage.bundle_read`);
described for other programs in docs/bundle-format.md.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from storage.records import record

BUNDLE_FORMAT = "aftaler/bundle"
#: The format version this program writes and the newest it reads.
BUNDLE_VERSION = 1
SUFFIX = ".aftale"
MANIFEST = "manifest.json"


def agreement_member(uuid: str) -> str:
    return f"agreements/{uuid}.json"


def template_member(digest: str) -> str:
    return f"templates/{digest}.toml"


@record(frozen=True)
class BundleLimits:
    """What a bundle may hold at most; anything beyond is refused before it is read."""

    entries: int = 5_000
    entry_bytes: int = 50 * 1024 * 1024
    total_bytes: int = 500 * 1024 * 1024
    #: uncompressed : compressed, per member (JSON of real agreements packs about 5-10 : 1)
    ratio: int = 100
    #: arrays and objects inside one another in a JSON member
    depth: int = 32
    #: characters in any one JSON string (the schema's 1,000,000 for texts, checked before it)
    string_chars: int = 1_000_000


LIMITS = BundleLimits()


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The JSON Schema of format version 1 (resources/bundle/schema-v1.json)."""
    text = resources.files("resources").joinpath("bundle", "schema-v1.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded
