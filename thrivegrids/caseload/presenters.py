"""Young people's records and their audit trail -> what the NHS.UK table and summary list take."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thrivegrids.core.models import AuditEvent
from thrivegrids.records.public import YoungPerson

NOT_GIVEN = gettext_lazy("Not given")
ACTIONS = {
    "young_person.create": gettext_lazy("Added the record"),
    "young_person.update": gettext_lazy("Changed the record"),
    "young_person.view": gettext_lazy("Looked at the record"),
    "young_person.list": gettext_lazy("Looked at the list of young people"),
    "audit_trail.view": gettext_lazy("Looked at the audit trail"),
    "membership.add": gettext_lazy("Gave someone a role in the organisation"),
    "membership.change": gettext_lazy("Changed someone's role in the organisation"),
    "conversation.create": gettext_lazy("Started a conversation"),
    "conversation.save_draft": gettext_lazy("Saved a conversation draft"),
    "conversation.record": gettext_lazy("Recorded a conversation"),
    "conversation.view": gettext_lazy("Looked at a conversation"),
    "young_person.needs_group": gettext_lazy("Added a THRIVE needs-based group"),
}
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


def audit_rows(organisation, *, young_person=None, limit=200):
    """The organisation's audit events, newest first, as table rows (who, what, which record, when)."""
    events = AuditEvent.objects.filter(organisation=organisation).select_related("actor")
    if young_person is not None:
        events = events.filter(target_type=RECORD_TYPE, target_id=str(young_person.pk))
    events = list(events[:limit])
    record_ids = {e.target_id for e in events if e.target_type == RECORD_TYPE}
    references = dict(
        YoungPerson.objects.for_organisation(organisation)
        .filter(pk__in=record_ids)
        .values_list("pk", "local_reference")
    )
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
        {"text": str(ACTIONS.get(event.action, event.action))},
        {"text": record},
        {"html": format_html('<code dir="ltr">{}</code>', request_id) if request_id else ""},
    ]


def _link(href, text):
    return format_html('<a href="{}">{}</a>', href, text)
