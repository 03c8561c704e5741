"""Where an instrument comes from and what its figures compare with: the licence and the
published benchmark of a measure file (docs/measures.md), declared as parts of its format."""

from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, BeforeValidator, model_validator

from thrivegrids.core.text_limits import LONG, MEDIUM
from thrivegrids.core.yaml_models import (
    OWN_LINE,
    ContentModel,
    Flag,
    entries,
    listed,
    problem,
    remembered,
    text,
    translations,
    whole,
)

ROLE_ONCE = "must be one of this instrument's respondent_roles, once"
AN_ITEM = "must name one of this instrument's items"


def _web_address(value):
    try:
        parts = urlsplit(value)
    except ValueError:
        parts = None
    if not parts or parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
        raise problem("must be a web address (https://...)")
    return value


Url = Annotated[text(500), AfterValidator(_web_address)]


class Licence(ContentModel):
    """The licence's name, where it is published (url) and/or what it says (statement), and the
    attribution it asks for."""

    name: text(300)
    url: Url = None
    statement: text(500, required=False) = ""
    attribution: text(300)

    @model_validator(mode="after")
    def _url_or_statement(self):
        if self.url is None and not self.statement:
            raise problem("needs a url or a statement (or both)", line_of=OWN_LINE)
        return self


def _licence_block(value):
    # Format 1 had a line of text, or nothing: say what to give, not only "is missing".
    if value is None:
        raise problem("is missing: give its name, a url or statement, and the attribution")
    if not isinstance(value, dict):
        raise problem("must be a mapping with name, url or statement, and attribution")
    return value


# MeasureFile gives a missing licence as None, so that it is refused in these words.
LicenceBlock = Annotated[Licence, BeforeValidator(_licence_block)]


def _a_role(value, info):
    roles = remembered(info, "respondent_roles")
    if roles is not None and value not in roles:
        raise problem(ROLE_ONCE)
    return value


def _an_item(value, info):
    items = remembered(info, "items")
    if items is not None and value not in {item.key for item in items}:
        raise problem(AN_ITEM)
    return value


class Figure(ContentModel):
    """The published share of one respondent role."""

    role: listed(_a_role, ROLE_ONCE)
    percent: whole(0, 100, "must be a whole number 0 to 100")
    label: translations(MEDIUM)


class Benchmark(ContentModel):
    """A published figure to compare one item with, and how far it is comparable."""

    source: text(200)
    year: whole(1900, 2100, "must be a year such as 2015")
    url: Url = None
    item: listed(_an_item, AN_ITEM)
    comparable: Flag
    question: translations(MEDIUM)
    population: translations(MEDIUM)
    differences: translations(LONG) = None
    figures: Annotated[
        list[Figure],
        entries(
            at_least=1, too_few="must list at least one figure", once=("role",), twice=ROLE_ONCE
        ),
    ]

    @model_validator(mode="after")
    def _differences_unless_comparable(self):
        if not self.comparable and self.differences is None:
            raise problem(
                "differences must say how the figure differs when comparable is false",
                line_of="comparable",
            )
        return self
