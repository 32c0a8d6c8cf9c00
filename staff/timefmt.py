# SPDX-License-Identifier: Apache-2.0
"""Times as the counter reads them: in the station's configured zone.

The backend keeps and answers UTC; the station shows local wall-clock time
(``--timezone``, Asia/Shanghai by default) and asks for a local day by sending
that day's bounds with their offset.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo


def local_time(at: dt.datetime, zone: ZoneInfo, *, seconds: bool = False) -> str:
    """``at`` in ``zone`` to the minute (or second); a naive time is taken as UTC."""
    aware = at if at.tzinfo else at.replace(tzinfo=dt.UTC)
    return aware.astimezone(zone).strftime(
        "%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M"
    )


def day_bounds(
    first: dt.date, last: dt.date, zone: ZoneInfo
) -> tuple[dt.datetime, dt.datetime]:
    """From the start of local day ``first`` to the start of the day after ``last``."""
    start = dt.datetime.combine(first, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    return start, end
