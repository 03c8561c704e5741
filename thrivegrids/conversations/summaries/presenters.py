"""The take-away summary: a conversation -> what the young person's page and PDF show.

Written to the young person ("you"), in the summary's language, from the grid content of the exact
versions shown. Grid text missing in that language falls back to English and is marked, so the
page can tell readers (and screen readers, through lang="en") which words are English.

It carries nothing that identifies the young person: no reference, no NHS number, no surname; the
practitioner by first name only, and the organisation by its team name.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from thrivegrids.conversations.models import Decision, SummaryLanguage, VoiceRole
from thrivegrids.core.thrive import Setting
from thrivegrids.core.urgent_help import urgent_help_box
from thrivegrids.grids.public import Cell, Option

ENGLISH = "en"


@dataclass
class Text:
    """Grid text in the summary's language, or in English when no translation exists."""

    text: str
    in_english: bool = False

    def __str__(self):
        return self.text

    @property
    def attributes(self):
        """lang/dir for English text on a page in another language (WCAG 3.1.2)."""
        return mark_safe(' lang="en" dir="ltr"') if self.in_english else ""  # noqa: S308


@dataclass
class OptionSummary:
    name: Text
    summary: Text
    chosen: bool
    answers: list = field(default_factory=list)  # (question Text, answer Text)

    @property
    def has_english(self):
        texts = [self.name, self.summary, *(t for pair in self.answers for t in pair)]
        return any(text.in_english for text in texts)


@dataclass
class VoiceSummary:
    heading: str
    what_matters: str
    priorities: list
    leaning_towards: list


@dataclass
class ServiceFound:
    """A directory service found for the young person: its public page and a phone number."""

    name: str
    href: str
    phone: str


@dataclass
class GridShown:
    title: Text
    topic: str
    setting: str
    number: int
    published_on: object
    is_example_content: bool
    # The public page of this exact version, in the summary's language.
    href: str = ""


@dataclass
class Summary:
    language: str
    team: str
    practitioner: str
    held_on: object
    is_recorded: bool
    grids: list
    options: list
    voices: list
    decision: str
    chosen: list
    next_steps: str
    follow_up_on: object
    questions: str
    urgent_help: dict
    is_draft_translation: bool
    services: list = field(default_factory=list)  # ServiceFound
    # The day of the latest correction of the record (None if never corrected).
    corrected_on: object = None
    # How to reach the team (organisation.team_contact), or None when it has not set a number.
    team_contact: dict | None = None

    @property
    def direction(self):
        return "rtl" if translation.get_language_info(self.language)["bidi"] else "ltr"

    @property
    def is_chosen(self):
        return self.decision == Decision.CHOSEN

    @property
    def is_not_yet(self):
        return self.decision == Decision.NOT_YET

    @property
    def has_english(self):
        return any(option.has_english for option in self.options) or any(
            grid.title.in_english for grid in self.grids
        )

    @property
    def is_example_content(self):
        return any(grid.is_example_content for grid in self.grids)


def summary_language(requested, conversation):
    """A supported summary language: the one asked for, else the conversation's own."""
    if requested in SummaryLanguage.values:
        return requested
    return conversation.summary_language or ENGLISH


def _text(texts, language) -> Text:
    if not isinstance(texts, dict):
        return Text(str(texts or ""))
    if texts.get(language):
        return Text(texts[language])
    return Text(texts.get(ENGLISH) or "", in_english=language != ENGLISH)


def _listed(texts, statuses):
    """Only the languages a grid version lists: an unlisted translation is never shown (it
    falls back to English, marked as English)."""
    if not isinstance(texts, dict):
        return texts
    return {language: text for language, text in texts.items() if language in statuses}


def _field(texts, language, name, default=""):
    """One field of a per-language dict of fields ({"en": {"name": ...}}), with fallback."""
    own = (texts or {}).get(language) or {}
    if own.get(name):
        return Text(own[name])
    english = (texts or {}).get(ENGLISH) or {}
    return Text(english.get(name) or default, in_english=language != ENGLISH)


def build_summary(conversation, language) -> Summary:
    """The summary of `conversation` in `language` (labels translated under that language)."""
    with translation.override(language):
        # In the order the grids were shown.
        shown = conversation.grids.select_related("version__grid__topic")
        versions = [grid.version for grid in shown]
        return Summary(
            language=language,
            team=conversation.organisation.name,
            practitioner=conversation.created_by.first_name.strip(),
            held_on=conversation.held_on,
            is_recorded=conversation.is_recorded,
            grids=[_grid(version, language) for version in versions],
            options=_options(conversation, versions, language),
            voices=_voices(conversation, language),
            decision=conversation.decision,
            chosen=[
                _field(
                    _listed(option.text, option.version.translation_status),
                    language,
                    "name",
                    option.key,
                )
                for option in _in_grid_order(
                    conversation.options_chosen.select_related("version"), versions
                )
            ],
            next_steps=conversation.next_steps.strip(),
            follow_up_on=conversation.follow_up_on,
            questions=conversation.questions.strip(),
            urgent_help=_urgent_help(versions, language),
            # Any grid shown whose text in this language is a draft translation.
            is_draft_translation=any(
                version.translation_status.get(language) == "draft" for version in versions
            ),
            services=_services(conversation),
            corrected_on=_corrected_on(conversation),
            team_contact=conversation.organisation.team_contact,
        )


def _corrected_on(conversation):
    """The day the record was last corrected; the young person is not shown why (the reason is
    written for the team's record, and may name people or details the summary leaves out)."""
    # .all(), so a view that prefetched the corrections (the staff page) asks no more.
    moments = [correction.corrected_at for correction in conversation.corrections.all()]
    return timezone.localdate(max(moments)) if moments else None


def _services(conversation):
    found = []
    for service in conversation.services.prefetch_related("phones").order_by("name"):
        phones = [phone.number for phone in service.phones.all()]
        href = reverse("directory:show_service", kwargs={"service_id": service.pk})
        found.append(ServiceFound(name=service.name, href=href, phone=phones[0] if phones else ""))
    return found


def _grid(version, language):
    topic = version.grid.topic
    return GridShown(
        title=_field(
            _listed(version.text, version.translation_status), language, "title", topic.slug
        ),
        topic=str(_field(topic.text, language, "name", topic.slug)),
        setting=str(Setting(version.grid.setting).label),
        number=version.number,
        published_on=version.published_on,
        is_example_content=version.is_example_content,
        href=reverse(
            "grids:show_grid_version",
            kwargs={"topic": topic.slug, "setting": version.grid.setting, "number": version.number},
        ),
    )


def _in_grid_order(options, versions):
    position = {version.pk: index for index, version in enumerate(versions)}
    return sorted(options, key=lambda o: (position.get(o.version_id, 0), o.position))


def _options(conversation, versions, language):
    discussed = _in_grid_order(conversation.options_discussed.all(), versions)
    chosen = set(conversation.options_chosen.values_list("pk", flat=True))
    statuses = {version.pk: version.translation_status for version in versions}
    listed = {option.pk: statuses.get(option.version_id, {"en": ""}) for option in discussed}
    cells = (
        Cell.objects.filter(option__in=discussed)
        .select_related("question")
        .order_by("question__position")
    )
    answers = {}
    for cell in cells:
        answers.setdefault(cell.option_id, []).append(
            (
                _text(_listed(cell.question.text, listed[cell.option_id]), language),
                _text(_listed(cell.text, listed[cell.option_id]), language),
            )
        )
    return [
        OptionSummary(
            name=_field(_listed(option.text, listed[option.pk]), language, "name", option.key),
            summary=_field(_listed(option.text, listed[option.pk]), language, "summary"),
            chosen=option.pk in chosen,
            answers=answers.get(option.pk, []),
        )
        for option in discussed
    ]


VOICE_HEADINGS = {
    VoiceRole.YOUNG_PERSON: lambda: _("What matters to you"),
    VoiceRole.PARENT_CARER: lambda: _("What matters to your parent or carer"),
    VoiceRole.PRACTITIONER: lambda: _("What your practitioner thinks is important"),
}


def _voices(conversation, language):
    with_versions = Option.objects.select_related("version")
    voices = {
        voice.role: voice
        for voice in conversation.voices.prefetch_related(
            Prefetch("leaning_towards", queryset=with_versions)
        )
    }
    summaries = []
    for role in VoiceRole.values:
        voice = voices.get(role)
        if voice is None:
            continue
        leaning = [
            _field(
                _listed(option.text, option.version.translation_status),
                language,
                "name",
                option.key,
            )
            for option in voice.leaning_towards.all()
        ]
        priorities = [str(label) for label in voice.priority_labels()]
        if not (voice.what_matters.strip() or priorities or leaning):
            continue
        summaries.append(
            VoiceSummary(
                heading=VOICE_HEADINGS[role](),
                what_matters=voice.what_matters.strip(),
                priorities=priorities,
                leaning_towards=leaning,
            )
        )
    return summaries


def _urgent_help(versions, language):
    """The "If you need help now" box: every topic shown declares its contacts (one list)."""
    topics = list(dict.fromkeys(version.grid.topic.slug for version in versions)) or [None]
    box = urgent_help_box(topics[0], language)
    seen = {contact["key"] for contact in box["contacts"]}
    for topic in topics[1:]:
        for contact in urgent_help_box(topic, language)["contacts"]:
            if contact["key"] not in seen:
                seen.add(contact["key"])
                box["contacts"].append(contact)
    return box


def body_html(request, summary, *, feedback_href=""):
    """The summary's body, rendered in its own language (the staff page around it may not be)."""
    with translation.override(summary.language):
        context = {"summary": summary, "feedback_href": feedback_href}
        html = render_to_string("conversations/summary_body.jinja", context, request=request)
    return mark_safe(html)  # noqa: S308 (our own autoescaped template)
