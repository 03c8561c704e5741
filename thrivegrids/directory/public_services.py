"""Writes from the public directory pages and their review: atomic and audited, the actor is `by`.

`by=None` is a member of the public (no login); their events are labelled "public".
"""

import secrets

from django.db import transaction
from django.utils import timezone

from thrivegrids.core.audit import record_event
from thrivegrids.directory.models import ProblemReport, Service, Shortlist, ShortlistEntry

PUBLIC = "public"
MAX_SHORTLIST = 30


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


@transaction.atomic
def share_shortlist(*, service_ids, by=None, request=None, now=None):
    """A new shared shortlist of the services that still exist, in the order given."""
    wanted = list(dict.fromkeys(str(pk) for pk in service_ids))[:MAX_SHORTLIST]
    found = {str(pk) for pk in Service.objects.filter(pk__in=wanted).values_list("pk", flat=True)}
    ordered = [pk for pk in wanted if pk in found]
    if not ordered:
        raise ValueError("A shortlist needs at least one service.")
    shortlist = Shortlist.objects.create(
        token=secrets.token_urlsafe(16), created_at=now or timezone.now()
    )
    ShortlistEntry.objects.bulk_create(
        ShortlistEntry(shortlist=shortlist, service_id=pk, position=index)
        for index, pk in enumerate(ordered, start=1)
    )
    record_event(
        by=by,
        action="directory.shortlist.share",
        target=shortlist,
        request=request,
        details={"services": len(ordered)},
        actor_label=PUBLIC,
    )
    return shortlist
