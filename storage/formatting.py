"""Danish formatting of dates and amounts, independent of the system locale."""

from __future__ import annotations

import re
from datetime import date

MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
          "oktober", "november", "december")

_DATE_RE = re.compile(r"^\s*(\d{1,2})[.\-/ ](\d{1,2})[.\-/ ](\d{2,4})\s*$")


def format_date(iso: str | None, long: bool = False) -> str:
    """``2007-12-19`` → ``19.12.2007`` (or ``19. december 2007``); '' for nothing."""
    if not iso:
        return ""
    try:
        day = date.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso)
    if long:
        return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


def parse_date(text: str) -> str | None:
    """``19.12.2007``, ``19-12-2007`` or ISO → ``2007-12-19``; None if not a date."""
    text = text.strip()
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    match = _DATE_RE.match(text)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    if year < 100:
        year += 2000
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def format_number(value: int) -> str:
    """``32925000`` → ``32.925.000``."""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(value):,}".replace(",", ".")


def format_amount(value: int | None) -> str:
    """``32925000`` → ``32.925.000 kr.``; '' for no amount."""
    if value is None:
        return ""
    return f"{format_number(value)} kr."


def parse_amount(text: str) -> int | None:
    """``32.925.000``, ``32 925 000 kr.`` → 32925000; None for empty; ValueError if not a number."""
    cleaned = text.strip().lower().removesuffix("kr.").removesuffix("kr").strip()
    cleaned = cleaned.replace(".", "").replace(" ", "").replace("\u00a0", "")
    if not cleaned:
        return None
    if cleaned.endswith(",00"):
        cleaned = cleaned[:-3]
    if not re.fullmatch(r"-?\d{1,15}", cleaned):
        raise ValueError(f"'{text}' er ikke et beløb i hele kroner")
    return int(cleaned)


def letter(index: int) -> str:
    """0 → 'A', 25 → 'Z', 26 → 'AA' …"""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("A") + rest) + out
    return out
