"""The grid PDF's layout: the grid on one landscape A4 front page, the detail on the pages behind.

quality.ONE_PAGE and ONE_PAGE_NUMBERS cap what a grid may hold so that it fits that front page;
these tests hold the layout to that promise. The grid here is built from factories.minimal_data
at exactly those limits, read from quality.py so the tests follow the rule: as many options and
questions as allowed, every cell exactly as long as allowed (in realistic English words, and in
realistic Arabic words for the draft Arabic translation), every option's "What do the numbers
say?" text too, one to three sources cited per cell (numbered 10 to 12, as in the demo grid that
has the most sources), option names and questions as long as the demo grids' longest, and every
notice that can stand above the grid: past its review date, not the latest version and, in
Arabic, the draft translation notices. A second grid 10% over the limits shows there is room to
spare.

Each cell ends with a marker such as "(6.7)." (option 6, question 7; the numbers row is one more
than the last question), counted in its length, so a test can tell on which page it was printed;
its full stop ends the cell, as in real cells, before the superscript source numbers.
"""

import io
import itertools
import re
import unicodedata
from datetime import date

import pytest
from django.db import transaction
from django.test import Client
from django.utils import translation
from pypdf import PdfReader

from tests.grids.factories import TODAY, as_yaml, minimal_data, store
from thrivegrids.core.qr import qr_code_svg
from thrivegrids.grids import pdf
from thrivegrids.grids.content import parse_text
from thrivegrids.grids.models import GridVersion
from thrivegrids.grids.quality import ONE_PAGE, ONE_PAGE_NUMBERS, check_document

# Every test is marked, so pytest-django sets up the database even when only tests that read the
# module's PDFs are selected.
pytestmark = pytest.mark.django_db

GRID = "/grids/low-mood/nhs/"
PDF = f"{GRID}versions/1/print.pdf"
A4_LANDSCAPE = (842, 595)  # points
OPTIONS = ONE_PAGE["options"]
QUESTIONS = ONE_PAGE["questions"]
NUMBERS_ROW = QUESTIONS + 1
LANGUAGES = ("en", "ar")
PREFIX = {"en": "", "ar": "/ar"}
ROOM = 1.1  # the roomy grid: cells and numbers 10% longer than the limits allow
URGENT_NUMBERS = ("999", "111", "116123", "85258", "08001111")
SOURCES = 12  # as many as the demo grid that cites the most

# Running text the cells are cut from, a word at a time, so they read like real cells.
WORDS = {
    "en": (
        "You meet a trained therapist once a week for about an hour and talk about your "
        "thoughts, feelings and what happens at school or at home. A parent or carer can join "
        "some sessions if you want them to. Many young people find this helps within a few "
        "weeks if they keep going. It can feel hard to talk about feelings at first, and you "
        "may have to wait several weeks before sessions start. You can stop, or ask to try "
        "something else, at any time."
    ),
    "ar": (
        "يلتقي الشاب بمعالج مدرب مرة كل أسبوع لمدة ساعة تقريبا، ويتحدثان معا عن الأفكار "
        "والمشاعر وما يحدث في المدرسة والبيت. يمكن أن يشارك أحد الوالدين في بعض الجلسات إذا "
        "رغب الشاب في ذلك. يجد كثير من الشباب أن هذا يساعدهم خلال أسابيع قليلة إذا استمروا "
        "فيه. قد يكون الحديث عن المشاعر صعبا في البداية، وقد تضطر إلى الانتظار عدة أسابيع قبل "
        "أن تبدأ الجلسات. يمكنك التوقف أو طلب تجربة شيء آخر في أي وقت."
    ),
}
NUMBER_WORDS = {
    "en": (
        "About 5 in 100 young people who try this feel much better after 12 weeks, compared "
        "with about 3 in 100 who wait. About 2 in 100 have side effects bad enough to stop, "
        "and about 1 in 10 stop coming before the end. Nobody has yet counted how many "
        "children under 12 it helps."
    ),
    "ar": (
        "يشعر حوالي 5 من كل 100 شاب يجربون هذا بتحسن كبير بعد 12 أسبوعا، مقارنة بحوالي 3 من "
        "كل 100 ممن ينتظرون. ويعاني حوالي 2 من كل 100 من آثار جانبية تجعلهم يتوقفون، ويتوقف "
        "حوالي 1 من كل 10 عن الحضور قبل النهاية. ولم يحص أحد بعد عدد الأطفال دون 12 سنة "
        "الذين يساعدهم."
    ),
}
# A first number for the options that give two, each with its own source, as real grids do.
FIRST_NUMBER = {
    "en": "About 5 in 100 feel much better after 12 weeks.",
    "ar": "يشعر حوالي 5 من كل 100 بتحسن كبير بعد 12 أسبوعا.",
}
# Option names and questions as long as the demo grids' longest.
OPTION_NAMES = [
    (
        "Wait and see, after an assessment, with a safety plan",
        "الانتظار والمتابعة بعد التقييم، مع خطة أمان",
    ),
    (
        "Assessment and a safety plan with the mental health team",
        "التقييم وخطة الأمان مع فريق الصحة النفسية",
    ),
    (
        "Guided self-help or online CBT",
        "المساعدة الذاتية الموجهة أو العلاج المعرفي السلوكي عبر الإنترنت",
    ),
    (
        "Support from the SENCO (special educational needs co-ordinator) at school",
        "الدعم من منسق الاحتياجات التعليمية الخاصة (SENCO) في المدرسة",
    ),
    (
        "Family therapy or interpersonal therapy",
        "العلاج الأسري أو العلاج النفسي التفاعلي بين الأشخاص",
    ),
    ("Medicine, only after a specialist check", "الدواء، فقط بعد تقييم من طبيب مختص"),
]
QUESTION_TEXTS = [
    ("What is it?", "ما هذا الخيار؟"),
    ("How could it help me?", "كيف يمكن أن يساعدني؟"),
    ("What are the downsides or risks?", "ما السلبيات أو المخاطر؟"),
    ("What would I have to do?", "ماذا سيكون علي أن أفعل؟"),
    ("How soon could it start, and how long does it last?", "متى يمكن أن يبدأ، وكم يستمر؟"),
    ("Who would I see, and can my family be involved?", "من سأقابل، وهل يمكن أن تشارك عائلتي؟"),
    ("Can I change my mind later?", "هل يمكنني تغيير رأيي لاحقا؟"),
]
# The title and decision as long as the demo grids' longest.
TITLE = (
    "Low mood and depression: help in the community",
    "انخفاض المزاج: المساعدة من هيئة الخدمات الصحية الوطنية (NHS)",
)
DECISION = (
    "This grid helps you and the people who support you talk about which NHS help to try. Not "
    "every option is a first choice. Some are for mild low mood. Others are only for depression "
    "that is moderate or severe. Medicine is not used as the first help for mild depression.",
    "يساعدك هذا الجدول، أنت ومن يدعمونك، على الحديث عن نوع المساعدة من NHS الذي يمكن تجربته. "
    "ليس كل خيار هنا خيارا أول. فبعض الخيارات لانخفاض المزاج الخفيف، وبعضها فقط للاكتئاب "
    "المتوسط أو الشديد. ولا يستخدم الدواء كأول مساعدة عندما يكون الاكتئاب خفيفا.",
)


def both(english, arabic):
    return {"en": english, "ar": arabic}


def marker(column, row):
    return f"({column}.{row})"


def exactly(words, length, end, start=0):
    """Whole words from `words` (from word `start` on, round and round), then `end`: exactly
    `length` characters. The first start from which the words fill the length exactly is used."""
    pool = words.split()
    for shift in range(len(pool)):
        text = ""
        for word in itertools.islice(itertools.cycle(pool), start + shift, None):
            longer = f"{text} {word}".strip()
            if len(longer) + 1 + len(end) > length:
                break
            text = longer
        if len(text) + 1 + len(end) == length:
            return f"{text[0].upper()}{text[1:]} {end}"
    raise AssertionError(f"no words fill {length} characters exactly")


def cell_text(column, row, stretch):
    return {
        language: exactly(
            WORDS[language],
            round(ONE_PAGE["cell"][language] * stretch),
            f"{marker(column, row)}.",
            start=column * 7 + row * 3,
        )
        for language in LANGUAGES
    }


def cited(column, row):
    """One to three sources, numbered 10 to 12: the widest references a cell has."""
    count = 1 + (column + row) % 3
    return [f"source-{SOURCES - (column + row + i) % 3}" for i in range(count)]


def benefits_and_harms(column, stretch):
    """Numbers text exactly as long as allowed: "not known" for the first option, one number
    or two (each from its own source, as the rule counts them: joined by a space) for the rest."""
    end = f"{marker(column, NUMBERS_ROW)}."
    length = {language: round(ONE_PAGE_NUMBERS[language] * stretch) for language in LANGUAGES}
    if column == 1:
        return {
            "evidence": "not-known",
            "not_known": {
                language: exactly(NUMBER_WORDS[language], length[language], end)
                for language in LANGUAGES
            },
        }
    first = []
    if column % 2 == 0:
        first = [{"source": f"source-{SOURCES - 1}", "text": dict(FIRST_NUMBER)}]
        length = {
            language: length[language] - len(FIRST_NUMBER[language]) - 1 for language in LANGUAGES
        }
    last = {
        "source": f"source-{SOURCES}",
        "text": {
            language: exactly(NUMBER_WORDS[language], length[language], end, column)
            for language in LANGUAGES
        },
    }
    return {"evidence": "numbers", "numbers": [*first, last]}


def option(column, template, stretch):
    english = {name: f"{value} ({column})" for name, value in template["text"]["en"].items()}
    name, arabic_name = OPTION_NAMES[(column - 1) % len(OPTION_NAMES)]
    return {
        **template,
        "key": f"option-{column}",
        "text": {
            "en": english | {"name": name},
            "ar": dict.fromkeys(english, f"الخيار {column}") | {"name": arabic_name},
        },
        "benefits_and_harms": benefits_and_harms(column, stretch),
    }


def grid_document(stretch=1):
    """The grid at the one-page limits, in English and a draft Arabic translation; with `stretch`,
    its cells and numbers that many times as long as the limits allow."""
    data = minimal_data(languages={"en": "reviewed", "ar": "draft"})
    english = data["text"]["en"] | {"title": TITLE[0], "decision": DECISION[0]}
    data["text"] = both(
        english, dict.fromkeys(english, "نص تجريبي") | {"title": TITLE[1], "decision": DECISION[1]}
    )
    source = data["sources"][0]
    data["sources"] = [
        {
            **source,
            "key": f"source-{number}",
            "title": f"Guideline {number}",
            "recommendation": f"Guideline {number} section 2",
        }
        for number in range(1, SOURCES + 1)
    ]
    waiting, other = data["options"]
    data["options"] = [
        option(column, waiting if column == 1 else other, stretch)
        for column in range(1, OPTIONS + 1)
    ]
    data["questions"] = [
        {
            "key": f"question-{row}",
            "role": {2: "benefits", 3: "downsides"}.get(row, "general"),
            "text": both(*QUESTION_TEXTS[(row - 1) % len(QUESTION_TEXTS)]),
        }
        for row in range(1, QUESTIONS + 1)
    ]
    data["cells"] = {
        f"option-{column}": {
            f"question-{row}": {
                "sources": cited(column, row),
                "text": cell_text(column, row, stretch),
            }
            for row in range(1, QUESTIONS + 1)
        }
        for column in range(1, OPTIONS + 1)
    }
    return data


TURN_OVER = "More about each option, about this grid and its sources are on the next pages."
DRAFT_NOTICES = (
    "This is a draft translation, not yet reviewed by a native speaker. Ask the person "
    "supporting you if anything is unclear.",
    "This translation is a draft and has not yet been reviewed by a native speaker. The numbers "
    "are correct.",
)


def gettext_in(language, message):
    with translation.override(language):
        return translation.gettext(message)


# Past its review date, so the front page carries that notice too.
PAST_REVIEW = {"published_on": date(2019, 1, 1), "next_review_on": date(2020, 1, 1)}


def publish(data):
    """Stored as a draft through the loader, then marked published without the content checks:
    this module tests the layout, not what makes a grid publishable (test_quality does that)."""
    version = store({**data, "status": "draft"})
    GridVersion.objects.filter(pk=version.pk).update(status=GridVersion.Status.PUBLISHED)
    return GridVersion.objects.with_content().get(pk=version.pk)


def render(client, data):
    """Version 1 of `data`, past its review date, and a version 2, so version 1 is no longer the
    latest: the PDFs of version 1 in each language, and of the latest version."""
    publish({**data, **PAST_REVIEW})
    publish({**data, "version": 2})
    responses = {language: client.get(f"{PREFIX[language]}{PDF}") for language in LANGUAGES}
    responses["latest"] = client.get(f"{GRID}print.pdf")
    return {name: pages_of(response) for name, response in responses.items()}


@pytest.fixture(scope="module")
def pdfs(django_db_setup, django_db_blocker):
    """The PDFs of the grid at the limits, rendered once for the module (a render takes a second
    or two)."""
    with django_db_blocker.unblock(), transaction.atomic():
        rendered = render(Client(), grid_document())
        transaction.set_rollback(True)
    return rendered


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


def missing_cells(page):
    """The markers of the cells (numbers row included) not printed on the page. Right to left,
    the text comes out with the brackets mirrored and the full stop moved: ")6.7(", ").6.7("."""
    text = squeezed(page)
    return [
        marker(column, row)
        for column in range(1, OPTIONS + 1)
        for row in range(1, NUMBERS_ROW + 1)
        if not re.search(rf"[()]\.?{column}\.{row}\.?[()]", text)
    ]


def fonts(page):
    """The fonts a page's text is set in, as the PDF names them ("Noto-Sans-Bold")."""
    return {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for font in page["/Resources"]["/Font"].values()
    }


def says(page, message):
    """Whether the page shows the start of a message, in the page's language."""
    return "".join(message.split()[:5]) in squeezed(page)


# The grid here is at the limits


def test_the_grid_here_is_exactly_at_the_one_page_limits():
    document = parse_text(as_yaml(grid_document()))

    assert len(document.options) == ONE_PAGE["options"]
    assert len(document.questions) == ONE_PAGE["questions"]
    for language in LANGUAGES:
        lengths = {len(cell["text"][language]) for cell in document.cells.values()}
        assert lengths == {ONE_PAGE["cell"][language]}, language
        for numbers in (option_["benefits_and_harms"] for option_ in document.options):
            text = " ".join(item["text"][language] for item in numbers.get("numbers", []))
            text = text or numbers["not_known"][language]
            assert len(text) == ONE_PAGE_NUMBERS[language], language
    assert not [
        finding for finding in check_document(document, today=TODAY) if finding.code == "one-page"
    ]


def test_the_roomy_grid_is_over_the_one_page_limits():
    document = parse_text(as_yaml(grid_document(stretch=ROOM)))

    findings = [f for f in check_document(document, today=TODAY) if f.code == "one-page"]
    # Every cell and every option's numbers, in both languages.
    assert len(findings) == (OPTIONS * QUESTIONS + OPTIONS) * len(LANGUAGES)


# The front page holds the whole grid


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_front_page_holds_every_cell_of_a_grid_at_the_limits(pdfs, language):
    front, reverse, *_ = pdfs[language]

    assert not missing_cells(front)
    # Nothing of the front spilled over: the reverse starts with the detail.
    assert says(front, gettext_in(language, TURN_OVER))
    heading = gettext_in(language, "More about each option")
    assert squeezed(reverse).startswith("".join(heading.split()))


def test_pdf_front_page_holds_a_grid_over_the_limits_with_room_to_spare(client, pdfs):
    """Cells and numbers 10% longer than the limits allow still fit: the limits do not sit on
    the edge of the page. Measured in the Noto fonts production installs; with only the DejaVu
    fallback, a grid at the limits still fits (the tests above), with less room to spare. Without
    the Noto fonts this fails rather than skips: the room to spare would go unmeasured."""
    assert {"Noto-Sans", "Noto-Naskh-Arabic"} <= fonts(pdfs["ar"][0]), (
        "Noto Sans and Noto Naskh Arabic are not installed: apt-get install fonts-noto-core "
        "(.ci/run does)"
    )

    rendered = render(client, grid_document(stretch=ROOM))

    assert {language: missing_cells(rendered[language][0]) for language in LANGUAGES} == {
        language: [] for language in LANGUAGES
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_front_page_carries_every_notice_above_the_grid(pdfs, language):
    front = pdfs[language][0]
    notices = [
        "This grid is past its review date",
        "This is not the latest version",
        *(DRAFT_NOTICES if language == "ar" else []),
    ]

    assert [notice for notice in notices if not says(front, gettext_in(language, notice))] == []


def test_latest_pdf_says_nothing_about_newer_versions(pdfs):
    assert not says(pdfs["latest"][0], "This is not the latest version")


def test_pdf_front_page_is_landscape_a4(pdfs):
    assert size(pdfs["en"][0]) == A4_LANDSCAPE


def test_pdf_front_page_has_the_option_names_and_the_numbers_row(pdfs):
    front = squeezed(pdfs["en"][0])

    for name, _arabic in OPTION_NAMES[:OPTIONS]:
        assert "".join(name.split()) in front, name
    assert "Whatdothenumberssay?" in front


def test_pdf_front_page_cites_sources_as_superscript_numbers_not_words(pdfs):
    front, *back = pdfs["en"]
    text = squeezed(front)

    assert "Source" not in text
    # Each cell's marker and full stop are followed straight away by its source numbers.
    for column in range(1, OPTIONS + 1):
        for row in range(1, QUESTIONS + 1):
            assert re.search(re.escape(marker(column, row)) + r"\.1[0-2](,1[0-2])*", text)
    assert "Guideline12section2" in "".join(squeezed(page) for page in back)


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_source_numbers_never_stand_alone_on_a_line(pdfs, language):
    lines = pdfs[language][0].extract_text().splitlines()

    assert [line for line in lines if re.fullmatch(r"\s*(1[0-2],)*1[0-2]\s*", line)] == []


def test_print_cell_sources_become_superscript_numbers():
    cell = (
        'Talking helps. <span class="tg-cell-sources">Sources: <a href="#source-a">1</a>, '
        '<a href="#source-b">12</a></span>'
    )
    numbers = (
        'About 5 in 100. <span class="tg-cell-sources">Source: <a href="#source-a">1</a></span> '
        'About 2 in 100. <span class="tg-cell-sources">Source: <a href="#source-b">12</a></span>'
    )

    assert pdf.superscript_sources(cell) == (
        'Talking helps.<sup class="tg-refs">\u2060<a href="#source-a">1</a>,'
        '<a href="#source-b">12</a></sup>'
    )
    assert pdf.superscript_sources(numbers) == (
        'About 5 in 100.<sup class="tg-refs">\u2060<a href="#source-a">1</a></sup> '
        'About 2 in 100.<sup class="tg-refs">\u2060<a href="#source-b">12</a></sup>'
    )
    assert pdf.superscript_sources('No source. <span class="tg-cell-sources">Sources: </span>') == (
        "No source."
    )


def test_pdf_front_page_has_the_title_decision_and_urgent_help_numbers(pdfs):
    front = squeezed(pdfs["en"][0])

    assert "Lowmoodanddepression:helpinthecommunity" in front
    assert "Thedecision:ThisgridhelpsyouandthepeoplewhosupportyoutalkaboutwhichNHS" in front
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
    short = qr_code_svg("http://a.example/", size=pdf.QR_SIZE)
    long = qr_code_svg(
        "https://thrivegrids.example.org/ar/grids/generalised-anxiety/community/",
        size=pdf.QR_SIZE,
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
        assert "Published1January2019" in text
        assert "Nextreview1January2020" in text
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

    assert len(re.findall(r"[\u0600-\u06ff]", front)) > OPTIONS * QUESTIONS * 60
    assert "إذاكنتتحتاج" in front  # "If you need help now"
    for number in URGENT_NUMBERS:
        assert number in front, number
    assert f"http://testserver/ar{GRID}" in front


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
    publish(grid_document(stretch=3))

    pages = pages_of(client.get(PDF))

    front, second = squeezed(pages[0]), squeezed(pages[1])
    last = marker(OPTIONS, QUESTIONS)
    assert marker(OPTIONS, 1) in front
    assert last not in front
    first_option = "".join(OPTION_NAMES[0][0].split())
    assert second.startswith(f"Question{first_option}")  # the head row is repeated
    assert any(last in squeezed(page) for page in pages[1:])
    assert {size(page) for page in pages} == {A4_LANDSCAPE}
