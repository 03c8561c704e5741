"""A grid past its review date says so on its page and PDF, and check_grids tells the team."""

import datetime

import pytest

from tests import clock
from tests.grids.factories import minimal_data, store
from thrivegrids.grids.models import GridVersion

REVIEW_BY = datetime.date(2026, 7, 1)


@pytest.fixture
def published(db):
    version = store(minimal_data(status="published"))
    GridVersion.objects.filter(pk=version.pk).update(next_review_on=REVIEW_BY)
    return version


def on(time_machine, day):
    time_machine.move_to(clock.noon(day), tick=False)


def test_grid_page_says_nothing_before_the_review_date(client, published, time_machine):
    on(time_machine, REVIEW_BY)

    html = client.get("/grids/low-mood/nhs/").content.decode()

    assert "data-past-review" not in html


def test_grid_page_warns_once_the_review_date_has_passed(client, published, time_machine):
    on(time_machine, REVIEW_BY + datetime.timedelta(days=1))

    html = client.get("/grids/low-mood/nhs/").content.decode()

    assert "data-past-review" in html
    assert "This grid is past its review date" in html


def test_a_cached_page_learns_the_next_day_that_review_is_due(client, published, time_machine):
    on(time_machine, REVIEW_BY)
    client.get("/grids/low-mood/nhs/")
    on(time_machine, REVIEW_BY + datetime.timedelta(days=1))

    assert "data-past-review" in client.get("/grids/low-mood/nhs/").content.decode()


def test_grid_pdf_warns_once_the_review_date_has_passed(client, published, time_machine):
    import io

    from pypdf import PdfReader

    on(time_machine, REVIEW_BY + datetime.timedelta(days=1))

    response = client.get("/grids/low-mood/nhs/print.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)

    assert "past its review date" in " ".join(text.split())
