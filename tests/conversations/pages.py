"""What the conversation page tests share: audit marks, the form as the page posts it, addresses."""

from django.urls import reverse

from thrivegrids.conversations import drafts, services
from thrivegrids.conversations.forms import ConversationForm
from thrivegrids.core.models import AuditEvent


def last_event():
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def events(since):
    """Audit actions written after `since` (a last_event()), oldest first."""
    actions = AuditEvent.objects.filter(pk__gt=since).order_by("pk")
    return list(actions.values_list("action", flat=True))


def form_data(conversation, **changes):
    """What the working page posts for the conversation as saved, with `changes` typed over it."""
    draft = drafts.draft_of(conversation)
    initial = ConversationForm.initial_for(conversation, draft)
    data = {key: value for key, value in initial.items() if value not in (None, False, "")}
    if data.get("parent_carer_present"):
        data["parent_carer_present"] = "on"
    data.update(changes)
    return data


def option_pks(conversation, count=2):
    return [str(pk) for pk in services.options_shown(conversation).values_list("pk", flat=True)][
        :count
    ]


def url(name, conversation, **kwargs):
    return reverse(f"conversations:{name}", kwargs={"pk": conversation.pk, **kwargs})
