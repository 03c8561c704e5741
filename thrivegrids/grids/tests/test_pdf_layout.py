"""The grid PDF's layout: the grid on one landscape A4 front page, the detail on the pages behind.

The grid is built here from factories.minimal_data, not from the demo content: 6 options by
8 questions (plus the "What do the numbers say?" row), in English and a draft Arabic translation,
with cells of about 80 characters, the most that fits a 6 x 8 grid on the front page in both Noto
Sans and the DejaVu fallback. Each cell ends with a marker such as "(cell 6.8)" (option 6,
question 8) so a test can tell on which page each one was printed.
"""

import io
import re
import unicodedata
from datetime import date

import pytest
from django.db import transaction
from django.test import Client
from django.utils import translation
from pypdf import PdfReader

from thrivegrids.grids import pdf
from thrivegrids.grids.models import GridVersion
from thrivegrids.grids.tests.factories import minimal_data, store

# Every test is marked, so pytest-django sets up the database even when only tests that read the
# module's PDFs are selected.
pytestmark = pytest.mark.django_db

GRID = "/grids/low-mood/nhs/"
PDF = f"{GRID}versions/1/print.pdf"
A4_LANDSCAPE = (842, 595)  # points
OPTIONS = 6
QUESTIONS = 8
NUMBERS_ROW = QUESTIONS + 1
URGENT_NUMBERS = ("999", "111", "116123", "85258", "08001111")

ENGLISH_CELL = "Many young people find this helps within a few weeks if they keep going."
ARABIC_CELL = "يجد كثير من الشباب أن هذا يساعدهم خلال أسابيع قليلة إذا استمروا فيه."
# About 300 characters: a cell far too long for the front page.
LONG_CELL = " ".join([ENGLISH_CELL] * 4)


def both(english, arabic):
    return {"en": english, "ar": arabic}


def option(number, template):
    text = {name: f"{value} ({number})" for name, value in template["text"]["en"].items()}
    marker = f"{number}.{NUMBERS_ROW}"
    if number == 1:
        harms = {
            "evidence": "not-known",
            "not_known": both(
                f"Nobody has counted this yet ({marker}).", f"لم يحسبه أحد ({marker})."
            ),
        }
    else:
        harms = {
            "evidence": "numbers",
            "numbers": [
                {
                    "source": "nice",
                    "text": both(
                        f"About 5 in 100 feel better ({marker}).",
                        f"يتحسن حوالي 5 من كل 100 ({marker}).",
                    ),
                }
            ],
        }
    return {
        **template,
        "key": f"option-{number}",
        "text": {"en": text, "ar": dict.fromkeys(text, f"الخيار {number}")},
        "benefits_and_harms": harms,
    }


def grid_document(cell=ENGLISH_CELL):
    """A 6 x 8 grid with an English text and a draft Arabic translation."""
    data = minimal_data(languages={"en": "reviewed", "ar": "draft"})
    english = data["text"]["en"]
    data["text"] = both(english, dict.fromkeys(english, "نص تجريبي") | {"title": "المزاج"})
    waiting, other = data["options"]
    data["options"] = [option(n, waiting if n == 1 else other) for n in range(1, OPTIONS + 1)]
    data["questions"] = [
        {
            "key": f"question-{row}",
            "role": {1: "benefits", 2: "downsides"}.get(row, "general"),
            "text": both(f"Question {row}: what is it like?", f"السؤال {row}: كيف يكون؟"),
        }
        for row in range(1, QUESTIONS + 1)
    ]
    data["cells"] = {
        f"option-{column}": {
            f"question-{row}": {
                "sources": ["nice"],
                "text": both(f"{cell} (cell {column}.{row})", f"{ARABIC_CELL} ({column}.{row})"),
            }
            for row in range(1, QUESTIONS + 1)
        }
        for column in range(1, OPTIONS + 1)
    }
    return data


def publish(data):
    """Stored as a draft through the loader, then marked published without the content checks:
    this module tests the layout, not what makes a grid publishable (test_quality does that)."""
    version = store({**data, "status": "draft"})
    GridVersion.objects.filter(pk=version.pk).update(status=GridVersion.Status.PUBLISHED)
    return GridVersion.objects.with_content().get(pk=version.pk)


@pytest.fixture(scope="module")
def pdfs(django_db_setup, django_db_blocker):
    """The PDFs of the 6 x 8 grid, rendered once for the module (a render takes a second or two)."""
    with django_db_blocker.unblock(), transaction.atomic():
        publish(grid_document())
        client = Client()
        responses = {
            "en": client.get(PDF),
            "ar": client.get(f"/ar{PDF}"),
            "latest": client.get(f"{GRID}print.pdf"),
        }
        transaction.set_rollback(True)
    return {name: pages_of(response) for name, response in responses.items()}


def pages_of(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content)).pages


def squeezed(page):
    """A page's text without whitespace (words wrap anywhere in a narrow cell), with Arabic
    presentation forms mapped back to ordinary letters."""
    return "".join(unicodedata.normalize("NFKC", page.extract_text()).split())


def size(page):
    return round(float(page.mediabox.width)), round(float(page.mediabox.height))


# The front page


def test_pdf_front_page_is_landscape_a4(pdfs):
    assert size(pdfs["en"][0]) == A4_LANDSCAPE


def test_pdf_front_page_holds_the_whole_grid(pdfs):
    front = squeezed(pdfs["en"][0])

    for column in range(1, OPTIONS + 1):
        assert f"Talkingtherapy({column})" in front or column == 1
        assert f"(cell{column}.1)" in front, column
        assert f"(cell{column}.{QUESTIONS})" in front, column
        assert f"({column}.{NUMBERS_ROW})" in front, column
    assert "Whatdothenumberssay?" in front


def test_pdf_front_page_has_the_title_decision_and_urgent_help_numbers(pdfs):
    front = squeezed(pdfs["en"][0])

    assert "Lowmood:atestgrid" in front
    assert "Thedecision:Whichhelptotryfirst." in front
    assert "Ifyouneedhelpnow" in front
    for number in URGENT_NUMBERS:
        assert number in front, number


def test_pdf_front_page_links_to_the_live_grid(pdfs):
    front = squeezed(pdfs["en"][0])

    assert f"http://testserver{GRID}" in front
    assert "versions/1" not in front


def test_pdf_live_link_and_urgent_help_numbers_can_be_followed_on_a_screen(pdfs):
    links = {
        str(annotation.get_object()["/A"].get("/URI"))
        for annotation in pdfs["en"][0].get("/Annots") or []
        if "/A" in annotation.get_object()
    }

    assert {f"http://testserver{GRID}", "tel:999", "tel:111"} <= links


def test_latest_pdf_links_to_the_live_grid(pdfs):
    assert f"http://testserver{GRID}" in squeezed(pdfs["latest"][0])


def test_pdf_qr_code_is_a_fixed_size_svg_whatever_the_address():
    short = pdf.qr_code_svg("http://a.example/")
    long = pdf.qr_code_svg(
        "https://thrivegrids.example.org/ar/grids/generalised-anxiety/community/"
    )

    for svg in (short, long):
        assert svg.startswith('<svg width="16mm" height="16mm"')
        assert "<path" in svg
    assert short != long


# Every page


def test_pdf_every_page_is_landscape_a4(pdfs):
    assert len(pdfs["en"]) >= 2
    assert {size(page) for page in pdfs["en"]} == {A4_LANDSCAPE}
    assert {size(page) for page in pdfs["ar"]} == {A4_LANDSCAPE}


def test_pdf_footer_is_on_every_page(pdfs):
    pages = pdfs["en"]

    for number, page in enumerate(pages, start=1):
        text = squeezed(page)
        assert "Version1" in text
        assert "Published1May2026" in text
        assert "Nextreview1May2036" in text
        assert "·English·" in text
        assert "Examplecontent,notclinicallyreviewed" in text
        assert f"{number}/{len(pages)}" in text


# The reverse


def test_pdf_reverse_has_each_option_about_the_grid_and_the_sources(pdfs):
    front, *back = pdfs["en"]

    reverse = "".join(squeezed(page) for page in back)
    assert "Moreabouteachoption" in reverse
    assert "Whenwaitingisnotsafe" in reverse
    assert "Donotwaitifyoufeelunsafe.(1)" in reverse
    for number in range(2, OPTIONS + 1):
        assert f"Youmeetatherapisteachweek.({number})" in reverse, number
    assert "Aboutthisgrid" in reverse
    assert "Whothisgridis" in reverse
    assert "Guideline1section2" in reverse
    assert "https://example.org/guideline/section-2" in reverse
    assert "Whenwaitingisnotsafe" not in squeezed(front)


# Arabic


def test_arabic_pdf_has_arabic_text_urgent_help_and_the_arabic_live_link(pdfs):
    front = squeezed(pdfs["ar"][0])

    assert len(re.findall(r"[\u0600-\u06ff]", front)) > 1000
    assert "إذاكنتتحتاج" in front  # "If you need help now"
    for number in URGENT_NUMBERS:
        assert number in front, number
    assert f"http://testserver/ar{GRID}" in front


def test_arabic_pdf_front_page_holds_the_whole_grid(pdfs):
    front = squeezed(pdfs["ar"][0])

    for column in range(1, OPTIONS + 1):
        for row in (1, QUESTIONS, NUMBERS_ROW):
            assert f"{column}.{row}" in front, (column, row)


def test_arabic_pdf_footer_is_on_every_page(pdfs):
    pages = pdfs["ar"]

    for number, page in enumerate(pages, start=1):
        text = squeezed(page)
        assert "العربية" in text
        assert f"{number}/{len(pages)}" in text


# What the footer says about the language


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ({"en": "reviewed", "ar": "draft"}, "Arabic: draft translation"),
        ({"en": "reviewed", "ar": "reviewed"}, "Arabic: reviewed translation"),
        ({"en": "reviewed"}, "Arabic: not yet translated, shown in English"),
    ],
)
def test_translation_note_says_how_far_the_translation_has_got(status, expected):
    version = GridVersion(translation_status=status)

    with translation.override("en"):
        assert pdf.translation_note(_Language(version, "ar")) == expected


def test_translation_note_for_english_is_just_the_language():
    version = GridVersion(translation_status={"en": "reviewed", "ar": "draft"})

    with translation.override("en"):
        assert pdf.translation_note(_Language(version, "en")) == "English"


class _Language:
    """The two presenter attributes translation_note reads."""

    def __init__(self, version, language):
        self.version, self.language = version, language


# When the text is too long


def test_pdf_grid_too_long_for_one_page_continues_with_its_head_row(client, db):
    publish(grid_document(cell=LONG_CELL))

    pages = pages_of(client.get(PDF))

    front, second = squeezed(pages[0]), squeezed(pages[1])
    assert "(cell6.1)" in front
    assert f"(cell6.{QUESTIONS})" not in front
    assert second.startswith("QuestionWaitandsee(1)")  # the head row is repeated
    assert any(f"(cell6.{QUESTIONS})" in squeezed(page) for page in pages[1:])
    assert {size(page) for page in pages} == {A4_LANDSCAPE}


def test_pdf_past_review_notice_is_on_the_front_page(client, db):
    publish(
        {**grid_document(), "published_on": date(2019, 1, 1), "next_review_on": date(2020, 1, 1)}
    )

    front = squeezed(pages_of(client.get(PDF))[0])

    assert "Thisgridispastitsreviewdate" in front
