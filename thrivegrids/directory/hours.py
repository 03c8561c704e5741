"""Opening hours: is a service or location open at a moment, in Europe/London time?

Schedules follow HSDS 3.0 (RFC 5545 recurrence parts): WEEKLY with BYDAY (MO,TU,...), MONTHLY
with BYDAY (2MO, -1FR) or BYMONTHDAY (1,15,-1), INTERVAL counted from DTSTART, VALID_FROM and
VALID_TO as inclusive dates. Times are wall-clock Europe/London unless the feed gave a fixed offset.
"""

import calendar
import datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_SECONDS = 24 * 60 * 60


def is_open_at(service_or_location, when):
    """True or False; None when no opening hours are recorded.

    A service uses its own schedules and those of its service-at-locations; with none, the
    schedules of its locations. A location uses its own. Prefetch `schedules` (and, for a service,
    `service_at_locations__schedules` and `service_at_locations__location__schedules`) for lists.
    """
    schedules = _schedules_for(service_or_location)
    if not schedules:
        return None
    return any(schedule_is_open(schedule, when) for schedule in schedules)


def _schedules_for(thing):
    from thrivegrids.directory.models import Location, Service

    if isinstance(thing, Location):
        return list(thing.schedules.all())
    if not isinstance(thing, Service):
        raise TypeError(f"is_open_at takes a Service or a Location, not {type(thing).__name__}")
    links = list(thing.service_at_locations.all())
    own = list(thing.schedules.all()) + [s for link in links for s in link.schedules.all()]
    return own or [s for link in links for s in link.location.schedules.all()]


def time_frame(offset):
    """The time zone a schedule's times are in: Europe/London, or a fixed offset such as "Z"."""
    if not offset:
        return LONDON
    if offset == "Z":
        return datetime.UTC
    sign = -1 if offset[0] == "-" else 1
    hours, minutes = int(offset[1:3]), int(offset[4:6])
    return datetime.timezone(sign * datetime.timedelta(hours=hours, minutes=minutes))


def schedule_is_open(schedule, when):
    if when.tzinfo is None:
        when = when.replace(tzinfo=LONDON)
    local = when.astimezone(time_frame(schedule.time_offset))
    day, now = local.date(), _seconds(local.time())
    opens = _seconds(schedule.opens_at) if schedule.opens_at else 0
    closes = _closing_seconds(schedule.closes_at)
    if closes > opens:
        return opens <= now < closes and day_matches(schedule, day)
    if closes == opens:  # such as 00:00 to 00:00: all day
        return day_matches(schedule, day)
    # Past midnight: open from `opens` on a matching day until `closes` the next morning.
    return (now >= opens and day_matches(schedule, day)) or (
        now < closes and day_matches(schedule, day - datetime.timedelta(days=1))
    )


def _seconds(value):
    return value.hour * 3600 + value.minute * 60 + value.second


def _closing_seconds(value):
    """Closing time in seconds; none, or 23:59, means the end of the day."""
    if value is None or (value.hour, value.minute) == (23, 59):
        return DAY_SECONDS
    return _seconds(value)


def day_matches(schedule, day):
    """Whether the schedule's recurrence includes this date."""
    if schedule.valid_from and day < schedule.valid_from:
        return False
    if schedule.valid_to and day > schedule.valid_to:
        return False
    if schedule.dtstart and day < schedule.dtstart:
        return False
    interval = schedule.interval or 1
    if schedule.freq == "MONTHLY":
        if interval > 1 and schedule.dtstart:
            months = (day.year - schedule.dtstart.year) * 12 + day.month - schedule.dtstart.month
            if months % interval:
                return False
        return _monthly_day_matches(schedule, day)
    if interval > 1 and schedule.dtstart:
        start_week = schedule.dtstart - datetime.timedelta(days=schedule.dtstart.weekday())
        if ((day - start_week).days // 7) % interval:
            return False
    days = parse_byday(schedule.byday)
    return not days or DAYS[day.weekday()] in {code for _, code in days}


def _monthly_day_matches(schedule, day):
    days = parse_byday(schedule.byday)
    monthdays = parse_bymonthday(schedule.bymonthday)
    if not days and not monthdays:
        return schedule.dtstart is None or day.day == schedule.dtstart.day
    last = calendar.monthrange(day.year, day.month)[1]
    for number in monthdays:
        if day.day == (number if number > 0 else last + number + 1):
            return True
    for nth, code in days:
        if DAYS[day.weekday()] != code:
            continue
        if nth is None:
            return True
        if nth > 0 and (day.day - 1) // 7 + 1 == nth:
            return True
        if nth < 0 and (last - day.day) // 7 + 1 == -nth:
            return True
    return False


def parse_byday(text):
    """[(nth or None, "MO"), ...] from "MO,2TU,-1FR"; raises ValueError on a bad part."""
    result = []
    for part in filter(None, (p.strip().upper() for p in (text or "").split(","))):
        code, number = part[-2:], part[:-2]
        if code not in DAYS or (number and not _is_nth(number)):
            raise ValueError(part)
        result.append((int(number) if number else None, code))
    return result


def _is_nth(text):
    digits = text[1:] if text[0] in "+-" else text
    return digits.isdigit() and 1 <= int(digits) <= 5


def parse_bymonthday(text):
    """[1, 15, -1] from "1,15,-1"; raises ValueError on a bad part."""
    result = []
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        number = int(part)
        if not 1 <= abs(number) <= 31:
            raise ValueError(part)
        result.append(number)
    return result
