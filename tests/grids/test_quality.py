"""Quality checks: advisory warnings for reading age, equal detail and a review coming up."""

import copy
import datetime

import pytest

from tests.grids.factories import TODAY, minimal_data, store
from thrivegrids.grids import quality
from thrivegrids.grids.services import check_grid_version

pytestmark = pytest.mark.django_db

HARD_WORDS = (
    "Pharmacological antidepressant interventions necessitate comprehensive psychiatric "
    "evaluation, individualised monitoring and considerable organisational coordination."
)


def codes(findings, level):
    return [finding.code for finding in findings if finding.level == level]


def findings_for(data, *, today=TODAY):
    return check_grid_version(store(data), today=today)


def test_check_version_finds_nothing_wrong_with_the_minimal_document():
    findings = findings_for(minimal_data())

    assert findings == []


def test_check_version_refuses_a_cell_with_a_high_reading_age():
    data = minimal_data()
    data["cells"]["talk"]["help"]["text"]["en"] = HARD_WORDS

    findings = findings_for(data)

    # Refused, not advised: a young person must be able to read every cell.
    reading = [finding for finding in findings if finding.code == "reading-age"]
    assert [finding.level for finding in reading] == [quality.ESSENTIAL]
    assert "talk/help" in reading[0].message


def test_check_version_ignores_reading_age_of_very_short_cells():
    data = minimal_data()
    data["cells"]["talk"]["help"]["text"]["en"] = "Psychopharmacological interventions."

    assert codes(findings_for(data), quality.ADVISORY) == []


def test_reading_age_is_higher_for_harder_text():
    assert quality.reading_age(HARD_WORDS) > quality.READING_AGE_LIMIT
    assert quality.reading_age("You can talk to us. We will help you.") <= quality.READING_AGE_LIMIT


def _with_third_option(data, *, words=None):
    """Three options (equal detail needs a real median); `words` makes the third one long."""
    third = copy.deepcopy(data["options"][1])
    third["key"], third["text"]["en"]["name"] = "group", "Group therapy"
    data["options"].append(third)
    data["cells"]["group"] = copy.deepcopy(data["cells"]["talk"])
    if words:
        data["cells"]["group"]["help"]["text"]["en"] = " ".join(["You meet people."] * words)
    return data


def test_check_version_refuses_an_option_with_far_more_text():
    data = _with_third_option(minimal_data(), words=40)

    findings = findings_for(data)

    unbalanced = [f for f in findings if f.code == "unbalanced"]
    assert any("Option group" in finding.message for finding in unbalanced)


def test_check_version_accepts_options_with_similar_detail():
    data = _with_third_option(minimal_data())

    assert codes(findings_for(data), quality.ADVISORY) == []


def test_check_version_warns_when_the_review_is_due_within_60_days():
    data = minimal_data(next_review_on=TODAY + datetime.timedelta(days=30))

    findings = findings_for(data)

    assert codes(findings, quality.ADVISORY) == ["review-soon"]
    assert codes(findings, quality.ESSENTIAL) == []


@pytest.mark.parametrize(("days", "warned"), [(60, True), (61, False)])
def test_check_version_review_warning_starts_60_days_ahead(days, warned):
    data = minimal_data(next_review_on=TODAY + datetime.timedelta(days=days))

    assert ("review-soon" in codes(findings_for(data), quality.ADVISORY)) is warned


def test_essential_findings_keeps_only_essential_ones():
    findings = [
        quality.Finding(quality.ADVISORY, "review-soon", "soon"),
        quality.Finding(quality.ESSENTIAL, "empty-cell", "empty"),
    ]

    assert [f.code for f in quality.essential_findings(findings)] == ["empty-cell"]
