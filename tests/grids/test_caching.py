import datetime
from types import SimpleNamespace

import pytest
import time_machine

from thrivegrids.core import content_generation as caching
from thrivegrids.core.models import ContentGeneration


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_a_cached_grid_page_needs_no_database_query(
    client, demo_grids, django_assert_num_queries, monkeypatch
):
    # The generation is remembered for a second, and a first render can take longer than that (a
    # cold template cache): stop the memo's clock, as the wall clock is (a page's key has the day).
    monkeypatch.setattr(caching, "time", SimpleNamespace(monotonic=lambda: 1000.0))
    client.get("/grids/low-mood/nhs/")

    with django_assert_num_queries(0):
        response = client.get("/grids/low-mood/nhs/")

    assert response.status_code == 200


@pytest.mark.django_db
def test_a_bump_in_this_process_is_seen_at_once():
    before = caching.content_generation()

    caching.bump_content_generation()

    assert caching.content_generation() == before + 1


@pytest.mark.django_db
def test_another_process_bump_is_seen_once_the_memo_expires(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(caching.time, "monotonic", lambda: clock[0])
    before = caching.content_generation()
    # Another process bumps the counter: this process does not hear of it directly.
    ContentGeneration.objects.filter(pk=ContentGeneration.SINGLETON).update(value=before + 5)

    assert caching.content_generation() == before
    clock[0] += caching.GENERATION_MEMO_SECONDS + 0.01
    assert caching.content_generation() == before + 5
