"""The codes exports use, read from content/careplans/coding.yaml (data, not code).

The file is checked as it is read, every problem reported as `file:line` (core.yaml_models): its
format version, each concept's system, a code that is either empty (not confirmed yet) or a SNOMED
CT identifier with a valid check digit, and no concept marked confirmed without a code. A code is
never guessed here: until the team's clinical coder fills it in, ratings are stored with an empty
code and `confirmed: false`, and exports say so.
"""

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from django.conf import settings
from pydantic import AfterValidator, model_validator

from thrivegrids.core.content_yaml import ContentError, load_yaml
from thrivegrids.core.yaml_models import ContentModel, Flag, ShortText, problem, reported, text
from thrivegrids.core.yaml_models import validate as validate_model

CODING_FILE = Path(settings.BASE_DIR) / "content" / "careplans" / "coding.yaml"
CODING_FORMAT = "thrivegrids-coding/1"
SNOMED_CT = "http://snomed.info/sct"

# Verhoeff's tables: the last digit of a SNOMED CT identifier checks the others.
_VERHOEFF_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_VERHOEFF_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)


def verhoeff_valid(digits: str) -> bool:
    """True when the last digit of `digits` is the Verhoeff check digit of the others."""
    check = 0
    for position, digit in enumerate(reversed(digits)):
        check = _VERHOEFF_D[check][_VERHOEFF_P[position % 8][int(digit)]]
    return check == 0


def _sctid(value):
    # A SNOMED CT identifier is 6 to 18 digits, the last a Verhoeff check digit.
    if value and not (value.isdigit() and 6 <= len(value) <= 18 and verhoeff_valid(value)):
        raise problem(
            "must be empty (not confirmed yet) or a SNOMED CT identifier: 6 to 18 digits "
            "ending in a valid check digit"
        )
    return value


def _web_address(value):
    if not value.startswith(("http://", "https://")):
        raise problem("must be the code system's web address, like http://snomed.info/sct")
    return value


class ConceptEntry(ContentModel):
    system: Annotated[ShortText, AfterValidator(_web_address)]
    code: Annotated[text(20, required=False), AfterValidator(_sctid)]
    display: ShortText
    confirmed: Flag

    @model_validator(mode="after")
    def _confirmed_needs_a_code(self):
        if self.confirmed and not self.code:
            raise problem("is marked confirmed but has no code", line_of="confirmed")
        return self


class CodingFile(ContentModel):
    format: Annotated[Literal[CODING_FORMAT], reported(f"must be {CODING_FORMAT}")]
    goal_score: ConceptEntry


@dataclass(frozen=True)
class Concept:
    system: str
    code: str
    display: str
    confirmed: bool


def parse_text(source_text, path="<text>") -> dict[str, Concept]:
    """The concepts of a coding file ({"goal_score": Concept}), or ContentError (file:line)."""
    data = load_yaml(source_text, path)
    coding, problems = validate_model(CodingFile, data, path)
    if problems:
        raise ContentError(sorted(problems, key=lambda found: found.line))
    entry = coding.goal_score
    return {
        "goal_score": Concept(
            system=entry.system, code=entry.code, display=entry.display, confirmed=entry.confirmed
        )
    }


@functools.cache
def concepts() -> dict[str, Concept]:
    """The shipped file's concepts, read once (a broken file raises ContentError at first use)."""
    return parse_text(CODING_FILE.read_text(encoding="utf-8"), str(CODING_FILE))


def goal_score_concept() -> Concept:
    """The concept a goal progress score (0-10) is stored and exported against."""
    return concepts()["goal_score"]
