"""When a milestone falls: a date, a quarter or a period, typed freely and stored in one form.

| typed                                   | stored                  | shown             |
| --------------------------------------- | ----------------------- | ----------------- |
| ``31.03.2023``, ``2023-03-31``          | ``2023-03-31``          | ``31.03.2023``    |
| ``1. kvt. 2023``, ``Q1 2023``, ``2023-Q1``, ``1. kvartal 23`` | ``1. kvt. 2023`` | as stored |
| ``marts–juni 2023``, ``mar-jun 2023``   | ``marts–juni 2023``     | as stored         |
| ``nov 2023 - feb 2024``                 | ``november 2023–februar 2024`` | as stored  |
| ``marts 2023`` (a month)                | ``marts 2023``          | as stored         |
"""

from __future__ import annotations

import re

from storage.formatting import MONTHS, format_date, parse_date

EXAMPLES = "31.03.2023, 1. kvt. 2023 eller marts–juni 2023"

_YEAR = r"(\d{4}|\d{2})"
# patterns as text, compiled (and cached by re) when a date is first read, not at every start
_QUARTERS = (
    rf"^([1-4])\s*\.?\s*(?:kvt|kvartal)\.?\s*{_YEAR}$",
    rf"^q([1-4])\s*[-/ ]?\s*{_YEAR}$",
    rf"^{_YEAR}\s*[-/ ]?\s*q([1-4])$",
)
_MONTH = r"([a-zæøå]+)\.?"
_PERIOD = rf"^{_MONTH}(?:\s+{_YEAR})?\s*(?:[-–—]|\btil\b)\s*{_MONTH}\s+{_YEAR}$"
_SINGLE_MONTH = rf"^{_MONTH}\s+{_YEAR}$"


class WhenProblem(ValueError):
    """``str()`` is a Danish description of what is wrong."""


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _month(text: str) -> int | None:
    """``marts``, ``mar`` or ``mar.`` → 3; None for no month."""
    if len(text) < 3:
        return None
    found = [i for i, name in enumerate(MONTHS) if name.startswith(text)]
    return found[0] + 1 if len(found) == 1 else None


def parse_when(text: str) -> str:
    """The stored form of a typed milestone time ('' for nothing), or :class:`WhenProblem`."""
    raw = " ".join(text.split())
    if not raw:
        return ""
    day = parse_date(raw)
    if day is not None:
        return day
    lowered = raw.casefold()
    for number, pattern in enumerate(_QUARTERS):
        if match := re.match(pattern, lowered):
            quarter, year = match.groups() if number < 2 else reversed(match.groups())
            return f"{quarter}. kvt. {_year(year)}"
    if match := re.match(_PERIOD, lowered):
        return _period(raw, *match.groups())
    if (match := re.match(_SINGLE_MONTH, lowered)) and (month := _month(match.group(1))):
        return f"{MONTHS[month - 1]} {_year(match.group(2))}"
    raise WhenProblem(f"'{raw}' er ikke en dato, et kvartal eller en periode – skriv fx {EXAMPLES}")


def _period(raw: str, first: str, first_year: str | None, last: str, last_year: str) -> str:
    start, end = _month(first), _month(last)
    if start is None or end is None:
        raise WhenProblem(f"'{raw}': '{first if start is None else last}' er ikke en måned")
    end_year = _year(last_year)
    start_year = _year(first_year) if first_year else end_year
    if (start_year, start) >= (end_year, end):
        raise WhenProblem(f"'{raw}': perioden skal slutte efter den begynder")
    if start_year == end_year:
        return f"{MONTHS[start - 1]}–{MONTHS[end - 1]} {end_year}"
    return f"{MONTHS[start - 1]} {start_year}–{MONTHS[end - 1]} {end_year}"


def format_when(stored: str) -> str:
    """A stored time as shown: a date as ``31.03.2023``, a quarter or period as stored."""
    return format_date(stored) if parse_date(stored) == stored and stored else stored


def quarters(year: int) -> list[str]:
    """``1. kvt. 2023`` … ``4. kvt. 2023``: what the editor offers while typing."""
    return [f"{q}. kvt. {year}" for q in range(1, 5)]
