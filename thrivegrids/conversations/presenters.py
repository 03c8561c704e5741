"""Conversations -> what the start page, the working page and the in-room grid page show."""

from django.db.models import Max
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.html import format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from thrivegrids.conversations.drafts import VoiceDraft
from thrivegrids.conversations.models import Decision, SummaryLanguage, VoiceRole
from thrivegrids.conversations.priorities import Priority, priority_label
from thrivegrids.core.thrive import NEEDS_GROUP_DESCRIPTIONS, NeedsGroup, Setting
from thrivegrids.grids.public import GridVersion, is_past_review


def person_name(user):
    if user is None:
        return _("someone")
    return user.get_full_name() or user.get_username()


def when(moment):
    """A date and time as the page shows it: 5 March 2027, 19:32 (local time)."""
    moment = localtime(moment)
    return f"{date_format(moment, 'j F Y')}, {moment:%H:%M}"


def grid_label(version):
    return f"{version.grid.topic.name}: {Setting(version.grid.setting).label}"


def option_name(option, language=None):
    return option.text_in(language).get("name", option.key)


def _latest_numbers(versions):
    grid_ids = {version.grid_id for version in versions}
    rows = (
        GridVersion.objects.published()
        .filter(grid_id__in=grid_ids)
        .values("grid_id")
        .annotate(latest=Max("number"))
    )
    return {row["grid_id"]: row["latest"] for row in rows}


def grids_shown(conversation):
    """Each grid version shown, in order, with a 'what changed' link when a newer one is published."""
    shown = list(conversation.grids.select_related("version__grid__topic"))
    latest = _latest_numbers([item.version for item in shown])
    items = []
    for number, item in enumerate(shown, start=1):
        version = item.version
        newest = latest.get(version.grid_id)
        newer = None
        if newest and newest > version.number:
            changes = reverse(
                "grids:show_changes",
                kwargs={"topic": version.grid.topic.slug, "setting": version.grid.setting},
            )
            newer = {
                "number": newest,
                "changes_href": f"{changes}?from={version.number}&to={newest}",
            }
        items.append(
            {
                "position": number,
                "version": version,
                "label": grid_label(version),
                "number": version.number,
                "in_room_href": reverse(
                    "conversations:show_grid_in_room",
                    kwargs={"pk": conversation.pk, "position": number},
                ),
                "newer": newer,
            }
        )
    return items


def option_names(options):
    return {option.pk: option_name(option) for option in options}


def option_groups(options, checked):
    """Options grouped by grid, as NHS.UK checkbox items: [{"label", "items"}]."""
    checked = {str(value) for value in checked or ()}
    groups = {}
    for option in options:
        group = groups.setdefault(
            option.version_id, {"label": grid_label(option.version), "items": []}
        )
        group["items"].append(
            {
                "value": str(option.pk),
                "text": option_name(option),
                "checked": str(option.pk) in checked,
            }
        )
    return list(groups.values())


def checkbox_items(choices, checked):
    checked = {str(value) for value in checked or ()}
    return [
        {"value": value, "text": str(label), "checked": value in checked}
        for value, label in choices
    ]


def needs_group_items(current):
    return [
        {
            "value": group.value,
            "text": str(group.label),
            "hint": {"text": str(NEEDS_GROUP_DESCRIPTIONS[group])},
            "checked": group.value == current,
        }
        for group in NeedsGroup
    ]


def version_choices(versions, checked):
    """The start page's checkboxes: one group per topic, its NHS and community grids side by side."""
    checked = {str(value) for value in checked or ()}
    topics = {}
    for version in versions:
        topic = topics.setdefault(
            version.grid.topic_id, {"name": version.grid.topic.name, "items": []}
        )
        topic["items"].append(
            {
                "value": str(version.pk),
                "text": str(Setting(version.grid.setting).label),
                "hint": {
                    "text": _("Version %(number)s") % {"number": version.number}
                    # The team is told here, where grids are chosen, when one is overdue.
                    + (
                        " · "
                        + _("past its review date (%(date)s)")
                        % {"date": date_format(version.next_review_on, "j F Y")}
                        if is_past_review(version)
                        else ""
                    )
                },
                "checked": str(version.pk) in checked,
            }
        )
    return list(topics.values())


class ConversationPage:
    """The working page's form fields, shaped for the NHS.UK macros."""

    def __init__(self, form, options):
        self.form = form
        self.options = list(options)

    def value(self, name):
        value = self.form[name].value()
        return "" if value is None else value

    def error(self, name):
        errors = self.form[name].errors
        return {"text": errors[0]} if errors else None

    def limit_text(self, name):
        """A text field's limit as the page writes it: 4,000."""
        return number_format(self.form.fields[name].limit, force_grouping=True)

    def option_groups(self, name):
        return option_groups(self.options, self.form[name].value())

    def voices(self):
        return [
            {
                "role": role.value,
                "label": str(role.label),
                "is_parent_carer": role == VoiceRole.PARENT_CARER,
                "what_matters": self.form[f"{role}-what_matters"],
                "priorities": self.form[f"{role}-priorities"],
                "priority_items": checkbox_items(
                    Priority.choices, self.form[f"{role}-priorities"].value()
                ),
                "leaning": self.form[f"{role}-leaning_towards"],
                "leaning_groups": self.option_groups(f"{role}-leaning_towards"),
            }
            for role in VoiceRole
        ]

    def decision_items(self):
        current = self.value("decision")
        return [
            {"value": value, "text": str(label), "checked": value == current}
            for value, label in self.form.fields["decision"].choices
        ]

    def language_items(self):
        current = self.value("summary_language")
        return [
            {"value": value, "text": str(label), "checked": value == current}
            for value, label in SummaryLanguage.choices
        ]

    def needs_group_items(self):
        return needs_group_items(self.value("needs_group"))

    def follow_up_items(self):
        error = bool(self.form["follow_up_day"].errors)
        return [
            {
                "id": f"id_follow_up_{part}",
                "name": f"follow_up_{part}",
                "label": label,
                "value": self.value(f"follow_up_{part}"),
                "width": 4 if part == "year" else 2,
                "classes": "nhsuk-input--error" if error else "",
            }
            for part, label in (("day", _("Day")), ("month", _("Month")), ("year", _("Year")))
        ]


# The fields the page marks beside themselves after an autosave refuses them: free text and the
# date (the date's mark is the whole date's, by the day box). Choices are refused only when
# tampered with, and are named in the autosave status alone.
DATE_FIELD = "follow_up_day"


def field_problems(form):
    """What the form refused, field by field, for the autosave status and the NHS.UK error
    message beside each field: [{"input_id", "error_id", "text", "beside"}]."""
    problems = [
        {"input_id": "", "error_id": "", "text": str(error), "beside": False}
        for error in form.non_field_errors()
    ]
    for name, errors in form.errors.items():
        if name not in form.fields or form.fields[name].widget.is_hidden:
            continue
        input_id = form[name].auto_id
        error_id = "id_follow_up-error" if name == DATE_FIELD else f"{input_id}-error"
        problems.append(
            {
                "input_id": input_id,
                "error_id": error_id,
                "text": str(errors[0]),
                "beside": name == DATE_FIELD or hasattr(form.fields[name], "limit"),
            }
        )
    return problems


def present_roles(draft):
    roles = [VoiceRole.YOUNG_PERSON]
    if draft.parent_carer_present:
        roles.append(VoiceRole.PARENT_CARER)
    roles.append(VoiceRole.PRACTITIONER)
    return roles


def agreement(draft, names):
    """Where the voices present agree (chosen by all) and differ (chosen by some, and by whom)."""
    roles = present_roles(draft)
    voices = {role: draft.voices.get(role, VoiceDraft()) for role in roles}

    def split(values_of, label_of):
        every = list(dict.fromkeys(v for role in roles for v in values_of(voices[role])))
        shared, differ = [], []
        for value in every:
            who = [role for role in roles if value in values_of(voices[role])]
            if len(who) == len(roles):
                shared.append(label_of(value))
            else:
                people = _(", ").join(str(VoiceRole(role).label) for role in who)
                differ.append({"text": label_of(value), "who": people})
        return shared, differ

    priorities = split(
        lambda voice: voice.priorities,
        priority_label,
    )
    options = split(lambda voice: voice.leaning_towards, lambda pk: names.get(pk, _("an option")))
    return {
        "present": _(", ").join(str(VoiceRole(role).label) for role in roles),
        "priorities_shared": priorities[0],
        "priorities_differ": priorities[1],
        "options_shared": options[0],
        "options_differ": options[1],
        "is_empty": not any((*priorities, *options)),
    }


def _voice_text(voice, names):
    parts = []
    if voice.what_matters:
        parts.append(voice.what_matters)
    labels = voice.priority_labels()
    if labels:
        parts.append(_("Priorities: %(list)s") % {"list": list_text(labels)})
    leaning = [names.get(option.pk, option.key) for option in voice.leaning_towards.all()]
    if leaning:
        parts.append(_("Leaning towards: %(list)s") % {"list": list_text(leaning)})
    return parts


RECORDED_ROWS_PREFETCH = ("voices__leaning_towards", "options_discussed", "options_chosen")


def recorded_rows(conversation, names):
    """A recorded conversation as NHS.UK summary list rows (read-only).

    Reads voices (with the options each leans towards) and the options discussed and chosen:
    prefetch them (RECORDED_ROWS_PREFETCH) so that is one query each, however many voices.
    """
    voices = {voice.role: voice for voice in conversation.voices.all()}
    rows = [
        (_("Date"), [date_format(conversation.held_on, "j F Y")]),
        (
            _("Options you talked about"),
            [list_text(names.get(o.pk, o.key) for o in conversation.options_discussed.all())],
        ),
    ]
    for role in VoiceRole:
        if role == VoiceRole.PARENT_CARER and not conversation.parent_carer_present:
            continue
        voice = voices.get(role)
        rows.append((VoiceRole(role).label, _voice_text(voice, names) if voice else []))
    rows += [
        (_("Questions to ask and things to find out"), [conversation.questions]),
        (_("Decision"), [conversation.get_decision_display()]),
    ]
    if conversation.decision == Decision.CHOSEN:
        chosen = [names.get(o.pk, o.key) for o in conversation.options_chosen.all()]
        rows.append((_("Options chosen"), [list_text(chosen)]))
    rows += [
        (_("What happens next"), [conversation.next_steps]),
        (
            _("Follow-up date"),
            [date_format(conversation.follow_up_on, "j F Y") if conversation.follow_up_on else ""],
        ),
        (_("Language of the take-away summary"), [conversation.get_summary_language_display()]),
    ]
    return [
        {
            "key": {"text": str(key)},
            "value": {"html": _paragraphs([part for part in parts if part] or [_("Not given")])},
        }
        for key, parts in rows
    ]


def _paragraphs(parts):
    return format_html_join("", "<p>{}</p>", ((part,) for part in parts))


def list_text(values):
    """Values as one phrase: "a, b, c" (or "(none)")."""
    values = [str(value) for value in values]
    return _(", ").join(values) if values else _("(none)")
