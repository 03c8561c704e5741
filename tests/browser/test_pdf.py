"""Journey: download the grid as an A4 PDF to print or take to an appointment."""

import pytest

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_pdf_link_downloads_a_pdf(page, site):
    page.goto(site + "/grids/low-mood/nhs/")
    assert_accessible(page)
    link = page.get_by_role("link", name="Download this grid as a PDF (A4)")
    href = link.evaluate("a => a.href")
    assert href.endswith("/grids/low-mood/nhs/versions/2/print.pdf")

    response = page.request.get(href)

    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body()[:5] == b"%PDF-"
