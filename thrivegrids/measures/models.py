"""The SDM measure library: instruments loaded from files, their items, and the answers given.

An instrument's wording lives only in its file and these rows, never in code, so an organisation
that holds a licence for a validated instrument can load it without the product shipping it.
Reads of responses go through Response.objects.for_organisations(orgs).
"""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thrivegrids.conversations.public import VoiceRole
from thrivegrids.core.languages import in_language


class InstrumentQuerySet(models.QuerySet):
    def available_to(self, organisation):
        """Instruments for everyone, and those loaded for `organisation` or one above it."""
        chain = []
        while organisation is not None and len(chain) < 10:
            chain.append(organisation.pk)
            organisation = organisation.parent
        return self.filter(Q(organisation__isnull=True) | Q(organisation__in=chain))

    def latest_for_role(self, organisation, role):
        """The newest version of each instrument a respondent in `role` answers, in slug order."""
        latest = {}
        for instrument in self.available_to(organisation).order_by("slug", "-version"):
            if role in instrument.respondent_roles and instrument.slug not in latest:
                latest[instrument.slug] = instrument
        return list(latest.values())


class Instrument(models.Model):
    """A questionnaire: its items, who answers it, how it is scored, and its licence."""

    slug = models.SlugField(max_length=80)
    version = models.PositiveIntegerField()
    # Set for an instrument an organisation loaded under its own licence (it and the
    # organisations within it use it); empty for the instruments everyone may use.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="instruments",
    )
    name = models.JSONField(default=dict, help_text='{"en": ..., "ar": ...}')
    description = models.JSONField(default=dict, blank=True)
    respondent_roles = models.JSONField(default=list, help_text="VoiceRole values")
    scoring_rule = models.CharField(max_length=40)
    scoring_parameters = models.JSONField(default=dict, blank=True)
    languages = models.JSONField(default=list)
    licence = models.CharField(max_length=300, help_text="The licence's name")
    licence_url = models.URLField(max_length=500, blank=True)
    licence_statement = models.CharField(max_length=500, blank=True)
    attribution = models.CharField(max_length=300)
    # Set only through load_measures by a site admin of the organisation holding the licence.
    validated = models.BooleanField(default=False)
    # A published figure to compare one item with (see measures.content.MeasureDocument).
    benchmark = models.JSONField(default=dict, blank=True)
    answering_window_days = models.PositiveSmallIntegerField(default=14)
    source_file = models.CharField(max_length=300, blank=True)
    loaded_at = models.DateTimeField(auto_now=True)

    objects = InstrumentQuerySet.as_manager()

    class Meta:
        ordering = ["slug", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "version"],
                condition=Q(organisation__isnull=True),
                name="one_shared_instrument_version",
            ),
            models.UniqueConstraint(
                fields=["organisation", "slug", "version"],
                name="one_instrument_version_per_organisation",
            ),
        ]

    def __str__(self):
        return f"{self.slug} v{self.version}"

    def name_in(self, language=None):
        return in_language(self.name, language)

    def description_in(self, language=None):
        return in_language(self.description, language)

    def language_for(self, language):
        """The language to show: the one asked for if the instrument has it, else English."""
        return language if language in self.languages else "en"

    def closes_at(self, conversation):
        """When answers about `conversation` stop being taken: the window after it was recorded."""
        if conversation.recorded_at is None:
            return None
        return conversation.recorded_at + datetime.timedelta(days=self.answering_window_days)

    def is_open_for(self, conversation, now):
        closes_at = self.closes_at(conversation)
        return closes_at is not None and now < closes_at


class Item(models.Model):
    """One question of an instrument, with its answer scale (highest value = best answer)."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    key = models.SlugField(max_length=80)
    position = models.PositiveSmallIntegerField()
    # What the item asks about, shared across instruments (e.g. "enough-information"), so the
    # team page can find the same question in several instruments.
    concept = models.SlugField(max_length=80, blank=True)
    text = models.JSONField(default=dict)
    # [{"value": 2, "label": {"en": ..., "ar": ...}}, ...], in the order shown.
    scale = models.JSONField(default=list)

    class Meta:
        ordering = ["instrument", "position"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "key"], name="unique_item_key"),
        ]

    def __str__(self):
        return f"{self.instrument}: {self.key}"

    def text_in(self, language=None):
        return in_language(self.text, language)

    @property
    def values(self):
        return [option["value"] for option in self.scale]

    @property
    def top_value(self):
        return max(self.values)


class ResponseQuerySet(models.QuerySet):
    def for_organisations(self, organisations):
        return self.filter(organisation__in=list(organisations))


class Response(models.Model):
    """One person's answers to one instrument after one conversation.

    `grid_versions` keeps every grid version the conversation showed when the answer was given;
    `main_grid_version` is the first of them, which the team page counts the response under so
    that its tables add up (a response is counted once).
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    conversation = models.ForeignKey(
        "conversations.Conversation", on_delete=models.PROTECT, related_name="feedback"
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="responses")
    respondent_role = models.CharField(max_length=20, choices=VoiceRole.choices)
    grid_versions = models.ManyToManyField("grids.GridVersion", related_name="+")
    main_grid_version = models.ForeignKey(
        "grids.GridVersion", on_delete=models.PROTECT, related_name="+"
    )
    language = models.CharField(max_length=5)
    answered_on = models.DateField(_("Date answered"))
    # {item key: chosen value}
    answers = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-answered_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "instrument", "respondent_role"],
                name="one_response_per_role_and_instrument",
            )
        ]

    def __str__(self):
        return (
            f"{self.instrument} by {self.respondent_role} for conversation {self.conversation_id}"
        )
