"""The team's contact details (set per organisation) on the take-away summary (page, shared page,
PDF), with links to the grid versions the conversation used."""

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.accounts.factories import OrganisationFactory, sign_in_fully
from tests.careplans.test_shared_plan import pdf_text
from tests.conversations.test_summary import recorded_conversation
from thrivegrids.conversations.summaries import links
from thrivegrids.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def team(**fields):
    return OrganisationFactory(
        name="Valley CAMHS",
        contact_name="Valley CAMHS duty team",
        contact_phone="0300 123 4567",
        contact_hours="Monday to Friday, 9am to 5pm",
        **fields,
    )


def test_team_contact_needs_a_phone_number_and_defaults_to_the_teams_name():
    without = OrganisationFactory(name="Hill CAMHS")
    named_by_team = OrganisationFactory(name="Hill CAMHS", contact_phone="0300 765 4321")

    assert without.team_contact is None
    assert named_by_team.team_contact == {
        "name": "Hill CAMHS",
        "phone": "0300 765 4321",
        "hours": "",
    }


@pytest.mark.parametrize("phone", ["call us", "0300-123-4567", "12", "0" * 31])
def test_a_phone_number_that_is_not_digits_is_refused(phone):
    organisation = OrganisationFactory.build(contact_phone=phone)

    with pytest.raises(ValidationError) as error:
        organisation.full_clean()

    assert "contact_phone" in error.value.message_dict


def test_site_admins_set_the_contact_details_in_the_admin():
    fields = [
        name
        for _title, options in admin.site._registry[Organisation].fieldsets
        for name in options["fields"]
    ]

    assert {"contact_name", "contact_phone", "contact_hours"} <= set(fields)


def test_staff_summary_shows_the_team_contact_and_links_to_the_grid_used(client, demo_grids):
    conversation = recorded_conversation(organisation=team())
    sign_in_fully(client, conversation.created_by)

    page = client.get(reverse("summaries:show_summary", args=[conversation.pk])).content.decode()

    version = conversation.grids.get().version
    href = reverse(
        "grids:show_grid_version",
        kwargs={
            "topic": version.grid.topic.slug,
            "setting": version.grid.setting,
            "number": version.number,
        },
    )
    assert "Valley CAMHS duty team" in page
    assert 'href="tel:03001234567"' in page
    assert "Monday to Friday, 9am to 5pm" in page
    assert f'<a href="{href}"' in page


def test_shared_summary_and_its_pdf_show_the_team_contact(client, demo_grids):
    conversation = recorded_conversation(organisation=team())
    _link, token = links.create_summary_link(by=conversation.created_by, conversation=conversation)

    page = client.get(f"/s/{token}/").content.decode()
    text, _size = pdf_text(client.get(f"/s/{token}/summary.pdf"))

    assert "Valley CAMHS duty team" in page and "0300 123 4567" in page
    assert "data-grid-link" in page
    assert "Valley CAMHS duty team" in text and "0300 123 4567" in text


def test_arabic_shared_summary_links_to_the_arabic_grid_page(client, demo_grids):
    conversation = recorded_conversation(organisation=team(), language="ar")
    _link, token = links.create_summary_link(
        by=conversation.created_by, conversation=conversation, language="ar"
    )

    page = client.get(f"/ar/s/{token}/").content.decode()

    assert 'href="/ar/grids/' in page


def test_a_team_without_a_phone_number_shows_no_contact_box(client, demo_grids):
    conversation = recorded_conversation(organisation=OrganisationFactory(name="Hill CAMHS"))
    _link, token = links.create_summary_link(by=conversation.created_by, conversation=conversation)

    page = client.get(f"/s/{token}/").content.decode()

    assert "data-team-contact" not in page
