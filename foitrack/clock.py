"""Today, as the law counts it: the date in London.

Cron runs with TZ unset and servers often run on UTC; between midnight and
1 am in British Summer Time, UTC is still on yesterday. foitrack always asks
for the date in Europe/London, whatever the machine's zone.
"""

from __future__ import annotations

import os
from datetime import date, datetime

from foitrack.core.dates import parse_date
from foitrack.core.errors import BadDate

TODAY_VARIABLE = "FOITRACK_TODAY"


def london_today() -> date:
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("Europe/London")).date()


def resolve_today(override: str | None) -> date:
    """``--today`` or ``FOITRACK_TODAY`` when given, else London's date.

    The variable is read here as well as by the command-line options, so a
    command reached without option parsing (``foitrack`` alone, the library)
    honours it too.
    """
    variable = os.environ.get(TODAY_VARIABLE)
    if override is None:
        override = variable
    if override is not None and override.strip():
        try:
            return parse_date(override)
        except BadDate as error:
            if override != variable:
                raise
            # Set in a crontab or a shell profile and forgotten: say where it came from.
            raise BadDate(
                f"{TODAY_VARIABLE}={override}: {error} (or unset {TODAY_VARIABLE})"
            ) from None
    return london_today()
