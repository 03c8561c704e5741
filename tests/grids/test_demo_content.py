"""The demo content meets the content standard it ships with: every essential check passes on
every file, as of each file's own publication date (superseded versions skip the review date)."""

import pytest
from django.core.management import CommandError

from tests.grids.factories import DEMO, run
from thrivegrids.grids.content import parse_files


def test_demo_content_passes_every_essential_check():
    try:
        out, _err = run("check_grids", "--files", str(DEMO))
    except CommandError as error:
        pytest.fail(f"{error}")
    assert out.count("ok ") == len(parse_files([DEMO]))


def test_every_demo_grid_is_example_content_with_an_age_range_and_arabic():
    for document in parse_files([DEMO]):
        assert document.example_content is True, document.path
        assert document.age_min is not None and document.age_max <= 25, document.path
        assert document.languages.get("ar") == "draft", document.path
