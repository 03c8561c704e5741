"""The parts of a grid file a clinician signs off: its age range, its reviewers, its sources
(each naming the recommendation it rests on) and each option's benefits and harms in numbers.
Structure only, declared as models whose errors are reported as file:line; whether the content is
good enough is quality.py's."""

from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, field_validator

from thrivegrids.core.text_limits import LONG
from thrivegrids.core.yaml_models import (
    ContentModel,
    Date,
    choice,
    key,
    problem,
    text,
    whole,
)

AGE_LIMITS = (5, 25)
BENEFIT_EVIDENCE = ("numbers", "not-known")
EVIDENCE = ("research", "expert-consensus")

# Columns of grids.models.Source: a longer text could not be stored.
MAX_SOURCE_TITLE = 300
MAX_RECOMMENDATION = 200
MAX_URL = 500


def texts(max_length):
    """Text per language, each at most `max_length` characters; which languages it must have is
    checked against `languages` (content.py)."""
    return dict[str, text(max_length)]


Age = whole(*AGE_LIMITS)


class AgeRange(ContentModel):
    min: Age
    max: Age

    @field_validator("max")
    @classmethod
    def _not_below_min(cls, value, info):
        if "min" in info.data and value < info.data["min"]:
            raise problem("must not be below min")
        return value


class ClinicalReview(ContentModel):
    """A clinician who signed the version off."""

    name: text(200)
    role: text(200)
    reviewed_on: Date


def _page_below_home(url):
    """A claim rests on a recommendation, so a source links the page that has it."""
    try:
        path = urlsplit(url).path
    except ValueError:
        raise problem("is not a web address") from None
    if not url.startswith(("https://", "http://")):
        raise problem("must start with https://")
    if not path.strip("/"):
        raise problem("is a home page: link the page with the recommendation")
    return url


class Source(ContentModel):
    key: key()
    title: text(MAX_SOURCE_TITLE)
    recommendation: text(MAX_RECOMMENDATION)
    url: Annotated[text(MAX_URL), AfterValidator(_page_below_home)]
    evidence: choice(*EVIDENCE)


class Number(ContentModel):
    """A natural frequency ("about 5 in 100") and the source it comes from."""

    source: key()
    text: texts(LONG)


class BenefitsAndHarms(ContentModel):
    """Numbers with their sources, or a plain statement that they are not known."""

    evidence: choice(*BENEFIT_EVIDENCE)
    numbers: list[Number] = []
    not_known: texts(LONG) = None
