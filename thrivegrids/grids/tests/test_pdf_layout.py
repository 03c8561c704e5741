"""The grid PDF's layout: the grid on one landscape A4 front page, the detail behind it.

The grid is built here from factories.minimal_data (not the demo content), at the size of a real
grid: 6 options by 8 questions, cells of typical length, in English and Arabic.
"""

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from thrivegrids.grids.models import GridVersion
from thrivegrids.grids.tests.factories import minimal_data, store

GRID = "/grids/low-mood/nhs/"
PDF = f"{GRID}versions/1/print.pdf"
A4_LANDSCAPE = (842, 595)  # points
OPTIONS = 6
QUESTIONS = 8

# About 100 characters: the length of a typical cell in the demo grids.
ENGLISH_CELL = "Many young people find this helps within a few weeks, most of all when they keep going with it."
ARABIC_CELL = "يجد كثير من الشباب أن هذا يساعدهم خلال أسابيع قليلة، وخاصة عندما يستمرون فيه بانتظام."


def both(english, arabic):
    return {"en": english, "ar": arabic}


def grid_document(cell_en=ENGLISH_CELL, cell_ar=ARABIC_CELL):
    """A 6 x 8 grid in English and (draft) Arabic. Each cell ends with its own marker, such as
    "(cell 6.8)", so a test can tell where each one was printed."""
    data = minimal_data(languages={"en": "reviewed", "ar": "draft"})
    data["text"] = {
        "en": {**data["text"]["en"], "title": "Low mood: a test grid"},
        "ar": {name: f"نص {name}" for name in data["text"]["en"]} | {"title": "انخفاض المزاج"},
    }
    options = []
    for number in range(1, OPTIONS + 1):
        template = data["options"][0 if number == 1 else 1]
        text = {name: f"{value} ({number})" for name, value in template["text"]["en"].items()}
        option = {
            **template,
            "key": f"option-{number}",
            "text": {"en": text, "ar": {name: f"خيار {number} {name}" for name in text}},
        }
        harms = template["benefits_and_harms"]
        if harms["evidence"] == "numbers":
            option["benefits_and_harms"] = {
                "evidence": "numbers",
                "numbers": [
                    {
                        "source": "nice",
                        "text": both(
                            f"About 5 in 100 feel better (numbers {number}).",
                            f"يتحسن حوالي 5 من كل 100 (أرقام {number}).",
                        ),
                    }
                ],
            }
        else:
            option["benefits_and_harms"] = {
                "evidence": "not-known",
                "not_known": both(
                    f"Nobody has counted this yet (numbers {number}).",
                    f"لم يحسب أحد هذا بعد (أرقام {number}).",
                ),
            }
        options.append(option)
    data["options"] = options
    data["questions"] = [
        {
            "key": f"question-{row}",
            "role": {1: "benefits", 2: "downsides"}.get(row, "general"),
            "text": both(f"Question number {row}: what is it like?", f"السؤال {row}: كيف يكون؟"),
        }
        for row in range(1, QUESTIONS + 1)
    ]
    data["cells"] = {
        option["key"]: {
            f"question-{row}": {
                "sources": ["nice"],
                "text": both(
                    f"{cell_en} (cell {column}.{row})", f"{cell_ar} (خلية {column}.{row})"
                ),
            }
            for row in range(1, QUESTIONS + 1)
        }
        for column, option in enumerate(options, start=1)
    }
    return data


def publish(data):
    """Stored as a draft through the loader, then marked published without the content checks:
    this module tests the layout, not what makes a grid publishable (test_quality does that)."""
    version = store({**data, "status": "draft"})
    GridVersion.objects.filter(pk=version.pk).update(status=GridVersion.Status.PUBLISHED)
    return version


@pytest.fixture
def grid(db):
    return publish(grid_document())


def pages_of(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content)).pages


def squeezed(page):
    """A page's text without whitespace (words wrap anywhere in a cell); Arabic presentation
    forms mapped back to ordinary letters."""
    return "".join(unicodedata.normalize("NFKC", page.extract_text()).split())


def size(page):
    return round(float(page.mediabox.width)), round(float(page.mediabox.height))


def test_pdf_front_page_is_landscape_a4(client, grid):
    pages = pages_of(client.get(PDF))

    assert size(pages[0]) == A4_LANDSCAPE


def test_pdf_every_page_is_landscape(client, grid):
    pages = pages_of(client.get(PDF))

    assert len(pages) >= 2
    assert {size(page) for page in pages} == {A4_LANDSCAPE}


def test_pdf_front_page_holds_the_whole_grid(client, grid):
    front = squeezed(pages_of(client.get(PDF))[0])

    for column in range(1, OPTIONS + 1):
        assert f"(cell{column}.1)" in front
        assert f"(cell{column}.{QUESTIONS})" in front, column
        assert f"(numbers{column})" in front, column
    assert "Whatdothenumberssay?" in front


def test_pdf_front_page_has_urgent_help_numbers_title_and_decision(client, grid):
    front = squeezed(pages_of(client.get(PDF))[0])

    assert "Ifyouneedhelpnow" in front
    for number in ("999", "111", "116123", "85258"):
        assert number in front
    assert "Lowmood:atestgrid" in front
    assert "Whichhelptotryfirst." in front


def test_pdf_front_page_links_to_the_live_grid(client, grid):
    response = client.get(PDF)

    front = squeezed(pages_of(response)[0])
    assert f"http://testserver{GRID}" in front
    assert b"<svg" not in response.content  # the QR code is drawn, not left as markup


def test_pdf_latest_links_to_the_live_grid_too(client, grid):
    front = squeezed(pages_of(client.get(f"{GRID}print.pdf"))[0])

    assert f"http://testserver{GRID}" in front


def test_pdf_footer_is_on_every_page(client, grid):
    pages = pages_of(client.get(PDF))

    for number, page in enumerate(pages, start=1):
        text = squeezed(page)
        assert "Version1" in text
        assert "Published1May2026" in text
        assert "Nextreview1May2036" in text
        assert "English" in text
        assert "Examplecontent,notclinicallyreviewed" in text
        assert f"{number}/{len(pages)}" in text


def test_pdf_reverse_has_the_detail_of_each_option_and_the_sources(client, grid):
    pages = pages_of(client.get(PDF))

    back = "".join(squeezed(page) for page in pages[1:])
    assert "Moreabouteachoption" in back
    assert "Whenwaitingisnotsafe" in back
    assert "Donotwaitifyoufeelunsafe.(1)" in back
    for number in range(1, OPTIONS + 1):
        assert f"Youmeetatherapisteachweek.({number})" in back or number == 1
    assert "Aboutthisgrid" in back
    assert "Guideline1section2" in back
    assert "example.org/guideline/section-2" in back


def test_pdf_past_review_notice_is_on_the_front(client, db):
    publish({**grid_document(), "next_review_on": "2020-01-01"})

    front = squeezed(pages_of(client.get(PDF))[0])

    assert "Thisgridispastitsreviewdate" in front


def test_arabic_pdf_is_right_to_left_with_arabic_text_and_urgent_help(client, grid):
    pages = pages_of(client.get(f"/ar{PDF}"))

    front = squeezed(pages[0])
    assert size(pages[0]) == A4_LANDSCAPE
    assert len(re.findall(r"[\u0600-\u06ff]", front)) > 500
    for number in ("999", "111", "116123", "85258"):
        assert number in front
    assert f"http://testserver/ar{GRID}" in front


def test_arabic_pdf_front_page_holds_the_whole_grid(client, grid):
    front = squeezed(pages_of(client.get(f"/ar{PDF}"))[0])

    for column in range(1, OPTIONS + 1):
        assert f"{column}.{QUESTIONS}" in front or f"{QUESTIONS}.{column}" in front, column


def test_arabic_pdf_footer_says_the_translation_is_a_draft(client, grid):
    pages = pages_of(client.get(f"/ar{PDF}"))

    for page in pages:
        assert "مسودة" in squeezed(page) or "draft" in squeezed(page)


def test_zz_dump(client, grid):
    import os
    for lang in ("", "/ar"):
        r = client.get(f"{lang}{PDF}")
        open(f"/tmp/pdfwork/out{lang.replace('/', '-') or '-en'}.pdf", "wb").write(r.content)
