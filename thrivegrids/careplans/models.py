"""Personalised care and support plans (docs/careplans.md): a plan, its agreed versions, up to
three goals rated 0-10 over time, and its reviews.

A plan is a working draft (`content`, checked for conflicting saves by `revision`, as a
conversation's draft is) until it is agreed; agreeing makes an immutable `PlanVersion` (who agreed,
when, with whom). A change to an agreed plan is worked on in the same draft and agreed as the next
version. Goals are rows of their own from the start, so a goal can be rated before and after the
plan is agreed; each version keeps the goal texts as they were agreed.

Reads go through CarePlan.objects.for_organisation(org): another organisation's plan is a 404.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_GOALS = 3
LOWEST_SCORE, HIGHEST_SCORE = 0, 10
GOAL_TEXT_LIMIT = 500
REASON_LIMIT = 1000
NOTE_LIMIT = 4000


class GoalSetBy(models.TextChoices):
    YOUNG_PERSON = "young_person", _("The young person")
    PARENT_CARER = "parent_carer", _("Their parent or carer")
    TOGETHER = "together", _("Together")


class RaterRole(models.TextChoices):
    YOUNG_PERSON = "young_person", _("Young person")
    PARENT_CARER = "parent_carer", _("Parent or carer")
    PRACTITIONER = "practitioner", _("Practitioner")


class RatingOccasion(models.TextChoices):
    START = "start", _("At the start")
    CONTACT = "contact", _("At a contact")
    REVIEW = "review", _("At a review")
    LINK = "link", _("Through the young person's link")


class GoalOutcome(models.TextChoices):
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    CHANGED = "changed", _("Changed")


class ReviewKind(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNPLANNED = "unplanned", _("Unplanned (after a crisis)")
    REQUESTED = "requested", _("Asked for by the young person or family")


class CarePlanQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        if organisation is None:
            return self.none()
        return self.filter(organisation=organisation)


class CarePlan(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="care_plans"
    )
    young_person = models.ForeignKey(
        "records.YoungPerson", on_delete=models.PROTECT, related_name="care_plans"
    )
    # The plan's practitioner: who is told when a review is due or asked for.
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="care_plans"
    )
    # The recorded conversation it was pre-filled from, if any.
    started_from = models.ForeignKey(
        "conversations.Conversation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="care_plans",
    )
    # The working draft: every section but the goals (careplans.content describes its shape).
    content = models.JSONField(default=dict)
    # Raised by every save of the draft; a save naming an older revision is a conflict.
    revision = models.PositiveIntegerField(default=0)
    next_review_on = models.DateField(_("Next review date"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CarePlanQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Care and support plan {self.pk}"


class PlanVersion(models.Model):
    """An agreed plan, as agreed: never changed or deleted."""

    plan = models.ForeignKey(CarePlan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    # The draft's sections and the goals as agreed.
    content = models.JSONField()
    agreed_at = models.DateTimeField()
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Who agreed it with the practitioner: role values of RaterRole (young person, parent or carer).
    agreed_with = models.JSONField(default=list)
    next_review_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_version_number_per_plan")
        ]

    def __str__(self):
        return f"Version {self.number} of plan {self.plan_id}"


class Goal(models.Model):
    plan = models.ForeignKey(CarePlan, on_delete=models.PROTECT, related_name="goals")
    number = models.PositiveSmallIntegerField()
    # In the words of whoever set it.
    text = models.CharField(_("Goal"), max_length=GOAL_TEXT_LIMIT)
    set_by = models.CharField(_("Who set this goal"), max_length=20, choices=GoalSetBy.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    # Recorded at a review, with a short reason (an explicit discussion when a goal is not met).
    outcome = models.CharField(max_length=20, choices=GoalOutcome.choices, blank=True)
    outcome_reason = models.CharField(max_length=REASON_LIMIT, blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_goal_number_per_plan"),
            models.CheckConstraint(
                condition=Q(number__gte=1) & Q(number__lte=MAX_GOALS), name="at_most_three_goals"
            ),
        ]

    def __str__(self):
        return f"Goal {self.number} of plan {self.plan_id}"


class GoalRating(models.Model):
    """Progress towards a goal, 0 (none) to 10 (reached), on a date, by whom, on what occasion.

    The SNOMED CT concept the score is recorded against is data (careplans.coding), stored with
    each rating so an export of paired scores needs no lookup.
    """

    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="ratings")
    score = models.PositiveSmallIntegerField()
    rated_on = models.DateField()
    rater_role = models.CharField(max_length=20, choices=RaterRole.choices)
    occasion = models.CharField(max_length=20, choices=RatingOccasion.choices)
    concept_system = models.CharField(max_length=100, blank=True)
    concept_code = models.CharField(max_length=20, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["goal", "rated_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=LOWEST_SCORE) & Q(score__lte=HIGHEST_SCORE),
                name="goal_score_0_to_10",
            )
        ]


class Review(models.Model):
    """A review: planned (from the review date), unplanned (after a crisis) or asked for.

    A requested review exists from the moment it is asked for (`requested_at`) until it is held
    (`held_on`); a planned one is made when it is held, or marked overdue by the scheduled job.
    """

    plan = models.ForeignKey(CarePlan, on_delete=models.PROTECT, related_name="reviews")
    kind = models.CharField(max_length=20, choices=ReviewKind.choices)
    requested_at = models.DateTimeField(null=True, blank=True)
    requested_by_role = models.CharField(max_length=20, choices=RaterRole.choices, blank=True)
    request_message = models.CharField(max_length=REASON_LIMIT, blank=True)
    held_on = models.DateField(null=True, blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    working = models.TextField(_("What is working"), blank=True)
    not_working = models.TextField(_("What is not working"), blank=True)
    # The version agreed at the review, when the plan changed.
    version = models.ForeignKey(
        PlanVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    next_review_on = models.DateField(null=True, blank=True)
    # What was decided about each goal at the review, as held: [{"goal": number, "outcome": value
    # of GoalOutcome, "reason": text}] (the goal keeps only its latest outcome).
    goal_outcomes = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "created_at", "id"]


class OverdueReview(models.Model):
    """A plan whose review date passed with no review held since, as marked by the scheduled job
    (careplans.reviews.mark_overdue_reviews): one row per plan and missed date, so the plan's
    practitioner is emailed once per date however often the job runs."""

    plan = models.ForeignKey(CarePlan, on_delete=models.PROTECT, related_name="overdue_reviews")
    due_on = models.DateField()
    marked_at = models.DateTimeField(auto_now_add=True)
    # Who was emailed, and when; empty when the practitioner has no email address.
    emailed_to = models.EmailField(blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "due_on"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "due_on"], name="one_overdue_mark_per_date")
        ]

    def __str__(self):
        return f"Review of plan {self.plan_id} due {self.due_on}"


class PlanLinkQuerySet(models.QuerySet):
    def live(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class PlanLink(models.Model):
    """A link to the young person's copy of a plan that works without signing in
    (careplans.links). Only the token's SHA-256 is stored: the link is shown once, with a QR code.
    """

    plan = models.ForeignKey(CarePlan, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    # A language the copy is written in (careplans.links.LINK_LANGUAGES).
    language = models.CharField(max_length=5)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    view_count = models.PositiveIntegerField(default=0)

    objects = PlanLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Link to plan {self.plan_id}"


class PlanDraftRevision(models.Model):
    """What a plan's draft held at each revision, and which page saved it, so a late save is
    merged three ways and a page's own earlier save is never a conflict (careplans.drafts)."""

    plan = models.ForeignKey(CarePlan, on_delete=models.CASCADE, related_name="draft_revisions")
    number = models.PositiveIntegerField()
    draft = models.JSONField()
    # The editor token of the page that saved it ("" for none), and whether by autosave.
    editor = models.CharField(max_length=64, blank=True)
    autosave = models.BooleanField(default=False)
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_plan_draft_per_revision")
        ]

    def __str__(self):
        return f"Plan {self.plan_id} revision {self.number}"
