"""The team page's reporting periods: whole calendar months, quarters and years, from a fixed list.

Only periods that have ended are offered, so a period's figures never change from one day to the
next, and no window can be chosen freely (docs/measures.md, "Suppression"). A year is the sum of
its quarters and a quarter the sum of its months: `sub_periods` gives those relations.
"""

import dataclasses
import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

YEARS_BACK = 3  # the offered range: the calendar years from this one back, whole periods only
MONTH, QUARTER, YEAR = "month", "quarter", "year"


@dataclasses.dataclass(frozen=True, order=True)
class Period:
    """A calendar month, quarter or year: `value` names it in a URL ("2026-11", "2026-Q3", "2025")."""

    start: datetime.date
    end: datetime.date
    kind: str
    value: str

    def label(self):
        if self.kind == MONTH:
            return date_format(self.start, "F Y")
        return _("%(first)s to %(last)s") % {
            "first": date_format(self.start, "F"),
            "last": date_format(self.end, "F Y"),
        }

    def contains(self, day):
        return self.start <= day <= self.end


def _last_day(year, month):
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def month(year, number):
    return Period(
        datetime.date(year, number, 1), _last_day(year, number), MONTH, f"{year}-{number:02d}"
    )


def quarter(year, number):
    first = 3 * number - 2
    return Period(
        datetime.date(year, first, 1), _last_day(year, first + 2), QUARTER, f"{year}-Q{number}"
    )


def year(number):
    return Period(datetime.date(number, 1, 1), datetime.date(number, 12, 31), YEAR, str(number))


def offered_periods(today):
    """Every month, quarter and year of the last YEARS_BACK calendar years that has ended:
    months first, then quarters, then years, newest first within each."""
    years = range(today.year - YEARS_BACK + 1, today.year + 1)
    every = [month(y, m) for y in years for m in range(1, 13)]
    every += [quarter(y, q) for y in years for q in range(1, 5)]
    every += [year(y) for y in years]
    ended = [period for period in every if period.end < today]
    kinds = {MONTH: 0, QUARTER: 1, YEAR: 2}
    return sorted(ended, key=lambda p: (kinds[p.kind], -p.start.toordinal()))


def sub_periods(periods):
    """(period, [the periods it adds up from]) for each offered quarter and year."""
    offered = set(periods)
    relations = []
    for period in periods:
        if period.kind == QUARTER:
            number = (period.start.month + 2) // 3
            parts = [month(period.start.year, 3 * number - 3 + m) for m in (1, 2, 3)]
        elif period.kind == YEAR:
            parts = [quarter(period.start.year, q) for q in (1, 2, 3, 4)]
        else:
            continue
        if all(part in offered for part in parts):
            relations.append((period, parts))
    return relations
