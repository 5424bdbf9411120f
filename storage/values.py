"""Checking that a value fits its field type (for imported data: seeds, bundles, CLI).

The rules are each type's own, in :mod:`storage.field_types`; these are the names importers use.
"""

from __future__ import annotations

from storage.field_types import ValueProblem, check_rows, check_scalar

__all__ = ["ValueProblem", "check_rows", "check_scalar"]
