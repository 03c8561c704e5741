"""Young people's records and their audit trail -> what the NHS.UK table and summary list take."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thrivegrids.core.audit import action_label
from thrivegrids.records.public import YoungPerson

NOT_GIVEN = gettext_lazy("Not given")
RECORD_TYPE = YoungPerson._meta.label_lower


def age(young_person):
    if young_person.year_of_birth:
        return _("Born %(year)s") % {"year": young_person.year_of_birth}
    return young_person.get_age_band_display() or str(NOT_GIVEN)


def list_rows(young_people):
    """Rows for the NHS.UK table macro: reference (a link), age, preferred language."""
    return [
        [
            {
                "html": _link(
                    reverse("caseload:show_young_person", args=[person.pk]), person.local_reference
                )
            },
            {"text": age(person)},
            {"text": person.get_preferred_language_display()},
        ]
        for person in young_people
    ]


def summary_rows(young_person, *, can_edit):
    """Rows for the NHS.UK summary list macro, each with a change link when the user may edit."""
    edit = reverse("caseload:edit_young_person", args=[young_person.pk])
    facts = [
        (_("Local reference"), young_person.local_reference),
        (_("Age"), age(young_person)),
        (_("Preferred language"), young_person.get_preferred_language_display()),
        (_("NHS number"), young_person.nhs_number_display or str(NOT_GIVEN)),
        (_("Parent or carer"), young_person.parent_carer_name or str(NOT_GIVEN)),
    ]
    rows = []
    for key, value in facts:
        row = {"key": {"text": key}, "value": {"text": value}}
        if can_edit:
            row["actions"] = {
                "items": [{"href": edit, "text": _("Change"), "visuallyHiddenText": key}]
            }
        rows.append(row)
    return rows


def audit_rows(events, references):
    """Audit events as table rows (who, what, which record, when); `references` maps record pks
    to local references."""
    return [_audit_row(event, references) for event in events]


def _audit_row(event, references):
    record = ""
    if event.target_type == RECORD_TYPE:
        record = references.get(int(event.target_id), event.target_id)
    who = event.actor.get_username() if event.actor else event.actor_label
    when = localtime(event.occurred_at)
    request_id = event.request_id[:12]
    return [
        {
            "html": format_html(
                '<time datetime="{}" dir="ltr">{}</time>',
                when.isoformat(),
                when.strftime("%Y-%m-%d %H:%M:%S"),
            )
        },
        {"text": who},
        {"text": str(action_label(event.action))},
        {"text": record},
        {"html": format_html('<code dir="ltr">{}</code>', request_id) if request_id else ""},
    ]


def _link(href, text):
    return format_html('<a href="{}">{}</a>', href, text)
