"""Text search folds Arabic spellings and case on both sides: the stored text and the query."""

import io
from importlib import import_module

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from tests.directory import feeds
from thrivegrids.directory import search, services, text_search
from thrivegrids.directory.models import Organization, Service

fill_search_columns = import_module(
    "thrivegrids.directory.migrations.0005_service_search_text"
).fill_search_columns

API = "/api/openreferral"
# "A support group for young people": the spelling a feed might use, with taa marbuta (ة) and
# the hamza under the alef (إيذاء, "harm"); the second service spells "harm" without the hamza.
GROUP_IN_DESCRIPTION = "Valleyford Arabic youth group"
GROUP_IN_NAME = "مجموعة دعم للشباب"


@pytest.fixture
def arabic_directory(db, tmp_path):
    records = [
        feeds.service(
            name=GROUP_IN_DESCRIPTION,
            description="مجموعة دعم للشباب باللغة العربية. نتحدث عن القلق وإيذاء النفس.",
        ),
        feeds.service(name=GROUP_IN_NAME, description="للشباب الذين يفكرون في ايذاء أنفسهم."),
        feeds.service(name="Test youth counselling", description="Counselling in English."),
    ]
    path = feeds.write(tmp_path / "arabic.json", records)
    call_command("import_oruk", str(path), "--feed", "arabic-test", stdout=io.StringIO())


def _found(text):
    return set(Service.objects.search(text).values_list("name", flat=True))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("مجموعه دعم", {GROUP_IN_DESCRIPTION, GROUP_IN_NAME}),  # ه typed for ة
        ("مَجْموعة", {GROUP_IN_DESCRIPTION, GROUP_IN_NAME}),  # with short vowels and sukun
        ("ايذاء", {GROUP_IN_DESCRIPTION, GROUP_IN_NAME}),  # stored إيذاء in the first
        ("إيذاء", {GROUP_IN_DESCRIPTION, GROUP_IN_NAME}),  # stored ايذاء in the second
        ("القلق إيذاء", {GROUP_IN_DESCRIPTION}),  # every word must match
        ("YOUTH counselling", {"Test youth counselling"}),
        ("اكتئاب", set()),
    ],
)
def test_search_matches_arabic_spellings_and_case(arabic_directory, query, expected):
    assert _found(query) == expected


def test_search_ranks_a_name_match_first_in_any_spelling(arabic_directory):
    criteria = search.Criteria(text="مَجموعه  دَعم")

    found = [service.name for service in search.find_services(criteria, now=timezone.now())]

    assert found == [GROUP_IN_NAME, GROUP_IN_DESCRIPTION]


def test_search_with_only_diacritics_matches_everything(arabic_directory):
    criteria = search.Criteria(text="َ")

    found = search.find_services(criteria, now=timezone.now())

    assert found.count() == 3


def test_search_page_finds_arabic_in_any_spelling(arabic_directory):
    response = Client().get("/ar/services/", {"q": "مجموعه دعم"})

    html = response.content.decode()
    assert response.status_code == 200
    assert GROUP_IN_NAME in html and GROUP_IN_DESCRIPTION in html
    assert "Test youth counselling" not in html


def test_api_search_finds_arabic_in_any_spelling(arabic_directory):
    response = Client().get(f"{API}/services", {"search": "ايذاء"})

    assert response.status_code == 200
    assert {s["name"] for s in response.json()["contents"]} == {
        GROUP_IN_DESCRIPTION,
        GROUP_IN_NAME,
    }


def test_search_columns_are_folded_name_and_description(arabic_directory):
    service = Service.objects.get(name=GROUP_IN_NAME)

    assert service.search_name == "مجموعه دعم للشباب"
    assert service.search_text == "مجموعه دعم للشباب\nللشباب الذين يفكرون في ايذاء انفسهم."


def test_reimport_with_a_new_description_refreshes_the_search_text(db, tmp_path):
    record = feeds.service(description="Walk and talk.")
    call_command(
        "import_oruk",
        str(feeds.write(tmp_path / "a.json", [record])),
        "--feed",
        "search-test",
        stdout=io.StringIO(),
    )
    record["description"] = "Art and talk."
    record["last_modified"] = "2026-11-01T09:30:00.000Z"

    call_command(
        "import_oruk",
        str(feeds.write(tmp_path / "b.json", [record])),
        "--feed",
        "search-test",
        stdout=io.StringIO(),
    )

    assert _found("art") == {record["name"]}
    assert _found("walk") == set()


def test_create_and_update_service_keep_the_search_columns(db):
    organization = Organization.objects.create(name="Org", description="An organisation.")
    service = Service(organization=organization, name="Art club", description="Painting.")
    services.create_service(by=None, service=service)
    assert _found("PAINTING") == {"Art club"}

    services.update_service(by=None, service=service, name="نادي الرسم", description="")

    assert _found("art") == set()
    assert _found("نادى") == {"نادي الرسم"}  # alef maqsura typed for yaa


def test_generated_directory_is_searchable(db):
    call_command("generate_directory", "--services", "20", "--seed", "5", stdout=io.StringIO())
    service = Service.objects.order_by("name").first()

    assert service.search_text.startswith(text_search.fold(service.name))
    assert service.name in set(
        Service.objects.search(service.name.upper()).values_list("name", flat=True)
    )


def test_migration_fills_the_search_columns_of_stored_services(arabic_directory):
    Service.objects.update(search_name="", search_text="")

    fill_search_columns(apps, schema_editor=None)

    assert _found("مجموعه دعم") == {GROUP_IN_DESCRIPTION, GROUP_IN_NAME}
    assert Service.objects.get(name=GROUP_IN_NAME).search_name == "مجموعه دعم للشباب"


# Letters Arabic readers treat as one, and the marks that are optional in writing.
SAME_LETTER = {"ا": "اأإآٱ", "ه": "هة", "ي": "يىئ", "و": "وؤ"}
PLAIN_LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمن"
MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0640"


@st.composite
def spellings(draw):
    """A word in plain letters, and the same word spelt with variant letters and marks."""
    letters = draw(st.lists(st.sampled_from(PLAIN_LETTERS + "اهيو"), min_size=1, max_size=12))
    plain, spelt = "", ""
    for letter in letters:
        plain += letter
        spelt += draw(st.sampled_from(SAME_LETTER.get(letter, letter)))
        spelt += draw(st.text(alphabet=MARKS, max_size=2))
    return plain, spelt


@given(spellings())
def test_fold_gives_every_spelling_of_a_word_one_form(pair):
    plain, spelt = pair

    assert text_search.fold(spelt) == text_search.fold(plain) == plain
