"""File names from unit, kind and year that are safe on Windows, macOS and Linux."""

from __future__ import annotations

import re
from pathlib import Path

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_STEM = 120
#: Linux and macOS allow 255 bytes of UTF-8 per name; leave room for " (2)" and the suffix.
MAX_STEM_BYTES = 200


def safe_stem(text: str) -> str:
    stem = _FORBIDDEN.sub("_", text)
    stem = re.sub(r"\s+", " ", stem).strip().rstrip(". ").lstrip(". ")  # a leading dot hides the file
    stem = stem[:MAX_STEM].rstrip(". ") or "aftale"
    if stem.split(".")[0].upper() in _RESERVED:
        stem = f"_{stem}"
    return stem


def _shorten(text: str, chars: int, max_bytes: int) -> str:
    text = text[:max(chars, 0)]
    while len(text.encode("utf-8")) > max_bytes:
        text = text[:-1]
    return text


def agreement_file_name(unit: str, kind: str, year: int, suffix: str) -> str:
    """``"<unit> - <kind> <year><suffix>"``; a long unit is shortened so that kind and year stay."""
    tail = f"{kind} {year}"
    unit = _shorten(unit.strip(), MAX_STEM - len(tail) - 3, MAX_STEM_BYTES - len(tail.encode("utf-8")) - 3)
    return f"{safe_stem(f'{unit} - {tail}' if unit.strip(' .') else tail)}{suffix}"


def unique_path(folder: Path, name: str, taken: set[str]) -> Path:
    """``name`` in ``folder``, numbered "(2)", "(3)" … if an earlier file in this batch has it."""
    stem, suffix = Path(name).stem, Path(name).suffix
    candidate, number = name, 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{stem} ({number}){suffix}"
    taken.add(candidate.casefold())
    return folder / candidate
