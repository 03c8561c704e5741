"""Each clinical-safety rule of the content format has a failing fixture: loading refuses it
(`load_grids`), and so does `check_grids --files`. One document, one defect."""

import datetime

import pytest
from django.core.management import CommandError

from tests import clock
from tests.grids.factories import TODAY, as_yaml, minimal_data, run, store
from thrivegrids.grids.content import ContentError, parse_text
from thrivegrids.grids.models import GridVersion
from thrivegrids.grids.quality import check_document, essential_findings

HARD = (
    "Pharmacological interventions necessitate comprehensive multidisciplinary consideration "
    "notwithstanding therapeutic considerations."
)


def _option(data, key):
    return next(option for option in data["options"] if option["key"] == key)


def _set_cell(data, option, question, text):
    data["cells"][option][question]["text"]["en"] = text


# name: (change to the minimal document, words the refusal must contain)
DEFECTS = {
    "not example content, no clinical reviewer": (
        lambda d: d.update(example_content=False),
        "clinical reviewer",
    ),
    "no age range": (lambda d: d.pop("age_range"), "age_range"),
    "no audience": (lambda d: d["text"]["en"].pop("audience"), "audience"),
    "no update policy": (lambda d: d["text"]["en"].pop("update_policy"), "update_policy"),
    "no declarations of interest": (
        lambda d: d["text"]["en"].pop("declarations_of_interest"),
        "declarations_of_interest",
    ),
    "a cell above reading age 11": (
        lambda d: _set_cell(d, "talk", "help", HARD),
        "reads above age 11",
    ),
    "reverse-side detail above reading age 11": (
        lambda d: _option(d, "talk")["text"]["en"].update(what_it_is=HARD),
        "option talk what_it_is reads above age 11",
    ),
    "the decision above reading age 11": (
        lambda d: d["text"]["en"].update(decision=HARD),
        "decision reads above age 11",
    ),
    "evidence exists but no numbers": (
        lambda d: _option(d, "talk")["benefits_and_harms"].update(numbers=[]),
        "gives no numbers",
    ),
    "a number that is not a natural frequency": (
        lambda d: _option(d, "talk")["benefits_and_harms"]["numbers"][0].update(
            text={"en": "Many people feel better."}
        ),
        "natural frequency",
    ),
    "no benefits and harms at all": (
        lambda d: _option(d, "talk").pop("benefits_and_harms"),
        "benefits_and_harms",
    ),
    "not known, but not said": (
        lambda d: _option(d, "wait")["benefits_and_harms"].pop("not_known"),
        "not known",
    ),
    "a waiting option without when waiting is not safe": (
        lambda d: _option(d, "wait")["text"]["en"].pop("when_waiting_is_not_safe"),
        "when waiting is not safe",
    ),
    "downsides much shorter than benefits": (
        lambda d: _set_cell(
            d,
            "talk",
            "help",
            "Talking helps lots of people. You learn to cope. You feel less alone. You can "
            "bring a friend. It is free on the NHS. Many find it good.",
        ),
        "equal detail",
    ),
    "one option with far more words than the others": (
        lambda d: _option(d, "talk")["text"]["en"].update(
            what_it_is=" ".join(["You meet a therapist each week to talk."] * 20)
        ),
        "equal detail",
    ),
    "a source that is a home page": (
        lambda d: d["sources"][0].update(url="https://www.nice.org.uk/"),
        "home page",
    ),
    "a source with no recommendation": (
        lambda d: d["sources"][0].pop("recommendation"),
        "recommendation",
    ),
}


@pytest.fixture
def defect_file(tmp_path):
    def write(name):
        change, _words = DEFECTS[name]
        data = minimal_data(status="published")
        change(data)
        path = tmp_path / "low-mood--nhs--v1.yaml"
        path.write_text(as_yaml(data), encoding="utf-8")
        return path

    return write


@pytest.mark.parametrize("name", sorted(DEFECTS))
def test_load_grids_refuses_the_defect(db, defect_file, name):
    path = defect_file(name)

    with pytest.raises(CommandError):
        run("load_grids", str(path))
    assert not GridVersion.objects.exists()


@pytest.mark.parametrize("name", sorted(DEFECTS))
def test_check_grids_refuses_the_defect_and_says_why(db, defect_file, name):
    path = defect_file(name)

    try:
        run("check_grids", "--files", str(path))
    except CommandError as error:
        message = str(error)
    else:
        pytest.fail(f"check_grids passed a file with this defect: {name}")
    assert "fail" in message or "problem" in message


@pytest.mark.parametrize("name", sorted(DEFECTS))
def test_each_defect_is_named(name):
    """The refusal names the rule, so a content editor knows what to fix."""
    change, words = DEFECTS[name]
    data = minimal_data(status="published")
    change(data)
    try:
        document = parse_text(as_yaml(data), "defect.yaml")
    except ContentError as error:
        reasons = str(error)
    else:
        reasons = "\n".join(
            finding.message for finding in essential_findings(check_document(document, today=TODAY))
        )
    assert words.lower() in reasons.lower()


def test_the_minimal_document_has_no_defect():
    """The fixtures above fail because of their one change, not because the base fails."""
    document = parse_text(as_yaml(minimal_data(status="published")), "good.yaml")
    assert essential_findings(check_document(document, today=TODAY)) == []


def test_example_content_false_loads_with_a_named_reviewer(db):
    data = minimal_data(
        status="published",
        example_content=False,
        clinical_review=[
            {"name": "Dr A Reviewer", "role": "Consultant psychiatrist", "reviewed_on": TODAY}
        ],
    )
    version = store(data)

    assert version.is_example_content is False
    assert version.clinical_review[0]["name"] == "Dr A Reviewer"


def test_check_grids_fails_when_a_published_version_passes_its_review_date(db, time_machine):
    store(minimal_data(status="published"))
    GridVersion.objects.update(next_review_on=datetime.date(2026, 7, 1))
    time_machine.move_to(clock.noon(datetime.date(2026, 7, 2)), tick=False)

    with pytest.raises(CommandError):
        run("check_grids")
