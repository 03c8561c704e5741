"""A shared decision conversation with a young person, and what it leaves behind.

A conversation records the exact published grid versions shown (options are rows of those
versions, so what was discussed and chosen can always be shown as it was), three voices, questions,
the outcome and a THRIVE needs-based group with its reason. `revision` goes up on every save so two
practitioners editing the same draft are told, never silently overwritten (services.save_draft).

Reads go through Conversation.objects.for_organisation(org): another organisation's conversation
is a 404, as for young people's records.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thrivegrids.accounts.permissions import Permission
from thrivegrids.conversations.priorities import Priority
from thrivegrids.core.thrive import NeedsGroup


class ConversationQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        if organisation is None:
            return self.none()
        return self.filter(organisation=organisation)


class Decision(models.TextChoices):
    UNDECIDED = "", _("Not recorded yet")
    CHOSEN = "chosen", _("Option or options chosen")
    NOT_YET = "not_yet", _("Not decided yet")


class SummaryLanguage(models.TextChoices):
    ENGLISH = "en", _("English")
    ARABIC = "ar", _("Arabic")


class Conversation(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        RECORDED = "recorded", _("Recorded")

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="conversations"
    )
    young_person = models.ForeignKey(
        "records.YoungPerson", on_delete=models.PROTECT, related_name="conversations"
    )
    # The conversation this one came back to (a later conversation starts from the last one).
    follows = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="followed_by"
    )
    held_on = models.DateField(_("Date of the conversation"), default=timezone.localdate)
    parent_carer_present = models.BooleanField(_("A parent or carer took part"), default=False)
    summary_language = models.CharField(
        _("Language of the take-away summary"),
        max_length=5,
        choices=SummaryLanguage.choices,
        default=SummaryLanguage.ENGLISH,
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    options_discussed = models.ManyToManyField(
        "grids.Option", blank=True, related_name="discussed_in"
    )
    questions = models.TextField(_("Questions to ask and things to find out"), blank=True)
    decision = models.CharField(
        _("Decision"),
        max_length=10,
        choices=Decision.choices,
        default=Decision.UNDECIDED,
        blank=True,
    )
    options_chosen = models.ManyToManyField("grids.Option", blank=True, related_name="chosen_in")
    next_steps = models.TextField(_("What happens next"), blank=True)
    # Services from the directory found for this young person (the practitioner's shortlist).
    services = models.ManyToManyField("directory.Service", blank=True, related_name="+")
    follow_up_on = models.DateField(_("Follow-up date"), null=True, blank=True)
    # The THRIVE group proposed in this draft; recording adds it to the young person's history.
    needs_group = models.CharField(
        _("THRIVE needs-based group agreed now"),
        max_length=30,
        choices=NeedsGroup.choices,
        blank=True,
    )
    needs_group_reason = models.TextField(_("Why this group, in a sentence or two"), blank=True)
    # Optimistic concurrency: a save must name the revision it started from.
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    # Who recorded it: they (and a team lead of the organisation) may correct the record later.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ConversationQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(recorded_at__isnull=False),
                name="recorded_conversation_has_time",
            )
        ]

    def __str__(self):
        return f"{self.young_person} {self.held_on:%Y-%m-%d}"

    @property
    def is_recorded(self):
        return self.status == self.Status.RECORDED

    def may_be_corrected_by(self, membership):
        """Whether the holder of `membership` may correct this recorded conversation: the person
        who recorded it, or someone of its organisation who may correct any (a team lead)."""
        if not self.is_recorded or membership is None:
            return False
        if membership.organisation_id != self.organisation_id:
            return False
        if membership.has_permission(Permission.CORRECT_ANY_CONVERSATION):
            return True
        return (
            membership.has_permission(Permission.EDIT_YOUNG_PEOPLE)
            and membership.user_id == self.recorded_by_id
        )


class DraftRevision(models.Model):
    """What a conversation held at each revision, so a late save can be merged three ways.

    When two people edit one draft, the revision an editor started from shows which fields each
    of them changed: a field only the other person changed is taken from them, never overwritten.
    """

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField()
    draft = models.JSONField()
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["conversation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "number"], name="one_snapshot_per_revision"
            )
        ]

    def __str__(self):
        return f"{self.conversation} revision {self.number}"


CORRECTION_REASON_MAX_LENGTH = 500


class Correction(models.Model):
    """A correction of a recorded conversation: its content before and after, who, when and why.

    The conversation's own rows always hold the current content, so the summary, its shared links,
    the record page and feedback read the corrected record through the same conversation. Earlier
    content is kept here: the first correction's `before` is the record as first made, and each
    correction's `after` is a revision (numbered 1, 2, ... per conversation). Append-only.
    """

    conversation = models.ForeignKey(
        Conversation, on_delete=models.PROTECT, related_name="corrections"
    )
    number = models.PositiveIntegerField()
    # drafts.ConversationDraft as JSON (drafts.draft_to_json).
    before = models.JSONField()
    after = models.JSONField()
    changed = models.JSONField(default=list)  # field names, as ConversationDraft names them
    reason = models.CharField(
        _("Why are you correcting it?"), max_length=CORRECTION_REASON_MAX_LENGTH
    )
    corrected_at = models.DateTimeField(default=timezone.now)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["conversation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "number"], name="one_correction_per_number"
            ),
            models.CheckConstraint(condition=~models.Q(reason=""), name="correction_has_reason"),
        ]

    def __str__(self):
        return f"{self.conversation} correction {self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Corrections are append-only: correct the conversation again.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Corrections are append-only.")


class ConversationGrid(models.Model):
    """A grid shown in the conversation: the exact published version, never a later one."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="grids")
    version = models.ForeignKey("grids.GridVersion", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "version"], name="each_grid_version_once_per_conversation"
            )
        ]

    def __str__(self):
        return f"{self.conversation}: {self.version}"


class VoiceRole(models.TextChoices):
    YOUNG_PERSON = "young_person", _("Young person")
    PARENT_CARER = "parent_carer", _("Parent or carer")
    PRACTITIONER = "practitioner", _("Practitioner")


class Voice(models.Model):
    """What matters to one of the three people in the room, and which options they lean towards."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="voices")
    role = models.CharField(max_length=20, choices=VoiceRole.choices)
    what_matters = models.TextField(_("What matters"), blank=True)
    # Slugs from priorities.Priority.
    priorities = models.JSONField(default=list, blank=True)
    leaning_towards = models.ManyToManyField("grids.Option", blank=True, related_name="+")

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "role"], name="one_voice_per_role")
        ]

    def __str__(self):
        return f"{self.conversation}: {self.get_role_display()}"

    def priority_labels(self):
        return [Priority(slug).label for slug in self.priorities if slug in Priority.values]


class NeedsGroupAssignment(models.Model):
    """The THRIVE needs-based group agreed at a point in time, with why. Append-only history."""

    young_person = models.ForeignKey(
        "records.YoungPerson", on_delete=models.PROTECT, related_name="needs_groups"
    )
    conversation = models.ForeignKey(
        Conversation, null=True, blank=True, on_delete=models.PROTECT, related_name="needs_groups"
    )
    group = models.CharField(
        _("THRIVE needs-based group"), max_length=30, choices=NeedsGroup.choices
    )
    reason = models.TextField(_("Why this group, in a sentence or two"))
    assigned_at = models.DateTimeField(default=timezone.now)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-assigned_at", "-pk"]

    def __str__(self):
        return f"{self.young_person}: {self.group}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Needs-group history is append-only: add a new assignment.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Needs-group history is append-only.")


class SummaryLinkQuerySet(models.QuerySet):
    def live(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class SummaryLink(models.Model):
    """A link to the take-away summary that works without signing in.

    Only the token's SHA-256 is stored: the link itself is shown once, to the practitioner who
    made it (and as a QR code), so a copy of the database cannot open summaries.
    """

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="summary_links"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    language = models.CharField(max_length=5, choices=SummaryLanguage.choices)
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

    objects = SummaryLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Summary link for {self.conversation}"

    def is_live(self, now=None):
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now
