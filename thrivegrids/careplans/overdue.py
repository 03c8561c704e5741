"""Reviews due, overdue and asked for (the team lead's page), and the job that marks overdue
reviews and emails each plan's practitioner once per missed date (careplans.tasks).

A review is overdue when the plan's next review date has passed with no review held since. The
email carries only the plan's link and the young person's local reference: email leaves the
organisation's systems and may be forwarded or read on a shared screen, so nothing that says who
the young person is, or anything about their care, goes in it; the link asks for sign-in and the
second factor before anything is shown.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from thrivegrids.careplans.models import CarePlan, OverdueReview, Review, ReviewKind
from thrivegrids.core.audit import AuditAction, record_event

logger = logging.getLogger(__name__)

# Reviews due within this many days are listed as due.
DUE_WITHIN_DAYS = 14
JOB_ACTOR = "overdue review job"


@dataclass(frozen=True)
class ReviewLists:
    due: list  # CarePlan, soonest first
    overdue: list  # CarePlan, longest overdue first
    requested: list  # Review (kind requested, not held), oldest first

    def shown_plans(self):
        plans = [*self.due, *self.overdue, *(review.plan for review in self.requested)]
        return sorted({plan.pk for plan in plans})


def _held_since_due():
    return Exists(
        Review.objects.filter(
            plan=OuterRef("pk"), held_on__isnull=False, held_on__gte=OuterRef("next_review_on")
        )
    )


def overdue_plans(today):
    """Plans (of every organisation) whose review date is before `today`, with no review since."""
    return (
        CarePlan.objects.filter(next_review_on__lt=today)
        .exclude(_held_since_due())
        .order_by("next_review_on", "pk")
    )


def review_lists(*, organisation, practitioner=None, today=None) -> ReviewLists:
    """The organisation's plans due for review within DUE_WITHIN_DAYS, overdue, and asked for;
    only `practitioner`'s plans when given."""
    today = today or timezone.localdate()
    plans = CarePlan.objects.for_organisation(organisation).select_related(
        "young_person", "practitioner"
    )
    if practitioner is not None:
        plans = plans.filter(practitioner=practitioner)
    due = plans.filter(
        next_review_on__gte=today,
        next_review_on__lte=today + datetime.timedelta(days=DUE_WITHIN_DAYS),
    ).order_by("next_review_on", "pk")
    overdue = (
        plans.filter(next_review_on__lt=today)
        .exclude(_held_since_due())
        .order_by("next_review_on", "pk")
    )
    requested = (
        Review.objects.filter(plan__in=plans, kind=ReviewKind.REQUESTED, held_on__isnull=True)
        .select_related("plan__young_person", "plan__practitioner")
        .order_by("requested_at", "pk")
    )
    return ReviewLists(due=list(due), overdue=list(overdue), requested=list(requested))


def review_lists_for_reading(*, by, organisation, practitioner=None, request=None):
    """The lists for the reviews page, with the page's one audit event naming the plans shown."""
    lists = review_lists(organisation=organisation, practitioner=practitioner)
    record_event(
        by=by,
        action=AuditAction.REVIEWS_DUE_VIEW,
        target=organisation,
        organisation=organisation,
        request=request,
        details={"shown": lists.shown_plans(), "own_only": practitioner is not None},
    )
    return lists


def mark_overdue_reviews(*, today=None, actor_label=JOB_ACTOR) -> int:
    """Mark each overdue review not yet marked for its date, and email the plan's practitioner;
    the number marked. Each plan is its own transaction: a failed email leaves that plan
    unmarked (tried again on the next run) and the others marked."""
    today = today or timezone.localdate()
    already = OverdueReview.objects.filter(plan=OuterRef("pk"), due_on=OuterRef("next_review_on"))
    plans = (
        overdue_plans(today)
        .exclude(Exists(already))
        .select_related("practitioner", "young_person", "organisation")
    )
    marked = 0
    for plan in plans:
        _mark_overdue(plan=plan, today=today, actor_label=actor_label)
        marked += 1
    return marked


@transaction.atomic
def _mark_overdue(*, plan, today, actor_label):
    """One plan: the mark, the email, one audit event."""
    address = plan.practitioner.email
    overdue = OverdueReview.objects.create(plan=plan, due_on=plan.next_review_on)
    if address:
        _send_overdue_email(plan=plan, address=address, today=today)
        overdue.emailed_to, overdue.emailed_at = address, timezone.now()
        overdue.save(update_fields=["emailed_to", "emailed_at"])
    else:
        logger.warning("Plan %s is overdue for review; its practitioner has no email", plan.pk)
    record_event(
        by=None,
        actor_label=actor_label,
        action=AuditAction.REVIEW_MARK_OVERDUE,
        target=plan,
        organisation=plan.organisation,
        details={
            "due_on": plan.next_review_on.isoformat(),
            "emailed": bool(address),
            "practitioner": plan.practitioner_id,
        },
    )
    return overdue


def plan_review_address(plan):
    """The full address of the page that holds the plan's review (the email's one link)."""
    path = reverse("careplans:hold_review", args=[plan.pk])
    return f"{settings.THRIVEGRIDS_SITE_URL.rstrip('/')}{path}"


def _send_overdue_email(*, plan, address, today):
    with translation.override(settings.LANGUAGE_CODE):
        reference = plan.young_person.local_reference
        subject = _("A care and support plan review is overdue (%(reference)s)") % {
            "reference": reference
        }
        days = (today - plan.next_review_on).days
        body = "\n\n".join(
            [
                _(
                    "The review of the care and support plan for %(reference)s was due on "
                    "%(date)s (%(days)s days ago) and has not been held."
                )
                % {"reference": reference, "date": plan.next_review_on.isoformat(), "days": days},
                _(
                    "Hold the review, or set a new review date, here (you will be asked to sign in):"
                ),
                plan_review_address(plan),
                _("This email is sent once for each missed review date."),
            ]
        )
    send_mail(subject, body, None, [address])
