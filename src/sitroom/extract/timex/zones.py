"""Clock times to local and UTC instants, with country offsets from the packaged table."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
import zoneinfo
from importlib import resources

import yaml

log = logging.getLogger(__name__)

_FIXED = re.compile(r"([+-])(\d{2}):(\d{2})")


@functools.cache
def country_zones() -> dict[str, str]:
    """ISO-3 country code -> fixed offset ("+04:00") or IANA zone name (packaged data)."""
    text = resources.files("sitroom").joinpath("data", "timezones.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    return {str(k).upper(): str(v) for k, v in data.items()}


def offset_minutes(zone: str, day: dt.date) -> int | None:
    """UTC offset in minutes of a zone ("UTC", "+03:30" or an IANA name) on a day."""
    if zone == "UTC":
        return 0
    fixed = _FIXED.fullmatch(zone)
    if fixed:
        sign = 1 if fixed.group(1) == "+" else -1
        return sign * (int(fixed.group(2)) * 60 + int(fixed.group(3)))
    try:
        tz = zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        log.debug("unknown time zone %r", zone)
        return None
    off = dt.datetime(day.year, day.month, day.day, 12, tzinfo=tz).utcoffset()
    return None if off is None else int(off.total_seconds() // 60)


def country_offset(country: str, day: dt.date) -> int | None:
    """UTC offset in minutes of a country's clock on a day, or None when unknown."""
    zone = country_zones().get(country.upper()) if country else None
    return offset_minutes(zone, day) if zone else None


def _fmt_offset(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def instants(
    day: dt.date, clock: tuple[int, int], zone: str | None, country: str
) -> tuple[str | None, str | None]:
    """(local, utc) ISO instants for a clock time on a day.

    ``zone`` is what the text states (``UTC``, ``+08:00``, an IANA name, ``local``) or None.
    Local means the clock of ``country``; without a country the stated clock is local.
    """
    stated = dt.datetime(day.year, day.month, day.day, clock[0], clock[1])
    local_off = country_offset(country, day)
    if zone is None or zone == "local":
        if local_off is None:
            return stated.isoformat(timespec="minutes"), None
        utc = stated - dt.timedelta(minutes=local_off)
        return (
            stated.isoformat(timespec="minutes") + _fmt_offset(local_off),
            utc.isoformat(timespec="minutes") + "Z",
        )
    zone_off = offset_minutes(zone, day)
    if zone_off is None:
        return stated.isoformat(timespec="minutes"), None
    utc = stated - dt.timedelta(minutes=zone_off)
    if local_off is None:
        local = stated.isoformat(timespec="minutes") + _fmt_offset(zone_off)
    else:
        local = (utc + dt.timedelta(minutes=local_off)).isoformat(timespec="minutes")
        local += _fmt_offset(local_off)
    return local, utc.isoformat(timespec="minutes") + "Z"
