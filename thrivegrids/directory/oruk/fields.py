"""Checking one Open Referral field at a time, collecting problems with the record id and field.

Each check returns the value in canonical form (see serialise.py) or None, and records a problem
when the value is present but wrong, or required and missing.
"""

import datetime
import re
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from thrivegrids.directory.hours import LONDON, parse_byday, parse_bymonthday
from thrivegrids.directory.oruk.serialise import fmt_amount, fmt_datetime

TIME = re.compile(r"^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$")
COUNTRY = re.compile(r"^[A-Z]{2}$")
_url = URLValidator(schemes=["http", "https"])
_email = EmailValidator()


@dataclass(frozen=True)
class Problem:
    """What is wrong, where: `service 3fa8...: minimum_age: must be a whole number (feed.json, record 4)`."""

    record: str
    field: str
    message: str
    source: str = ""

    def __str__(self):
        text = ": ".join(part for part in (self.record, self.field, self.message) if part)
        return f"{text} ({self.source})" if self.source else text


class FeedError(Exception):
    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Checker:
    """Collects problems for one record; `path` names a field inside it, such as phones[0].number."""

    def __init__(self, record, source):
        self.record = record
        self.source = source
        self.problems = []

    def problem(self, path, message):
        self.problems.append(Problem(self.record, path, message, self.source))

    def is_object(self, value, path):
        if not isinstance(value, dict):
            self.problem(path, "must be an object")
            return False
        return True

    def objects(self, data, key, path):
        """The list under `key` (missing means empty), keeping only the objects in it."""
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(_join(path, key), "must be a list")
            return []
        return [
            (f"{_join(path, key)}[{index}]", item)
            for index, item in enumerate(value)
            if self.is_object(item, f"{_join(path, key)}[{index}]")
        ]

    def fields(self, data, path, spec):
        """Check the fields named in spec: {key: (kind, options)}; returns canonical values."""
        result = {}
        for key, (kind, options) in spec.items():
            value = data.get(key)
            where = _join(path, key)
            if value is None or (isinstance(value, str) and not value.strip()):
                if options.get("required"):
                    self.problem(where, "is required")
                continue
            checked = getattr(self, f"_{kind}")(value, where, **_extra(options))
            if checked is not None:
                result[key] = checked
        return result

    def _uuid(self, value, where):
        if isinstance(value, str) and len(value.strip()) == 36:
            try:
                return str(uuid.UUID(value.strip()))
            except ValueError:
                pass
        return self.problem(where, "must be a UUID")

    def _text(self, value, where, max=None):
        if not isinstance(value, str):
            return self.problem(where, "must be text")
        value = value.strip()
        if max and len(value) > max:
            return self.problem(where, f"must be at most {max} characters")
        return value

    def _choice(self, value, where, choices=()):
        if value not in choices:
            return self.problem(where, "must be one of " + ", ".join(choices))
        return value

    def _email(self, value, where):
        value = self._text(value, where, max=254)
        try:
            value is not None and _email(value)
        except ValidationError:
            return self.problem(where, "must be an email address")
        return value

    def _url(self, value, where):
        value = self._text(value, where, max=500)
        try:
            value is not None and _url(value)
        except ValidationError:
            return self.problem(where, "must be a web address starting http:// or https://")
        return value

    def _date(self, value, where):
        if isinstance(value, str) and len(value) == 10:
            try:
                return datetime.date.fromisoformat(value).isoformat()
            except ValueError:
                pass
        return self.problem(where, "must be a date written YYYY-MM-DD")

    def _datetime(self, value, where):
        """ISO 8601 with a time zone; without one it is read as Europe/London time."""
        try:
            parsed = datetime.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            return self.problem(where, "must be a date and time, such as 2024-05-01T09:30:00Z")
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=LONDON)
        return fmt_datetime(parsed.replace(microsecond=parsed.microsecond // 1000 * 1000))

    def _whole(self, value, where, low=None, high=None):
        if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
            return self.problem(where, "must be a whole number")
        if (low is not None and value < low) or (high is not None and value > high):
            return self.problem(where, f"must be between {low} and {high}")
        return int(value)

    def _number(self, value, where, low=None, high=None):
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            return self.problem(where, "must be a number")
        if (low is not None and value < low) or (high is not None and value > high):
            return self.problem(where, f"must be a number between {low} and {high}")
        return float(value)

    def _amount(self, value, where):
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            return self.problem(where, "must be a number")
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            return self.problem(where, "must be a number")
        if not amount.is_finite() or amount < 0 or amount >= 10**8:
            return self.problem(where, "must be a number from 0 to 99,999,999.99")
        if amount != amount.quantize(Decimal("0.01")):
            return self.problem(where, "must have at most 2 decimal places")
        return fmt_amount(amount.quantize(Decimal("0.01")))

    def _country(self, value, where):
        if not isinstance(value, str) or not COUNTRY.match(value.strip().upper()):
            return self.problem(where, "must be a two-letter country code, such as GB")
        return value.strip().upper()

    def _byday(self, value, where):
        try:
            days = parse_byday(value) if isinstance(value, str) else None
        except ValueError as error:
            return self.problem(where, f"{error} is not a day such as MO or 2MO")
        if days is None:
            return self.problem(where, "must be text such as MO,TU")
        return ",".join(f"{nth or ''}{code}" for nth, code in days) or None

    def _bymonthday(self, value, where):
        try:
            numbers = parse_bymonthday(value) if isinstance(value, str) else None
        except ValueError:
            numbers = None
        if numbers is None:
            return self.problem(where, "must be days of the month such as 1,15,-1")
        return ",".join(str(number) for number in numbers) or None

    def time(self, value, where):
        """(time, offset) from "09:30", "09:30:00" or "09:30Z"; None after a problem."""
        match = TIME.match(value) if isinstance(value, str) else None
        if match is None or int(match[1]) > 23 or int(match[2]) > 59 or int(match[3] or 0) > 59:
            self.problem(where, "must be a time written HH:MM")
            return None
        return datetime.time(int(match[1]), int(match[2]), int(match[3] or 0)), match[4] or ""


def _join(path, key):
    return f"{path}.{key}" if path else key


def _extra(options):
    return {key: value for key, value in options.items() if key != "required"}


def required(kind, **options):
    return (kind, {"required": True, **options})


def optional(kind, **options):
    return (kind, options)
