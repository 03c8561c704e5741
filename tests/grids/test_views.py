"""Public grid pages, the changes page and PDFs, through Django's test client (no login)."""

import html
import io
import re
import unicodedata
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from pypdf import PdfReader

from tests.grids.factories import english_only_version
from thrivegrids.grids import pdf, quality
from thrivegrids.grids.models import Grid, GridVersion, Topic
from thrivegrids.grids.services import (
    create_draft_version,
    publish_grid_version,
    retire_grid_version,
    save_topic,
)
from thrivegrids.grids.services import update_local_option_detail as update_detail
from thrivegrids.organisations.models import Organisation

TOPICS = ("low-mood", "generalised-anxiety", "self-harm", "adhd")
GRID_PAGES = [f"/grids/{topic}/{setting}/" for topic in TOPICS for setting in ("nhs", "community")]
PUBLIC_PAGES = [
    "/",
    "/grids/",
    *GRID_PAGES,
    "/grids/low-mood/nhs/versions/1/",
    "/grids/low-mood/nhs/changes/",
    "/grids/low-mood/nhs/changes/?from=1&to=2",
]
LOW_MOOD = "/grids/low-mood/nhs/"


@pytest.fixture
def site(demo_site, db):
    """The demo grids (shared by the module); the root conftest empties the page cache."""


def options_of(topic, setting, number=None, language="en"):
    versions = GridVersion.objects.filter(grid__topic__slug=topic, grid__setting=setting)
    version = versions.get(number=number) if number else versions.order_by("-number").first()
    return {o.key: o.text[language]["name"] for o in version.options.all()}


def page(response):
    assert response.status_code == 200, response.status_code
    return html.unescape(response.content.decode())


def table_head(text):
    """The grid table's column headings: "Question", then one per option shown."""
    head = re.search(r"<thead.*?</thead>", text, re.DOTALL).group(0)
    return [visible(cell) for cell in re.findall(r"<th\b.*?</th>", head, re.DOTALL)]


def html_tag(text):
    return re.search(r"<html[^>]*>", text).group(0)


def visible(text):
    """The page's words without markup, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


class _LanguageFinder(HTMLParser):
    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "wbr",
    }

    def __init__(self, needle):
        super().__init__()
        self.needle, self.stack, self.found = needle, [], None

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            parent = self.stack[-1][1] if self.stack else None
            self.stack.append((tag, dict(attrs).get("lang", parent)))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if self.found is None and self.needle in " ".join(data.split()):
            self.found = self.stack[-1][1] if self.stack else None


def language_of(text, needle):
    """The lang in force where `needle` appears in the page (the nearest lang attribute)."""
    finder = _LanguageFinder(needle)
    finder.feed(text)
    assert finder.found is not None, f"{needle!r} is not on the page"
    return finder.found


def pdf_text(content):
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    # Shaped Arabic may come back as presentation forms; NFKC maps them to ordinary letters.
    return unicodedata.normalize("NFKC", text)


# Every public page answers without login


@pytest.mark.parametrize("prefix", ["", "/ar"])
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_page_answers_without_login(client, site, prefix, url):
    response = client.get(prefix + url)

    assert response.status_code == 200


def test_home_page_lists_the_four_topics_with_both_grids(client, site):
    text = page(client.get("/"))

    for name in ("Low mood", "Worry and anxiety", "Self-harm", "ADHD"):
        assert name in text
    for url in GRID_PAGES:
        assert f'href="{url}"' in text


def test_home_page_marks_a_grid_without_a_published_version_as_coming_soon(client, site):
    retire_grid_version(
        by=None, version=GridVersion.objects.get(grid__topic__slug="adhd", grid__setting="nhs")
    )

    text = page(client.get("/"))

    assert 'href="/grids/adhd/nhs/"' not in text
    assert "coming soon" in text


@pytest.mark.parametrize("url", ["/", LOW_MOOD, "/grids/low-mood/nhs/changes/"])
def test_arabic_pages_are_right_to_left(client, site, url):
    text = page(client.get("/ar" + url))

    assert html_tag(text) == '<html lang="ar" dir="rtl" class="nhsuk-template">'


@pytest.mark.parametrize("url", ["/", LOW_MOOD, "/grids/low-mood/nhs/changes/"])
def test_english_pages_stay_left_to_right_for_an_arabic_browser(client, site, url):
    text = page(client.get(url, HTTP_ACCEPT_LANGUAGE="ar"))

    assert html_tag(text) == '<html lang="en" dir="ltr" class="nhsuk-template">'


def test_arabic_grid_page_shows_the_arabic_text(client, site):
    arabic_names = options_of("low-mood", "nhs", language="ar")

    text = page(client.get("/ar" + LOW_MOOD))

    assert table_head(text)[1:] == list(arabic_names.values())


def test_arabic_page_marks_arabic_content_and_the_english_link(client, site):
    text = page(client.get("/ar" + LOW_MOOD))

    assert language_of(text, options_of("low-mood", "nhs", language="ar")["group-therapy"]) == "ar"
    assert language_of(text, "English") == "en"


def test_arabic_page_of_an_english_only_grid_shows_the_english_text(client, site):
    english_only_version("self-harm", "nhs")

    text = page(client.get("/ar/grids/self-harm/nhs/"))

    assert options_of("self-harm", "nhs")["wait-and-see"] in text
    assert "data-translation-notice" in text


def test_arabic_page_of_an_english_only_grid_marks_the_english_text(client, site):
    version = english_only_version("self-harm", "nhs")

    text = page(client.get("/ar/grids/self-harm/nhs/"))

    assert language_of(text, version.text["en"]["condition"]) == "en"


# Not found


@pytest.mark.parametrize(
    "url",
    [
        "/grids/sadness/nhs/",
        "/grids/low-mood/private/",
        "/grids/low-mood/nhs/versions/9/",
        "/grids/low-mood/nhs/versions/9/print.pdf",
        "/grids/sadness/nhs/changes/",
        "/grids/sadness/nhs/print.pdf",
        "/ar/grids/sadness/nhs/",
    ],
)
def test_unknown_topic_setting_or_version_is_not_found(client, site, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("suffix", ["", "print.pdf"])
def test_draft_version_is_not_viewable(client, site, suffix):
    grid = Grid.objects.get(topic__slug="low-mood", setting="nhs")
    draft = create_draft_version(by=None, grid=grid)

    response = client.get(f"{LOW_MOOD}versions/{draft.number}/{suffix}")

    assert response.status_code == 404


def test_latest_grid_page_skips_a_newer_draft(client, site):
    create_draft_version(by=None, grid=Grid.objects.get(topic__slug="low-mood", setting="nhs"))

    text = visible(page(client.get(LOW_MOOD)))

    assert re.search(r"Version:? 2\b", text)


def test_grid_without_a_published_version_is_not_found(client, site):
    version = GridVersion.objects.get(grid__topic__slug="adhd", grid__setting="nhs")
    retire_grid_version(by=None, version=version)

    assert client.get("/grids/adhd/nhs/").status_code == 404
    assert client.get("/grids/adhd/nhs/print.pdf").status_code == 404


def test_retired_version_stays_viewable_and_says_it_was_withdrawn(client, site):
    retire_grid_version(
        by=None,
        version=GridVersion.objects.get(
            grid__topic__slug="low-mood", grid__setting="nhs", number=1
        ),
    )

    text = page(client.get(f"{LOW_MOOD}versions/1/"))

    assert "This version has been withdrawn." in text


# Comparing options


def test_compare_two_options_shows_only_those_in_the_table(client, site):
    names = options_of("low-mood", "nhs")

    text = page(client.get(LOW_MOOD + "?compare=wait-and-see&compare=group-therapy"))

    assert table_head(text)[1:] == [names["wait-and-see"], names["group-therapy"]]
    assert "There is a problem" not in text


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        (["wait-and-see"], "Choose at least 2 options to compare."),
        (
            ["wait-and-see", "digital-cbt", "group-therapy", "one-to-one-cbt"],
            "Choose no more than 3 options to compare.",
        ),
    ],
)
def test_compare_with_too_few_or_too_many_shows_the_error_and_all_options(
    client, site, keys, message
):
    names = options_of("low-mood", "nhs")

    text = page(client.get(LOW_MOOD, {"compare": keys}))

    assert message in text
    assert "There is a problem" in text
    assert table_head(text)[1:] == list(names.values())


def test_compare_ignores_keys_that_are_not_options(client, site):
    names = options_of("low-mood", "nhs")

    text = page(client.get(LOW_MOOD, {"compare": ["nope", "<script>"]}))

    assert "There is a problem" not in text
    assert table_head(text)[1:] == list(names.values())


# Caching by proxies


@pytest.mark.parametrize("url", [LOW_MOOD, f"{LOW_MOOD}versions/1/", f"{LOW_MOOD}print.pdf"])
def test_grid_page_and_pdf_are_publicly_cacheable_with_an_etag(client, site, url):
    response = client.get(url)

    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]
    assert "cookie" not in response.get("Vary", "").lower()
    assert not response.cookies


@pytest.mark.parametrize("url", [LOW_MOOD, f"{LOW_MOOD}versions/1/", f"/ar{LOW_MOOD}"])
def test_grid_page_answers_not_modified_to_its_own_etag(client, site, url):
    etag = client.get(url)["ETag"]

    response = client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""


def test_pdf_answers_not_modified_to_its_own_etag(client, site):
    etag = client.get(f"{LOW_MOOD}print.pdf")["ETag"]

    response = client.get(f"{LOW_MOOD}print.pdf", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304


def test_not_modified_answer_repeats_etag_and_cache_control(client, site):
    etag = client.get(LOW_MOOD)["ETag"]

    response = client.get(LOW_MOOD, HTTP_IF_NONE_MATCH=etag)

    assert response["ETag"] == etag
    assert "public" in response["Cache-Control"]


def test_grid_page_etag_differs_by_language_and_comparison(client, site):
    etags = {
        client.get(LOW_MOOD)["ETag"],
        client.get("/ar" + LOW_MOOD)["ETag"],
        client.get(LOW_MOOD + "?compare=wait-and-see&compare=group-therapy")["ETag"],
    }

    assert len(etags) == 3


@pytest.fixture
def local_site(settings):
    settings.THRIVEGRIDS_SITE_ORGANISATION = "example-site"
    return Organisation.objects.create(name="Example site", slug="example-site", kind="site")


def test_grid_page_shows_the_site_note_and_changes_etag_when_it_changes(client, site, local_site):
    grid = Grid.objects.get(topic__slug="low-mood", setting="nhs")
    update_detail(
        by=None,
        organisation=local_site,
        grid=grid,
        option_key="group-therapy",
        note="Mondays at the hub",
        contact="",
    )
    first = client.get(LOW_MOOD)
    update_detail(
        by=None,
        organisation=local_site,
        grid=grid,
        option_key="group-therapy",
        note="Now on Fridays",
        contact="",
    )

    second = client.get(LOW_MOOD, HTTP_IF_NONE_MATCH=first["ETag"])

    assert "Mondays at the hub" in page(first)
    assert "Now on Fridays" in page(second)


# Regression: the content generation once lived only in the cache, so a restart reset it.


def test_grid_page_etag_from_before_a_publication_is_stale_after_a_restart(client, site):
    grid = Grid.objects.get(topic__slug="low-mood", setting="nhs")
    before = client.get(LOW_MOOD)["ETag"]
    publish_grid_version(by=None, version=create_draft_version(by=None, grid=grid))
    cache.clear()  # what a restart does to the default local-memory cache

    response = client.get(LOW_MOOD, HTTP_IF_NONE_MATCH=before)

    assert response.status_code == 200
    assert re.search(r"Version:? 3\b", visible(page(response)))


def test_grid_page_shows_a_topic_name_edited_in_the_admin(client, site):
    cached = client.get(LOW_MOOD)["ETag"]
    topic = Topic.objects.get(slug="low-mood")
    topic.text = {**topic.text, "en": {**topic.text["en"], "name": "Feeling low"}}
    save_topic(by=None, topic=topic)  # what TopicAdmin.save_model calls

    response = client.get(LOW_MOOD, HTTP_IF_NONE_MATCH=cached)

    assert "Feeling low" in page(response)


def test_pdf_with_an_irrelevant_query_is_served_from_cache(client, site, monkeypatch):
    calls = []
    render = pdf.render_grid_pdf
    monkeypatch.setattr(pdf, "render_grid_pdf", lambda *args: calls.append(1) or render(*args))

    client.get(f"{LOW_MOOD}print.pdf")
    client.get(f"{LOW_MOOD}print.pdf?utm_source=newsletter")

    assert len(calls) == 1


def test_unknown_grid_is_not_found_even_with_if_none_match_any(client, site):
    response = client.get("/grids/sadness/nhs/", HTTP_IF_NONE_MATCH="*")

    assert response.status_code == 404


# What changed


def test_changes_page_lists_what_changed_from_version_1_to_2(client, site):
    text = page(client.get(f"{LOW_MOOD}changes/?from=1&to=2"))

    assert "From version 1 to version 2" in text
    assert "The summary changed." in text
    assert "Work through a CBT course on a screen or in a book, with support." in text
    assert "A CBT course on an app, website or in a book, with a worker to support you." in text
    assert "The answer changed." in text
    assert "The next review date moved." in text
    assert re.search(r"\d+ changes\.", text)


def test_changes_page_without_versions_compares_the_two_latest(client, site):
    text = page(client.get(f"{LOW_MOOD}changes/"))

    assert "From version 1 to version 2" in text


def test_changes_page_of_a_grid_with_one_version_says_nothing_changed_yet(client, site):
    text = page(client.get("/grids/adhd/nhs/changes/"))

    assert "There is only one version of this grid" in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?from=abc&to=2", "Choose two versions to compare."),
        ("?from=1", "Choose two versions to compare."),
        ("?from=1&to=7", "Choose versions from the list."),
        ("?from=-1&to=99999999999999999999999", "Choose versions from the list."),
        ("?from=2&to=2", "Choose two different versions."),
    ],
)
def test_changes_page_explains_a_bad_choice_of_versions(client, site, query, message):
    text = page(client.get(f"{LOW_MOOD}changes/{query}"))

    assert message in text
    assert not re.search(r"From version \d+ to version", visible(text))


def test_changes_page_does_not_offer_a_draft(client, site):
    create_draft_version(by=None, grid=Grid.objects.get(topic__slug="low-mood", setting="nhs"))

    text = page(client.get(f"{LOW_MOOD}changes/?from=2&to=3"))

    assert "Choose versions from the list." in text


# What the pages say


@pytest.mark.parametrize("url", [LOW_MOOD, "/grids/self-harm/community/"])
def test_grid_page_shows_the_example_content_banner(client, site, url):
    text = page(client.get(url))

    assert "Example content." in text
    assert "not been clinically reviewed" in text


ALL_GRID_PAGES = [
    f"{prefix}/grids/{topic}/{setting}/"
    for prefix in ("", "/ar")
    for topic in ("low-mood", "generalised-anxiety", "self-harm", "adhd")
    for setting in ("nhs", "community")
]


@pytest.mark.parametrize("url", ALL_GRID_PAGES)
def test_every_grid_page_shows_the_urgent_help_box(client, site, url):
    text = page(client.get(url))

    assert "data-urgent-help" in text
    assert 'href="tel:999"' in text
    assert 'href="tel:116123"' in text
    assert 'href="sms:85258?&body=SHOUT"' in text
    assert "too many tablets" in text or "جرعة زائدة" in text


@pytest.mark.parametrize("url", [u for u in ALL_GRID_PAGES if u.startswith("/ar/")])
def test_arabic_grid_page_shows_urgent_help_and_the_draft_notice_in_arabic(client, site, url):
    text = page(client.get(url))

    assert "إذا كنت تحتاج إلى مساعدة الآن" in text
    assert "If you need help now" not in text
    assert "data-translation-notice" in text
    assert text.index("data-translation-notice") < text.index('class="tg-grid-table')


@pytest.mark.parametrize(
    ("url", "other"),
    [
        (LOW_MOOD, "/grids/low-mood/community/"),
        ("/grids/low-mood/community/", LOW_MOOD),
        ("/ar/grids/adhd/nhs/", "/ar/grids/adhd/community/"),
    ],
)
def test_nhs_and_community_grids_link_to_each_other(client, site, url, other):
    text = page(client.get(url))

    assert f'href="{other}"' in text


def test_version_page_shows_the_version_facts(client, site):
    text = visible(page(client.get(f"{LOW_MOOD}versions/1/")))

    assert re.search(r"Version:? 1\b", text)
    assert re.search(r"Published:? 1 May 2026\b", text)
    assert re.search(r"Next review:? 1 May 2027\b", text)


def test_arabic_version_page_shows_the_dates_in_arabic(client, site):
    text = visible(page(client.get(f"/ar{LOW_MOOD}versions/1/")))

    assert "1 مايو 2026" in text
    assert "1 مايو 2027" in text


def test_old_version_page_points_to_the_latest_and_the_changes(client, site):
    text = page(client.get(f"{LOW_MOOD}versions/1/"))

    assert "This is not the latest version" in text
    assert f'href="{LOW_MOOD}changes/?from=1&to=2"' in text


def test_latest_version_page_does_not_warn_it_is_old(client, site):
    text = visible(page(client.get(LOW_MOOD)))

    assert re.search(r"Published:? 15 October 2026\b", text)
    assert "This is not the latest version" not in text


def test_grid_page_lists_its_sources_and_authors(client, site):
    text = page(client.get(LOW_MOOD))

    assert 'href="https://www.nice.org.uk/guidance/ng134/chapter/Recommendations"' in text
    assert "Written by the ThriveGrids project team" in text
    assert "This version has not been endorsed." in text


# PDFs


def test_grid_pdf_is_a_pdf_with_the_option_names(client, site):
    response = client.get(f"{LOW_MOOD}print.pdf")

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="low-mood-nhs-v2-en.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    for name in options_of("low-mood", "nhs").values():
        assert " ".join(name.split()) in " ".join(text.split()), name


def test_arabic_grid_pdf_has_the_arabic_option_names(client, site):
    name = options_of("low-mood", "nhs", language="ar")["group-therapy"]

    response = client.get(f"/ar{LOW_MOOD}print.pdf")

    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert name in text or name[::-1] in text, text[:400]


def test_version_pdf_of_a_compared_grid_has_only_those_options(client, site):
    names = options_of("low-mood", "nhs", number=1)

    response = client.get(
        f"{LOW_MOOD}versions/1/print.pdf?compare=wait-and-see&compare=digital-cbt"
    )

    text = " ".join(pdf_text(response.content).split())
    shown = {key for key, name in names.items() if " ".join(name.split()) in text}
    assert shown == {"wait-and-see", "digital-cbt"}


def test_grid_pdf_is_rendered_once_and_then_served_from_cache(client, site, monkeypatch):
    calls = []
    render = pdf.render_grid_pdf

    def counting_render(request, presenter):
        calls.append(presenter.language)
        return render(request, presenter)

    monkeypatch.setattr(pdf, "render_grid_pdf", counting_render)

    first = client.get(f"{LOW_MOOD}print.pdf")
    second = client.get(f"{LOW_MOOD}print.pdf")

    assert calls == ["en"]
    assert first.content == second.content
    assert second["Content-Type"] == "application/pdf"
    assert second["Content-Disposition"] == first["Content-Disposition"]


# Escaping


def test_grid_page_escapes_markup_in_content(client, site, monkeypatch):
    # What is tested is escaping; markup would never pass the reading-age check.
    monkeypatch.setattr(quality, "_readable", lambda document: [])
    grid = Grid.objects.get(topic__slug="low-mood", setting="nhs")
    draft = create_draft_version(by=None, grid=grid)
    cell = draft.cells.get(option__key="group-therapy", question__key="what-is-it")
    cell.text = {**cell.text, "en": '<script>alert("cell")</script> Meet others.'}
    cell.save()
    option = draft.options.get(key="group-therapy")
    option.text = {**option.text, "en": {**option.text["en"], "name": "<b>Group</b> therapy"}}
    option.save()
    publish_grid_version(by=None, version=draft)

    text = client.get(LOW_MOOD).content.decode()

    assert '<script>alert("cell")' not in text
    assert "&lt;script&gt;" in text
    assert "<b>Group</b>" not in text and "&lt;b&gt;Group&lt;/b&gt; therapy" in text


def test_grid_page_escapes_markup_in_the_query_string(client, site):
    text = client.get(LOW_MOOD + '?x="><script>alert(1)</script>').content.decode()

    assert "<script>alert(1)</script>" not in text


# Methods, login and health


@pytest.mark.parametrize("url", [LOW_MOOD, f"{LOW_MOOD}print.pdf", f"{LOW_MOOD}changes/", "/"])
def test_post_to_a_public_page_is_not_allowed(client, site, url):
    response = client.post(url)

    assert response.status_code == 405


def test_head_of_a_grid_page_answers(client, site):
    assert client.head(LOW_MOOD).status_code == 200


def test_admin_sends_an_anonymous_visitor_to_log_in(client, db):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_health_answers_ok(client, db):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
