"""Problem reports: the service functions and their review queue in admin."""

import pytest

from thrivegrids.core.models import AuditEvent
from thrivegrids.directory import problem_reports
from thrivegrids.directory.models import ProblemReport, Service

REPORTS = "/admin/directory/problemreport/"


@pytest.fixture
def demo_directory(demo_directory_feed):
    """The example area's directory feed (imported once a session; see the root conftest)."""


def _service(name):
    return Service.objects.get(name=name)


def _report(name="Samaritans", reason="closed"):
    return problem_reports.report_problem(service=_service(name), reason=reason, details=" x ")


def test_report_problem_is_open_trimmed_and_audited_as_public(demo_directory):
    report = _report()

    assert (report.status, report.details, report.resolved_by) == ("open", "x", None)
    event = AuditEvent.objects.get(action="directory.problem_report.create")
    assert (event.actor, event.actor_label) == (None, "public")
    assert event.details == {"service": str(report.service_id), "reason": "closed"}


def test_report_problem_refuses_an_unknown_reason(demo_directory):
    with pytest.raises(ValueError):
        _report(reason="rude")
    assert not ProblemReport.objects.exists()


def test_resolve_marks_only_open_reports_and_records_who(demo_directory, staff_client):
    first, second = _report(), _report(reason="other")
    problem_reports.resolve_problem_reports(by=staff_client.user, reports=[first])

    changed = problem_reports.resolve_problem_reports(by=staff_client.user, reports=[first, second])

    assert changed == 1
    second.refresh_from_db()
    assert (second.status, second.resolved_by) == ("resolved", staff_client.user)
    assert second.resolved_at is not None
    events = AuditEvent.objects.filter(action="directory.problem_report.resolve")
    assert {e.target_id for e in events} == {str(first.pk), str(second.pk)}
    assert all(e.actor == staff_client.user for e in events)


def test_admin_lists_open_reports_first(demo_directory, staff_client):
    resolved, open_report = _report("Childline"), _report("Samaritans")
    problem_reports.resolve_problem_reports(by=staff_client.user, reports=[resolved])

    response = staff_client.get(REPORTS)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Samaritans") < html.index("Childline")
    assert open_report.get_reason_display() in html


def test_admin_mark_resolved_action(demo_directory, staff_client):
    report = _report()

    response = staff_client.post(
        REPORTS, {"action": "mark_resolved", "_selected_action": [report.pk]}, follow=True
    )

    report.refresh_from_db()
    assert report.status == "resolved"
    assert report.resolved_by == staff_client.user
    assert "Marked 1 report(s) as resolved." in response.content.decode()


def test_admin_cannot_add_delete_or_edit_reports(demo_directory, staff_client):
    report = _report()

    assert staff_client.get(REPORTS + "add/").status_code == 403
    assert staff_client.get(f"{REPORTS}{report.pk}/delete/").status_code == 403
    staff_client.post(f"{REPORTS}{report.pk}/change/", {"reason": "other", "details": "edited"})
    report.refresh_from_db()
    assert (report.reason, report.details) == ("closed", "x")
