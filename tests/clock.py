"""The suite's clock: every test starts at the same moment, whatever the real date and time.

Grid review dates, the urgent-help check date, link expiry, "open now" and the day in a cached
page's key all read the clock, so a suite on the real clock passes today and fails on a later day
(or at a later hour). The root conftest moves the clock to NOW at the start of every test (and
to SET_UP, an hour earlier, for what session and module fixtures write, so their rows are older
than the test's, as they would be on the real clock). The clock then ticks; a test whose result
depends on the exact moment stops it with `time_machine.travel(..., tick=False)` (as a decorator
or a `with`), the `time_machine` fixture's `move_to(..., tick=False)`, or the `time_machine`
marker (then the test starts at the marker's moment instead of NOW).

NOW is a Monday morning in London on which the demo content is current: its grids are published
(15 October 2026) and not due for review (15 October 2027), and the urgent-help numbers were
checked (4 December 2026) and are not yet due (4 March 2027). Move it when those dates change.
"""

import datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=LONDON)
TODAY = NOW.date()
SET_UP = NOW - datetime.timedelta(hours=1)


def noon(day):
    """Noon in London on `day`: a moment well inside that date, for tests about a date."""
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=LONDON)
