"""Today, as the law counts it: the date in London.

Cron runs with TZ unset and servers often run on UTC; between midnight and
1 am in British Summer Time, UTC is still on yesterday. foitrack always asks
for the date in Europe/London, whatever the machine's zone.
"""

from __future__ import annotations

import os
from datetime import date, datetime

from foitrack.core.dates import parse_date


def london_today() -> date:
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("Europe/London")).date()


def resolve_today(override: str | None) -> date:
    """``--today`` or ``FOITRACK_TODAY`` when given, else London's date.

    The variable is read here as well as by the command-line options, so a
    command reached without option parsing (``foitrack`` alone, the library)
    honours it too.
    """
    if override is None:
        override = os.environ.get("FOITRACK_TODAY")
    if override is not None and override.strip():
        return parse_date(override)
    return london_today()
