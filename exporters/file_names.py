"""File names from unit, kind and year that are safe on Windows, macOS and Linux."""

from __future__ import annotations

import re
from pathlib import Path

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_STEM = 120


def safe_stem(text: str) -> str:
    stem = _FORBIDDEN.sub("_", text)
    stem = re.sub(r"\s+", " ", stem).strip().rstrip(". ")
    stem = stem[:MAX_STEM].rstrip(". ") or "aftale"
    if stem.split(".")[0].upper() in _RESERVED:
        stem = f"_{stem}"
    return stem


def agreement_file_name(unit: str, kind: str, year: int, suffix: str) -> str:
    return f"{safe_stem(f'{unit} - {kind} {year}')}{suffix}"


def unique_path(folder: Path, name: str, taken: set[str]) -> Path:
    """``name`` in ``folder``, numbered "(2)", "(3)" … if an earlier file in this batch has it."""
    stem, suffix = Path(name).stem, Path(name).suffix
    candidate, number = name, 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{stem} ({number}){suffix}"
    taken.add(candidate.casefold())
    return folder / candidate
