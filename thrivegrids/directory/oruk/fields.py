"""The parts of Open Referral UK records (schema.py): field types, the Record base, problems.

Each type is a pydantic type with its constraint (length, range, format) and the plain words a
feed author reads when a value breaks it, such as "must be a whole number". Values come out in
canonical form: text stripped, dates YYYY-MM-DD, times HH:MM, date-times UTC with milliseconds,
amounts as numbers, so that a feed read twice or exported and read back compares equal.
"""

import datetime
import functools
import re
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Annotated, ClassVar, Literal, TypeVar, get_args, get_origin

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.encoding import iri_to_uri
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    PlainSerializer,
    Strict,
    StringConstraints,
    ValidationError,
    WithJsonSchema,
    WrapSerializer,
    WrapValidator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from thrivegrids.directory.hours import LONDON, parse_byday, parse_bymonthday

TIME = re.compile(r"^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$")


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


def problem(message):
    """The error a check raises: pydantic reports it at the field being checked."""
    return PydanticCustomError("oruk", "{message}", {"message": message})


def problems_at(found):
    """The error a check raises for other fields of the record: `found` is [(loc, message)]."""
    details = [InitErrorDetails(type=problem(m), loc=loc, input=None) for loc, m in found]
    return ValidationError.from_exception_data("record", details)


def reported(default, **messages):
    """Word the failure of the type inside: pydantic's error type picks a message, else default."""

    def wrap(value, handler):
        try:
            return handler(value)
        except ValidationError as error:
            first = error.errors()[0]
            said = first["msg"] if first["type"] == "oruk" else None
            raise problem(said or messages.get(first["type"], default)) from None

    return WrapValidator(wrap)


def _checked_by(validator, message):
    def check(value):
        try:
            validator(value)
        except DjangoValidationError:
            raise problem(message) from None
        return value

    return AfterValidator(check)


def text(max_length, *extra):
    """Text of at most `max_length` characters once stripped: every text a feed holds has one."""
    too_long = f"must be at most {max_length} characters"
    constraint = StringConstraints(strip_whitespace=True, max_length=max_length)
    return Annotated[str, constraint, *extra, reported("must be text", string_too_long=too_long)]


def choice(*values):
    return Annotated[Literal[values], reported("must be one of " + ", ".join(values))]


def whole(low, high):
    """An integer (12.0 counts), never a string or true/false."""
    between = f"must be between {low} and {high}"
    integral = BeforeValidator(lambda v: int(v) if isinstance(v, float) and v.is_integer() else v)
    return Annotated[
        int,
        Strict(),
        Field(ge=low, le=high),
        integral,
        reported("must be a whole number", greater_than_equal=between, less_than_equal=between),
    ]


def number(low, high):
    between = f"must be a number between {low} and {high}"
    return Annotated[
        float,
        Strict(),
        Field(ge=low, le=high, allow_inf_nan=False),
        reported("must be a number", greater_than_equal=between, less_than_equal=between),
    ]


def _uuid(value):
    """Only the 36-character form that ORUK's format uuid means (pydantic takes others too)."""
    if isinstance(value, str) and len(value.strip()) == 36:
        return value.strip()
    return value if isinstance(value, uuid.UUID) else None


def _date(value):
    """Only YYYY-MM-DD (pydantic takes numbers too)."""
    is_text = isinstance(value, str) and len(value) == 10
    return value if is_text or isinstance(value, datetime.date) else None


def _moment(value):
    """ISO 8601 with a time zone; without one it is read as Europe/London time."""
    if not isinstance(value, datetime.datetime):
        try:
            value = datetime.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise problem("must be a date and time, such as 2024-05-01T09:30:00Z") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=LONDON)
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def _utc_text(value):
    value = value.astimezone(datetime.UTC)
    return value.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _time(value):
    """HH:MM (and :SS when not zero) with its offset, from "09:30", "09:30:00" or "09:30Z"."""
    match = TIME.match(value) if isinstance(value, str) else None
    if match is None or int(match[1]) > 23 or int(match[2]) > 59 or int(match[3] or 0) > 59:
        raise problem("must be a time written HH:MM")
    seconds = f":{match[3]}" if int(match[3] or 0) else ""
    return f"{match[1]}:{match[2]}{seconds}{match[4] or ''}"


def _amount(value):
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise problem("must be a number")
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise problem("must be a number") from None


def _number(value):
    return int(value) if value == value.to_integral_value() else float(value)


def _byday(value):
    try:
        days = parse_byday(value) if isinstance(value, str) else None
    except ValueError as error:
        raise problem(f"{error} is not a day such as MO or 2MO") from None
    if not days:
        raise problem("must be text such as MO,TU")
    return ",".join(f"{nth or ''}{code}" for nth, code in days)


def _bymonthday(value):
    try:
        numbers = parse_bymonthday(value) if isinstance(value, str) else None
    except ValueError:
        numbers = None
    if not numbers:
        raise problem("must be days of the month such as 1,15,-1")
    return ",".join(str(number) for number in numbers)


def _sorted_by_id(items, handler):
    return sorted(handler(items), key=lambda item: str(item["id"]))


AMOUNT_RANGE = "must be a number from 0 to 99,999,999.99"
Uuid = Annotated[uuid.UUID, BeforeValidator(_uuid), reported("must be a UUID")]
# Several paragraphs (descriptions, eligibility, fees, notes): far more than a page shows, far
# less than a pasted document. Shorter fields say their own limit in schema.py.
DESCRIPTION_LENGTH = 10_000
Text = text(DESCRIPTION_LENGTH)
Email = text(
    254,
    _checked_by(EmailValidator(), "must be an email address"),
    Field(json_schema_extra={"format": "email"}),
)
URL_LENGTH = 500


def _as_uri(value):
    """The address as a URI (RFC 3986, ORUK's format): other characters, such as the é of
    café, percent-encoded as UTF-8. The encoded address must still fit its column."""
    uri = iri_to_uri(value)
    if len(uri) > URL_LENGTH:
        raise problem(f"must be at most {URL_LENGTH} characters once written as a web address")
    return uri


Url = text(
    URL_LENGTH,
    _checked_by(
        URLValidator(schemes=["http", "https"]),
        "must be a web address starting http:// or https://",
    ),
    AfterValidator(_as_uri),
    Field(json_schema_extra={"format": "uri"}),
)
Date = Annotated[
    datetime.date, BeforeValidator(_date), reported("must be a date written YYYY-MM-DD")
]
DateTime = Annotated[
    datetime.datetime,
    BeforeValidator(_moment),
    PlainSerializer(_utc_text),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
Time = Annotated[
    str,
    BeforeValidator(_time),
    Field(description="HH:MM, or HH:MM:SS, and Z or an offset such as +01:00"),
]
Amount = Annotated[
    Decimal,
    Field(ge=0, lt=10**8, decimal_places=2, allow_inf_nan=False),
    BeforeValidator(_amount),
    PlainSerializer(_number),
    WithJsonSchema({"type": "number", "minimum": 0, "exclusiveMaximum": 10**8}),
    reported(
        "must be a number",
        decimal_max_places="must have at most 2 decimal places",
        greater_than_equal=AMOUNT_RANGE,
        less_than=AMOUNT_RANGE,
        finite_number=AMOUNT_RANGE,
    ),
]
Country = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Z]{2}$"),
    reported("must be a two-letter country code, such as GB"),
]
# Checked once written canonically (the column holds 100 characters).
_SHORT_RULE = (
    StringConstraints(max_length=100),
    reported("must be text", too_long="must be at most 100 characters"),
)
ByDay = Annotated[str, BeforeValidator(_byday), *_SHORT_RULE]
ByMonthDay = Annotated[str, BeforeValidator(_bymonthday), *_SHORT_RULE]
Freq = Annotated[
    choice("WEEKLY", "MONTHLY"),
    BeforeValidator(lambda v: v.strip().upper() if isinstance(v, str) else v),
]

Item = TypeVar("Item")
# Child records: an empty list is the same as none, and they are written out in id order.
Many = Annotated[
    list[Item], AfterValidator(lambda items: items or None), WrapSerializer(_sorted_by_id)
]


class Record(BaseModel):
    """An ORUK record: null and blank values are absent; fields we do not know are ignored."""

    # Ids that must agree where given: {field: the record nested beside it, whose id it names}
    # and {list of children: their field naming this record}. Then nesting implies them.
    nested_ids: ClassVar[dict] = {}
    listed_ids: ClassVar[dict] = {}

    @model_validator(mode="before")
    @classmethod
    def _absent_when_blank(cls, data):
        if not isinstance(data, dict):
            return data
        return {
            key: value
            for key, value in data.items()
            if value is not None
            and not (isinstance(value, str) and not value.strip() and key not in record_fields(cls))
        }

    @model_validator(mode="after")
    def _ids_agree(self):
        if not (self.nested_ids or self.listed_ids):
            return self
        nested = {name: getattr(self, other) for name, other in self.nested_ids.items()}
        found = [
            ((name,), f"must be the id of the nested {self.nested_ids[name]}")
            for name, record in nested.items()
            if record is not None and getattr(self, name) not in (None, record.id)
        ]
        kind = type(self).__name__.lower()
        for children, name in self.listed_ids.items():
            found += [
                ((children, index, name), f"must be the id of the {kind} it is listed in")
                for index, child in enumerate(getattr(self, children) or [])
                if getattr(child, name) not in (None, self.id)
            ]
        if found:
            raise problems_at(found)
        for name, record in nested.items():
            if record is not None and getattr(self, name) != record.id:
                setattr(self, name, record.id)
        return self


def record_type(annotation):
    """The record type a field holds, alone or in a list; None for plain values."""
    if get_origin(annotation) is list:
        annotation = get_args(annotation)[0]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


@functools.cache
def record_fields(model):
    """The fields holding records, in order: where blank text is wrong rather than absent."""
    return tuple(
        name for name, field in model.model_fields.items() if record_type(field.annotation)
    )


def not_before_valid_from(value, info):
    if info.data.get("valid_from") and value < info.data["valid_from"]:
        raise problem("must not be before valid_from")
    return value
