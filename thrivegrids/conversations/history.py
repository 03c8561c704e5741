"""A young person's conversations over time, as their record page shows them: the timeline and
the THRIVE needs-based group history."""

from django.db.models import Prefetch
from django.urls import reverse

from thrivegrids.conversations.models import ConversationGrid, VoiceRole
from thrivegrids.conversations.presenters import grid_label, option_name, person_name, when
from thrivegrids.conversations.priorities import priority_label


def timeline(young_person):
    """Conversations newest first: date, grids, decision, chosen options, what the young person
    said matters, and how their priorities changed since the conversation before."""
    # The grids shown with their versions, grids and topics in one query, not one per level.
    grids = ConversationGrid.objects.select_related("version__grid__topic")
    conversations = list(
        young_person.conversations.order_by("held_on", "created_at").prefetch_related(
            Prefetch("grids", queryset=grids), "options_chosen", "voices"
        )
    )
    entries, previous = [], set()
    for conversation in conversations:
        voice = next(
            (v for v in conversation.voices.all() if v.role == VoiceRole.YOUNG_PERSON), None
        )
        priorities = set(voice.priorities) if voice else set()
        entries.append(
            {
                "href": reverse("conversations:show_conversation", args=[conversation.pk]),
                "held_on": conversation.held_on,
                "is_recorded": conversation.is_recorded,
                "grids": [grid_label(item.version) for item in conversation.grids.all()],
                "decision": conversation.get_decision_display() if conversation.decision else "",
                "chosen": [option_name(o) for o in conversation.options_chosen.all()],
                "next_steps": conversation.next_steps,
                "what_matters": voice.what_matters if voice else "",
                "priorities": [
                    priority_label(slug) for slug in (voice.priorities if voice else [])
                ],
                "priorities_added": sorted(priority_label(s) for s in priorities - previous)
                if entries
                else [],
                "priorities_dropped": sorted(priority_label(s) for s in previous - priorities),
            }
        )
        previous = priorities
    return list(reversed(entries))


def needs_group_history(young_person):
    """The needs-based group history, newest first: group, reason, when, by whom."""
    return [
        {
            "group": assignment.get_group_display(),
            "reason": assignment.reason,
            "when": when(assignment.assigned_at),
            "when_iso": assignment.assigned_at.isoformat(),
            "by": person_name(assignment.assigned_by),
        }
        for assignment in young_person.needs_groups.select_related("assigned_by")
    ]
