"""Moments stored as ISO text (UTC) shown in the user's local time, the Danish way."""

from __future__ import annotations

from datetime import datetime


def local_moment(iso: str) -> str:
    """'2025-03-12T13:05:00Z' → '12.03.2025 kl. 14:05' (local time); the text itself if it is no moment."""
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone()
    except (TypeError, ValueError):
        return iso
    return f"{moment:%d.%m.%Y kl. %H:%M}"
