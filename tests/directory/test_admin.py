import datetime

import pytest
from django.utils import timezone

from tests import clock
from thrivegrids.core.content_generation import content_generation
from thrivegrids.core.models import AuditEvent
from thrivegrids.directory import services, vocabulary
from thrivegrids.directory.models import Attribute, Organization, Place, Service

SERVICES = "/admin/directory/service/"
# A month before the suite's clock starts (tests/clock.py), never the real date.
LONG_AGO = clock.NOW - datetime.timedelta(days=30)


@pytest.fixture
def demo_directory(demo_directory_feed):
    """The example area's directory feed (imported once a session; see the root conftest)."""
    # Stamp every service as last changed a month ago, so a fresh stamp is easy to see.
    Service.objects.update(last_modified=LONG_AGO)


def _service(name="Tuesday Peer Support Group"):
    return Service.objects.get(name=name)


def _value(value):
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return "" if value is None else str(value)


def _change_form_data(response):
    """The POST data the admin change page would send back unchanged: main form and inlines."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        data[name] = _value(form[name].value())
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[f"{formset.prefix}-{name}"] = _value(formset.management_form[name].value())
        for child in formset.forms:
            for name in child.fields:
                value = child[name].value()
                if value is not None and value is not False:
                    data[child.add_prefix(name)] = _value(value)
    return {key: value for key, value in data.items() if value != ""}


def _open(staff_client, service):
    response = staff_client.get(f"{SERVICES}{service.pk}/change/")
    assert response.status_code == 200
    return _change_form_data(response)


def _save(staff_client, service, data):
    response = staff_client.post(f"{SERVICES}{service.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    service.refresh_from_db()
    return response


def _events(action, service):
    return AuditEvent.objects.filter(action=action, target_id=str(service.pk))


def test_mark_as_checked_action_sets_assured_date_and_checker(staff_client, demo_directory):
    service = _service()
    Service.objects.filter(pk=service.pk).update(assured_date=datetime.date(2020, 1, 1))

    staff_client.post(SERVICES, {"action": "mark_checked", "_selected_action": [service.pk]})

    service.refresh_from_db()
    assert service.assured_date == timezone.localdate()
    assert service.checked_by == staff_client.user
    assert service.last_modified > LONG_AGO
    event = _events("directory.service.mark_checked", service).get()
    assert event.actor == staff_client.user


def test_mark_as_checked_refreshes_grid_pages(staff_client, demo_directory):
    before = content_generation()

    staff_client.post(SERVICES, {"action": "mark_checked", "_selected_action": [_service().pk]})

    assert content_generation() > before


def test_editing_a_service_sets_last_modified_and_audits_the_fields(staff_client, demo_directory):
    service = _service()
    data = _open(staff_client, service)
    data["name"] = "Tuesday Peer Support Group (Valleyford)"
    data["minimum_age"] = "12"

    _save(staff_client, service, data)

    assert service.name == "Tuesday Peer Support Group (Valleyford)"
    assert service.minimum_age == 12
    assert service.last_modified > LONG_AGO
    event = _events("directory.service.update", service).get()
    assert event.actor == staff_client.user
    assert event.details == {"fields": ["minimum_age", "name"], "related": []}


def test_editing_only_an_inline_still_sets_last_modified(staff_client, demo_directory):
    service = _service("CAMHS Getting Help Team")
    data = _open(staff_client, service)
    total = int(data["phones-TOTAL_FORMS"])
    data["phones-TOTAL_FORMS"] = str(total + 1)
    data[f"phones-{total}-number"] = "01632 960 123"

    _save(staff_client, service, data)

    assert service.phones.filter(number="01632 960 123").exists()
    assert service.last_modified > LONG_AGO
    event = _events("directory.service.update", service).get()
    assert event.details == {"fields": [], "related": ["phones"]}


def test_saving_without_changes_leaves_last_modified_alone(staff_client, demo_directory):
    service = _service()

    _save(staff_client, service, _open(staff_client, service))

    assert service.last_modified == LONG_AGO
    assert not _events("directory.service.update", service).exists()


def test_adding_a_tag_in_admin_fills_its_link_type(staff_client, demo_directory):
    service = _service()
    data = _open(staff_client, service)
    total = int(data["attributes-TOTAL_FORMS"])
    data["attributes-TOTAL_FORMS"] = str(total + 1)
    data[f"attributes-{total}-taxonomy_term"] = str(vocabulary.OPTION_KINDS.term_id("coaching"))

    _save(staff_client, service, data)

    tag = Attribute.objects.get(
        service=service, taxonomy_term_id=vocabulary.OPTION_KINDS.term_id("coaching")
    )
    assert tag.link_type == "option_kind"


def test_adding_a_service_in_admin_stamps_and_audits_it(staff_client, db):
    organization = Organization.objects.create(name="Valley Trust", description="A charity.")

    response = staff_client.post(
        f"{SERVICES}add/",
        {
            "organization": organization.pk,
            "name": "New walk-and-talk group",
            "status": "active",
            "setting": "community",
            **{f"{prefix}-TOTAL_FORMS": "0" for prefix in _INLINE_PREFIXES},
            **{f"{prefix}-INITIAL_FORMS": "0" for prefix in _INLINE_PREFIXES},
        },
    )

    assert response.status_code == 302
    service = Service.objects.get(name="New walk-and-talk group")
    assert service.last_modified is not None
    assert _events("directory.service.create", service).get().actor == staff_client.user


_INLINE_PREFIXES = [
    "attributes",
    "service_at_locations",
    "contacts",
    "phones",
    "schedules",
    "cost_options",
    "languages",
]


def test_update_service_bumps_the_grid_content_generation(demo_directory):
    before = content_generation()

    services.update_service(by=None, service=_service(), alert="Closed in August.")

    assert content_generation() > before
    assert _service().alert == "Closed in August."


def _listed(staff_client, query):
    response = staff_client.get(SERVICES + query)
    assert response.status_code == 200
    return {service.name for service in response.context["cl"].result_list}


def test_stale_filter_lists_services_not_checked_within_the_freshness_limit(
    staff_client, demo_directory, settings
):
    settings.THRIVEGRIDS_DIRECTORY_FRESHNESS_DAYS = 90
    today = timezone.localdate()
    Service.objects.update(assured_date=today - datetime.timedelta(days=10))
    Service.objects.filter(name="Samaritans").update(assured_date=None)
    Service.objects.filter(name="Childline").update(assured_date=today - datetime.timedelta(91))
    Service.objects.filter(name="Shout 85258").update(assured_date=today - datetime.timedelta(90))

    stale = _listed(staff_client, "?stale=yes")
    fresh = _listed(staff_client, "?stale=no")

    assert stale == {"Samaritans", "Childline"}
    assert "Shout 85258" in fresh
    assert not stale & fresh
    page = staff_client.get(SERVICES).content.decode()
    assert "Not checked for more than 90 days" in page


@pytest.mark.parametrize(
    "query", ["?setting__exact=nhs", "?access_route__exact=drop-in", "?q=peer", "?status=active"]
)
def test_service_list_filters_and_search_work(staff_client, demo_directory, query):
    assert _listed(staff_client, query)


def test_service_change_page_shows_its_inlines(staff_client, demo_directory):
    response = staff_client.get(f"{SERVICES}{_service('CAMHS Getting Help Team').pk}/change/")

    page = response.content.decode()
    assert "THRIVE needs-based groups: Getting help" in page
    assert "Opening hours (Europe/London time)" in page


def test_services_cannot_be_deleted_in_admin(staff_client, demo_directory):
    response = staff_client.get(f"{SERVICES}{_service().pk}/delete/")

    assert response.status_code == 403


def test_place_admin_saves_through_the_audited_service(staff_client, db):
    before = content_generation()

    response = staff_client.post(
        "/admin/directory/place/add/",
        {"name": "Valleyford", "slug": "valleyford", "latitude": "52.6", "longitude": "-1.5"},
    )

    assert response.status_code == 302
    place = Place.objects.get(name="Valleyford")
    assert AuditEvent.objects.filter(
        action="directory.place.create", target_id=str(place.pk), actor=staff_client.user
    ).exists()
    assert content_generation() > before


def test_organization_admin_lists_and_searches(staff_client, demo_directory):
    response = staff_client.get("/admin/directory/organization/?q=Valley")

    assert response.status_code == 200
