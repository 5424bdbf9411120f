"""The scale a follow-up status is set on: names, colours and a symbol per level.

A template may define its own scale (``[[status_scale]]`` in its TOML); otherwise the default
traffic light applies. No status set reads as "Ikke vurderet" on every scale. Each level has a
symbol as well as a colour, so a printed overview reads in black and white too.
"""

from __future__ import annotations

import re

from storage.records import record

COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")


@record(frozen=True)
class StatusLevel:
    """A level of a template's status scale: key, Danish name, colour and symbol."""

    key: str
    name: str
    colour: str  # "#rrggbb"
    symbol: str


#: What a goal, sub-goal or action shows when no status is set in the round.
NOT_ASSESSED = StatusLevel("ikke_vurderet", "Ikke vurderet", "#9e9e9e", "–")

DEFAULT_SCALE: tuple[StatusLevel, ...] = (
    StatusLevel("groen", "Grøn", "#2e7d32", "✓"),
    StatusLevel("gul", "Gul", "#f9a825", "!"),
    StatusLevel("roed", "Rød", "#c62828", "✗"),
    StatusLevel("kan_ikke_vurderes", "Kan ikke vurderes", "#5c6bc0", "?"),
    NOT_ASSESSED,
)


def level_of(scale: tuple[StatusLevel, ...], key: str | None) -> StatusLevel:
    """The level for a stored key (NOT_ASSESSED for none); a key the scale lacks shows as itself."""
    if key is None or key == NOT_ASSESSED.key:
        return next((lvl for lvl in scale if lvl.key == NOT_ASSESSED.key), NOT_ASSESSED)
    found = next((lvl for lvl in scale if lvl.key == key), None)
    return found or StatusLevel(key, key, NOT_ASSESSED.colour, "?")


def find_level(scale: tuple[StatusLevel, ...], typed: str) -> StatusLevel | None:
    """The level a user means by ``typed`` (its key or name, any case), or None."""
    wanted = typed.strip().casefold()
    return next((lvl for lvl in scale if wanted in (lvl.key.casefold(), lvl.name.casefold())), None)


def scale_names(scale: tuple[StatusLevel, ...]) -> str:
    """'grøn, gul, rød, kan ikke vurderes eller ikke vurderet' for messages."""
    names = [lvl.name.lower() for lvl in scale]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} eller {names[-1]}"
