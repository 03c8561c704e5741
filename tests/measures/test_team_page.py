"""The team page: a team's or an ICS's feedback figures, suppressed, with published figures beside."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import OrganisationFactory, member, sign_in_fully
from tests.measures.factories import load_demo_instruments, recorded_conversation
from tests.records.factories import YoungPersonFactory
from thrivegrids.accounts.permissions import Role
from thrivegrids.core.models import AuditEvent
from thrivegrids.measures import periods, reports, services
from thrivegrids.measures.models import Instrument, Item, Response

pytestmark = pytest.mark.django_db


# The page offers periods that have ended, by default last month (November 2026 on the test clock).
IN_LAST_MONTH = datetime.date(2026, 11, 20)


def _answer(conversation, role, answers_at_top=True, answered_on=IN_LAST_MONTH):
    instrument = Instrument.objects.latest_for_role(conversation.organisation, role)[0]
    answers = {item.key: item.top_value if answers_at_top else 0 for item in instrument.items.all()}
    services.record_responses(
        by=None,
        conversation=conversation,
        respondent_role=role,
        language="en",
        answers_by_instrument={instrument: answers},
        answered_on=answered_on,
    )


def _team_page(organisation, role=Role.COMMISSIONER):
    client = sign_in_fully(Client(), member(role, organisation))
    response = client.get(reverse("measures:team_page"))
    assert response.status_code == 200
    return response.content.decode()


def _between(page, start, end):
    """The part of the page from the first `start` to the next `end`."""
    return page[page.index(start) : page.index(end, page.index(start))]


def _body_rows(table):
    """Each body row of an HTML table as the texts of its cells."""
    body = table[table.index("<tbody") :]
    return [
        [
            " ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S)
    ]


def test_the_team_page_counts_the_teams_within_and_suppresses_small_numbers(demo_grids):
    load_demo_instruments()
    ics = OrganisationFactory(kind="ics", name="North ICS")
    team = OrganisationFactory(parent=ics, name="North team")
    for n in range(12):
        conversation = recorded_conversation(young_person=YoungPersonFactory(organisation=team))
        _answer(conversation, "young_person", answers_at_top=n < 7)
        if n < 3:
            _answer(conversation, "parent_carer")
    commissioner = sign_in_fully(Client(), member(Role.COMMISSIONER, ics))
    events = AuditEvent.objects.count()

    response = commissioner.get(reverse("measures:team_page"))

    page = response.content.decode()
    assert response.status_code == 200
    # 12 young people (shown as 10), 7 of them with enough information (shown as 5: 50% of the
    # rounded counts, not 58% of the true ones); 3 parents: *.
    assert ">10<" in page.replace("\n", "").replace(" ", "")
    assert "50%" in page and "58%" not in page
    # Each row is named by a row header (who answered, or the grid), not a plain cell.
    squeezed = " ".join(page.replace(">", "> ").split())
    assert 'scope="row" > Young people </th>' in squeezed
    assert 'scope="row" > All </th>' in squeezed
    # The privacy note is markup, not escaped tags shown as text.
    assert "counts under 5 are shown as *" in page and "&lt;p&gt;" not in page
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.target_id) == ("measures.team_page.view", str(ics.pk))


def test_the_team_page_names_the_real_audit_and_compares_it_only_as_a_rough_guide(demo_grids):
    load_demo_instruments()
    team = OrganisationFactory()
    for n in range(8):
        conversation = recorded_conversation(young_person=YoungPersonFactory(organisation=team))
        _answer(conversation, "young_person", answers_at_top=n < 6)
        _answer(conversation, "parent_carer")

    page = _team_page(team)

    assert "i-THRIVE audit" not in page
    headline = _between(page, "Felt they had enough information to choose", "</table>")
    assert [row[:3] for row in _body_rows(headline)] == [
        ["Young people", "10", "50%"],  # 6 of 8: 5 of 10 once rounded
        ["Parents and carers", "10", "100%"],
        ["Practitioners", "*", "*"],
    ]
    assert all(len(row) == 3 for row in _body_rows(headline))  # no audit column
    compared = _between(page, "Compared with the CYP IAPT rapid internal audit, 2015", "</table>")
    assert "Was I given enough information to choose?" in compared
    assert "A rough guide, not a like-for-like comparison." in compared
    assert "yes or no question" in compared and "3-point item" in compared
    assert _body_rows(compared) == [
        [
            "Young people",
            "10",
            "50%",
            "30%",
            "Young people who felt they were given enough information to make a choice "
            "about their treatment",
        ],
        [
            "Parents and carers",
            "10",
            "100%",
            "50%",
            "Parents who felt that they and their child were given enough information to make "
            "a choice about the treatment",
        ],
    ]
    # Nobody answered the practitioner's questions, so the clinicians' 83% has nowhere to go.
    assert "83%" not in page


def test_the_clinicians_83_percent_is_shown_only_beside_the_range_of_options_item(demo_grids):
    load_demo_instruments()
    team = OrganisationFactory()
    for _n in range(5):
        conversation = recorded_conversation(young_person=YoungPersonFactory(organisation=team))
        _answer(conversation, "practitioner")

    page = _team_page(team)

    assert page.count("83%") == 1
    compared = _between(page, "Compared with the CYP IAPT rapid internal audit", "</table>")
    assert "“Did I discuss the range of options?” compared with" in compared
    assert "Did I give enough information to choose?" not in compared
    assert _body_rows(compared) == [
        [
            "Practitioners",
            "5",
            "100%",
            "83%",
            "Clinicians who said they usually or always discussed the range of treatment options",
        ]
    ]


def test_a_benchmark_share_is_hidden_with_its_small_count(demo_grids):
    load_demo_instruments()
    team = OrganisationFactory()
    for _n in range(3):
        conversation = recorded_conversation(young_person=YoungPersonFactory(organisation=team))
        _answer(conversation, "young_person")

    page = _team_page(team)

    compared = _between(page, "Compared with the CYP IAPT rapid internal audit", "</table>")
    assert _body_rows(compared)[0][:4] == ["Young people", "*", "*", "30%"]


def test_the_team_page_is_for_team_leads_and_commissioners(db):
    team = OrganisationFactory()
    for role, status in [(Role.TEAM_LEAD, 200), (Role.PRACTITIONER, 403)]:
        client = sign_in_fully(Client(), member(role, team))
        assert client.get(reverse("measures:team_page")).status_code == status


def _tables(page):
    """The page's tables (captions name the period, so they are left out)."""
    return [_body_rows(table) for table in re.findall(r"<table.*?</table>", page, flags=re.S)]


def test_a_start_and_end_window_is_not_offered_and_shows_last_month_with_a_message(demo_grids):
    # The finding: the 78 windows of 2026 each gave different figures to solve for the months.
    load_demo_instruments()
    team = OrganisationFactory()
    for n in range(9):
        conversation = recorded_conversation(young_person=YoungPersonFactory(organisation=team))
        _answer(conversation, "young_person", answered_on=datetime.date(2026, 1 + n, 10))
    client = sign_in_fully(Client(), member(Role.TEAM_LEAD, team))
    default = client.get(reverse("measures:team_page")).content.decode()

    pages = [
        client.get(
            reverse("measures:team_page"), {"start": f"2026-{a:02d}", "end": f"2026-{b:02d}"}
        ).content.decode()
        for a in range(1, 13)
        for b in range(a, 13)
    ]

    assert len(pages) == 78
    assert {str(_tables(page)) for page in pages} == {str(_tables(default))}
    assert all("no longer shown for a chosen start and end month" in page for page in pages)
    assert "no longer shown" not in default and "November 2026" in default


def test_the_period_list_offers_only_whole_months_quarters_and_years_that_have_ended(db):
    client = sign_in_fully(Client(), member(Role.TEAM_LEAD))

    page = client.get(reverse("measures:team_page")).content.decode()

    options = re.findall(r'<option value="([^"]*)"', page)
    assert options[0] == "2026-11" and "2026-12" not in options  # December has not ended
    assert "2026-Q3" in options and "2026-Q4" not in options
    assert "2025" in options and "2024" in options and "2026" not in options
    assert len(options) == 35 + 11 + 2


def test_a_period_not_in_the_list_is_refused_beside_the_field(db):
    client = sign_in_fully(Client(), member(Role.TEAM_LEAD))

    response = client.get(reverse("measures:team_page"), {"period": "2026-01-05"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "Choose a period from the list" in page


def test_the_same_cell_reads_the_same_on_every_page_and_for_every_viewer(demo_grids):
    load_demo_instruments()
    ics = OrganisationFactory(kind="ics", name="North ICS")
    teams = [OrganisationFactory(parent=ics), OrganisationFactory(parent=ics)]
    for n in range(14):
        team = teams[n % 2]
        conversation = recorded_conversation(young_person=YoungPersonFactory(organisation=team))
        _answer(conversation, "young_person", answered_on=datetime.date(2025, 1 + n % 12, 12))
    viewers = {
        org.pk: sign_in_fully(Client(), member(role, org))
        for org, role in [(ics, Role.COMMISSIONER), *[(t, Role.TEAM_LEAD) for t in teams]]
    }
    tree = {ics.pk: None, **{t.pk: ics.pk for t in teams}}
    offered = periods.offered_periods(timezone.localdate())
    chosen = [periods.month(2025, 2), periods.quarter(2025, 1), periods.year(2025)]
    responses = list(Response.objects.select_related("main_grid_version__grid__topic"))
    items = {
        pk: list(Item.objects.filter(instrument_id=pk))
        for pk in {r.instrument_id for r in responses}
    }
    # One lattice over every organisation and period; each page must be exactly its slice.
    places = [(pk, period) for pk in tree for period in chosen]
    expected = reports.reports_for(responses, items, tree, offered, places=places)

    for (pk, period), report in expected.items():
        page = viewers[pk].get(reverse("measures:team_page"), {"period": period.value})
        headline = [[cell["text"] for cell in row] for row in report["headline"]]
        assert _tables(page.content.decode())[0] == headline
