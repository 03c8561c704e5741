"""Grids: topics, their NHS and community grids, and immutable published versions.

Text is stored per language as JSON ({"en": ..., "ar": ...}) on each row, so a version carries
all its translations and a "what changed" comparison is a plain dictionary comparison.
"""

from django.conf import settings
from django.db import models
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thrivegrids.core.languages import in_language
from thrivegrids.core.thrive import Setting


class PublishedVersionIsImmutable(Exception):
    """A published or retired version, or its content, was about to change."""


def is_past_review(version, today=None):
    """A published version whose review date has passed: pages and PDFs must say so."""
    today = today or timezone.localdate()
    return (
        version.status == "published"
        and version.next_review_on is not None
        and version.next_review_on < today
    )


class Topic(models.Model):
    """A difficulty young people ask about, such as low mood, with its two grids."""

    slug = models.SlugField(unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    # The Current View problem description number (code only; the form itself is licensed).
    current_view_code = models.PositiveSmallIntegerField()
    needs_groups = models.JSONField(default=list, help_text="THRIVE needs-based groups served")
    text = models.JSONField(default=dict, help_text='{"en": {"name": ..., "summary": ...}}')

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.slug

    @property
    def name(self):
        return in_language(self.text).get("name", self.slug) if self.text else self.slug

    @property
    def summary(self):
        return in_language(self.text).get("summary", "") if self.text else ""


class Grid(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="grids")
    setting = models.CharField(max_length=10, choices=Setting.choices)

    class Meta:
        ordering = ["topic__position", "setting"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "setting"], name="one_grid_per_setting")
        ]

    def __str__(self):
        return f"{self.topic.slug}/{self.setting}"

    @property
    def other_setting(self):
        return Setting.COMMUNITY if self.setting == Setting.NHS else Setting.NHS


class GridVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=GridVersion.Status.PUBLISHED)

    def viewable(self):
        """Published, and retired ones kept viewable for decisions recorded against them."""
        return self.exclude(status=GridVersion.Status.DRAFT)

    def with_content(self):
        return self.select_related("grid__topic").prefetch_related(
            "options", "questions", "sources", "cells__sources"
        )


class GridVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    grid = models.ForeignKey(Grid, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_on = models.DateField(null=True, blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    is_example_content = models.BooleanField(default=True)
    endorsed = models.BooleanField(default=False)
    endorsed_by = models.CharField(max_length=200, blank=True)
    translation_status = models.JSONField(
        default=dict, help_text='{"en": "reviewed", "ar": "draft"}'
    )
    text = models.JSONField(
        default=dict, help_text="title, condition, decision, authors, funding per language"
    )
    age_min = models.PositiveSmallIntegerField(null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(null=True, blank=True)
    clinical_review = models.JSONField(
        default=list, blank=True, help_text='[{"name": ..., "role": ..., "reviewed_on": ...}]'
    )
    readability_names = models.JSONField(
        default=list, blank=True, help_text="Names readability scores as a short word"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = GridVersionQuerySet.as_manager()

    class Meta:
        ordering = ["grid", "number"]
        constraints = [
            models.UniqueConstraint(fields=["grid", "number"], name="unique_version_number")
        ]

    def __str__(self):
        return f"{self.grid} v{self.number} ({self.status})"

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def languages(self):
        return list(self.translation_status)

    def text_in(self, language=None):
        return in_language(self.text, language) or {}

    def save(self, *args, **kwargs):
        if self.pk is not None:
            self._refuse_change_to_published()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if type(self).objects.filter(pk=self.pk).exclude(status=self.Status.DRAFT).exists():
            raise PublishedVersionIsImmutable(f"{self} is not a draft and cannot be deleted.")
        return super().delete(*args, **kwargs)

    def _refuse_change_to_published(self):
        stored = type(self).objects.filter(pk=self.pk).first()
        if stored is None or stored.status == self.Status.DRAFT:
            return
        changed = [
            field.attname
            for field in self._meta.concrete_fields
            if field.attname != "status"
            and getattr(stored, field.attname) != getattr(self, field.attname)
        ]
        allowed_status = {stored.status, self.Status.RETIRED}
        if changed or self.status not in allowed_status:
            raise PublishedVersionIsImmutable(
                f"{stored} is {stored.status}; only retiring it is allowed (changed: {', '.join(changed) or 'status'})."
            )


class VersionContent(models.Model):
    """Rows that belong to a version and freeze with it once it is published."""

    class Meta:
        abstract = True

    def _refuse_unless_draft(self):
        # Both the version the row belongs to now and the one it is stored under must be drafts,
        # so a published version's row cannot be moved into a draft either.
        version_ids = {self.version_id}
        if self.pk is not None:
            version_ids |= set(
                type(self).objects.filter(pk=self.pk).values_list("version_id", flat=True)
            )
        if (
            GridVersion.objects.filter(pk__in=version_ids)
            .exclude(status=GridVersion.Status.DRAFT)
            .exists()
        ):
            raise PublishedVersionIsImmutable("Content of a published version cannot change.")

    def save(self, *args, **kwargs):
        self._refuse_unless_draft()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_unless_draft()
        return super().delete(*args, **kwargs)


class Source(VersionContent):
    class Evidence(models.TextChoices):
        RESEARCH = "research", _("Research evidence")
        EXPERT_CONSENSUS = "expert-consensus", _("Expert consensus")

    version = models.ForeignKey(GridVersion, on_delete=models.CASCADE, related_name="sources")
    key = models.SlugField(max_length=80)
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    recommendation = models.CharField(
        max_length=200, blank=True, help_text="Guideline id and recommendation or section"
    )
    url = models.URLField(max_length=500)
    evidence = models.CharField(max_length=20, choices=Evidence.choices)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="unique_source_key")]

    def __str__(self):
        return self.title


class Option(VersionContent):
    """A column: one kind of help, with reverse-side detail."""

    version = models.ForeignKey(GridVersion, on_delete=models.CASCADE, related_name="options")
    key = models.SlugField(max_length=80)
    position = models.PositiveSmallIntegerField()
    is_waiting = models.BooleanField(
        default=False, help_text="Waiting, doing nothing for now, or self-management"
    )
    kind = models.SlugField(
        max_length=60, blank=True, help_text="Kind of help, to find local services"
    )
    text = models.JSONField(
        default=dict, help_text="name, summary, what_it_is, who_provides, how_to_get"
    )
    benefits_and_harms = models.JSONField(
        default=dict, blank=True, help_text='{"evidence": "numbers"|"not-known", ...}'
    )

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="unique_option_key")]

    def __str__(self):
        return self.key

    def text_in(self, language=None):
        return in_language(self.text, language) or {}


class Question(VersionContent):
    """A row: one of young people's frequent questions."""

    class Role(models.TextChoices):
        GENERAL = "general", _("General")
        BENEFITS = "benefits", _("Benefits")
        DOWNSIDES = "downsides", _("Downsides or risks")

    version = models.ForeignKey(GridVersion, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(max_length=80)
    position = models.PositiveSmallIntegerField()
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.GENERAL)
    text = models.JSONField(default=dict)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="unique_question_key")
        ]

    def __str__(self):
        return self.key


class Cell(VersionContent):
    """The answer to one question for one option, with the sources behind it."""

    version = models.ForeignKey(GridVersion, on_delete=models.CASCADE, related_name="cells")
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="cells")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="cells")
    text = models.JSONField(default=dict)
    sources = models.ManyToManyField(Source, related_name="cells")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["option", "question"], name="one_cell_per_option_question"
            )
        ]

    def __str__(self):
        return f"{self.option.key}×{self.question.key}"


class LocalOptionDetail(models.Model):
    """A site's own note and contact for an option: governed locally, outside the endorsed text.

    Keyed by the option's key, so it carries over to later national versions.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    grid = models.ForeignKey(Grid, on_delete=models.CASCADE, related_name="local_details")
    option_key = models.SlugField(max_length=80)
    note = models.TextField(blank=True)
    contact = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "grid", "option_key"], name="one_local_detail"
            )
        ]

    def __str__(self):
        return f"{self.organisation} {self.grid} {self.option_key}"


class LocalOptionDetailChange(models.Model):
    """History: every change to a local note or contact, with who and when."""

    detail = models.ForeignKey(LocalOptionDetail, on_delete=models.CASCADE, related_name="changes")
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    field = models.CharField(max_length=20)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]


@receiver(m2m_changed, sender=Cell.sources.through)
def refuse_citation_change_on_published_cell(sender, instance, action, pk_set, **kwargs):
    """A cell's citations freeze with its version (.add/.remove/.set/.clear skip Cell.save)."""
    if not action.startswith("pre_"):
        return
    cells = (
        [instance] if isinstance(instance, Cell) else list(Cell.objects.filter(pk__in=pk_set or ()))
    )
    for cell in cells:
        cell._refuse_unless_draft()
