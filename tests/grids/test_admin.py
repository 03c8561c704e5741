import pytest
from django.contrib.auth import get_user_model

from tests.accounts.factories import sign_in_fully
from thrivegrids.core.models import AuditEvent
from thrivegrids.grids.models import Grid, GridVersion, LocalOptionDetail, LocalOptionDetailChange


@pytest.fixture
def staff_client(client, db):
    user = get_user_model().objects.create_superuser(
        "editor", "editor@example.invalid", "a-long-password-123"
    )
    sign_in_fully(client, user)  # the admin asks staff for the second factor too
    client.user = user
    return client


def test_admin_publish_action_publishes_a_good_draft_and_records_who(staff_client, demo_grids):
    grid = Grid.objects.get(topic__slug="adhd", setting="nhs")
    staff_client.post(
        "/admin/grids/grid/", {"action": "create_draft", "_selected_action": [grid.pk]}
    )
    draft = grid.versions.get(status=GridVersion.Status.DRAFT)

    staff_client.post(
        "/admin/grids/gridversion/", {"action": "publish", "_selected_action": [draft.pk]}
    )

    draft.refresh_from_db()
    assert draft.status == GridVersion.Status.PUBLISHED
    assert draft.published_by == staff_client.user
    assert AuditEvent.objects.filter(
        action="grid_version.publish", actor=staff_client.user
    ).exists()


def test_admin_publish_action_refuses_a_draft_that_fails_a_check(staff_client, demo_grids):
    grid = Grid.objects.get(topic__slug="adhd", setting="nhs")
    staff_client.post(
        "/admin/grids/grid/", {"action": "create_draft", "_selected_action": [grid.pk]}
    )
    draft = grid.versions.get(status=GridVersion.Status.DRAFT)
    cell = draft.cells.first()
    cell.text = {"en": ""}
    cell.save()

    response = staff_client.post(
        "/admin/grids/gridversion/",
        {"action": "publish", "_selected_action": [draft.pk]},
        follow=True,
    )

    draft.refresh_from_db()
    assert draft.status == GridVersion.Status.DRAFT
    assert "was not published" in response.content.decode()


def test_admin_cannot_change_a_published_version(staff_client, demo_grids):
    version = GridVersion.objects.published().first()

    response = staff_client.post(
        f"/admin/grids/gridversion/{version.pk}/change/", {"endorsed_by": "Someone"}
    )

    assert response.status_code == 403
    version.refresh_from_db()
    assert version.endorsed_by == ""


def test_admin_local_note_change_keeps_history(staff_client, demo_grids):
    from thrivegrids.organisations.models import Organisation

    site = Organisation.objects.create(name="Example site", slug="example-site", kind="site")
    grid = Grid.objects.get(topic__slug="low-mood", setting="community")
    form = {
        "organisation": site.pk,
        "grid": grid.pk,
        "option_key": "peer-support-group",
        "note": "Tuesdays at the hub",
        "contact": "01632 960 001",
        "changes-TOTAL_FORMS": 0,
        "changes-INITIAL_FORMS": 0,
    }

    staff_client.post("/admin/grids/localoptiondetail/add/", form)

    detail = LocalOptionDetail.objects.get(organisation=site, option_key="peer-support-group")
    assert detail.note == "Tuesdays at the hub"
    assert (
        LocalOptionDetailChange.objects.filter(detail=detail, changed_by=staff_client.user).count()
        == 2
    )
