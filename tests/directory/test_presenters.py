"""Words and numbers the public directory pages show."""

import datetime

import pytest
from django.core.paginator import Paginator
from django.http import QueryDict
from django.utils import translation

from thrivegrids.directory import presenters
from thrivegrids.directory.models import Schedule
from thrivegrids.directory.search import Origin

VALLEYFORD = Origin("Valleyford", 52.6, -1.5, {"place": "Valleyford"})


def _weekly(byday, opens=None, closes=None, **extra):
    return Schedule(freq="WEEKLY", byday=byday, opens_at=opens, closes_at=closes, **extra)


@pytest.mark.parametrize(
    ("schedule", "words"),
    [
        (
            _weekly("MO,TU,WE,TH,FR", datetime.time(9), datetime.time(17)),
            "Monday to Friday, 9 a.m. to 5 p.m.",
        ),
        (
            _weekly("SU,MO,TU,WE,TH,FR,SA", datetime.time(0), datetime.time(0)),
            "Every day, open 24 hours",
        ),
        (
            _weekly("MO,WE", datetime.time(18), datetime.time(20, 30)),
            "Monday, Wednesday, 6 p.m. to 8:30 p.m.",
        ),
        (
            _weekly("FR,SA", datetime.time(18), datetime.time(2)),
            "Friday, Saturday, 6 p.m. to 2 a.m.",
        ),
        (_weekly("TH"), "Thursday"),
        (_weekly("2TU", description="Second Tuesday of the month"), "Second Tuesday of the month"),
        (_weekly("XX", description="Ask us"), "Ask us"),
        (
            Schedule(freq="MONTHLY", bymonthday="1", notes="First of the month"),
            "First of the month",
        ),
    ],
)
def test_describe_schedule(schedule, words):
    with translation.override("en"):
        assert presenters.describe_schedule(schedule) == words


def test_describe_schedule_in_arabic():
    schedule = _weekly("MO,TU,WE,TH,FR", datetime.time(9), datetime.time(17))

    with translation.override("ar"):
        words = presenters.describe_schedule(schedule)

    assert words.startswith("من الاثنين إلى الجمعة، ")


@pytest.mark.parametrize(
    ("minimum", "maximum", "words"),
    [
        (5, 17, "Ages 5 to 17"),
        (16, None, "Ages 16 and over"),
        (None, 18, "Ages up to 18"),
        (None, None, "All ages"),
    ],
)
def test_age_text(minimum, maximum, words):
    with translation.override("en"):
        assert presenters.age_text(minimum, maximum) == words


def test_distance_text_in_miles():
    with translation.override("en"):
        assert presenters.distance_text(1.609344 * 2.34, VALLEYFORD) == "2.3 miles from Valleyford"
        assert presenters.distance_text(0.05, VALLEYFORD) == "Less than 0.1 miles from Valleyford"
        assert presenters.distance_text(None, VALLEYFORD) == ""


def test_distance_between_matches_a_known_distance():
    # Valleyford to Brookmere in the demo gazetteer: about 3.9 km apart (great-circle 3.93 km).
    km = presenters.distance_between(VALLEYFORD, 52.631, -1.472)

    assert 3.9 < km < 3.96


def test_lists_use_the_arabic_comma_in_arabic():
    with translation.override("ar"):
        assert presenters.joined(["أ", "ب"]) == "أ، ب"
    with translation.override("en"):
        assert presenters.joined(["a", "b"]) == "a, b"


def test_pagination_marks_the_current_page_and_elides_the_middle():
    page = Paginator(range(200), 20).get_page(5)

    with translation.override("en"):
        params = presenters.pagination(page, QueryDict("q=art"))

    numbers = [item.get("number") for item in params["items"]]
    assert numbers == [1, None, 4, 5, 6, None, 10]
    current = next(item for item in params["items"] if item.get("current"))
    assert current["href"] == "?q=art&page=5"
    assert current["ariaLabel"] == "Page 5"
    assert params["previous"]["href"] == "?q=art&page=4"
    assert params["next"]["href"] == "?q=art&page=6"


def test_no_pagination_for_one_page():
    assert presenters.pagination(Paginator(range(5), 20).get_page(1), QueryDict()) is None


def test_in_order_follows_the_ids_and_skips_missing():
    class Thing:
        def __init__(self, pk):
            self.pk = pk

    things = [Thing("b"), Thing("a")]

    assert [t.pk for t in presenters.in_order(things, ["a", "x", "b"])] == ["a", "b"]
