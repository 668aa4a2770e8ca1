"""Time zones as people write them: an IANA name (Europe/Berlin), UTC, or an offset (+02:00)."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo


def time_zone(text: str) -> tzinfo | None:
    """The zone ``text`` names, or None when it names none."""
    if text.strip().upper() in ("UTC", "Z"):
        return UTC
    try:
        return datetime.strptime(text.strip(), "%z").tzinfo
    except ValueError:
        pass
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(text.strip())
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
