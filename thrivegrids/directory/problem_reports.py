"""Problem reports: the public tells us a service's details are wrong, and staff resolve them.

Atomic and audited; the actor is `by`. `by=None` is a member of the public (no login); their
events are labelled "public".
"""

from django.db import transaction
from django.utils import timezone

from thrivegrids.core.audit import record_event
from thrivegrids.directory.models import ProblemReport

PUBLIC = "public"


def _user(by):
    return by if getattr(by, "is_authenticated", False) else None


@transaction.atomic
def report_problem(*, service, reason, details="", by=None, request=None, now=None):
    """Add a problem report to the review queue."""
    report = ProblemReport.objects.create(
        service=service,
        reason=ProblemReport.Reason(reason),
        details=details.strip(),
        created_at=now or timezone.now(),
    )
    record_event(
        by=by,
        action="directory.problem_report.create",
        target=report,
        request=request,
        details={"service": str(service.pk), "reason": report.reason},
        actor_label=PUBLIC,
    )
    return report


@transaction.atomic
def resolve_problem_reports(*, by, reports, request=None, now=None):
    """Mark open reports resolved by `by`; returns how many changed."""
    now = now or timezone.now()
    changed = 0
    for report in ProblemReport.objects.select_for_update().filter(
        pk__in=[r.pk for r in reports], status=ProblemReport.Status.OPEN
    ):
        report.status = ProblemReport.Status.RESOLVED
        report.resolved_by = _user(by)
        report.resolved_at = now
        report.save(update_fields=["status", "resolved_by", "resolved_at"])
        record_event(
            by=by, action="directory.problem_report.resolve", target=report, request=request
        )
        changed += 1
    return changed
