"""What other apps may use from conversations; everything else is the conversations' own business.

The record page shows a young person's conversations and needs-based groups; feedback (measures)
is asked of the voices of a recorded conversation, through its summary link.
"""

from thrivegrids.conversations.history import needs_group_history, timeline
from thrivegrids.conversations.models import Conversation, SummaryLanguage, VoiceRole
from thrivegrids.conversations.services import record_conversation_read
from thrivegrids.conversations.summaries.links import (
    live_summary_link,
    record_summary_link_view,
    summary_link_for_viewing,
)

__all__ = [
    "Conversation",
    "SummaryLanguage",
    "VoiceRole",
    "live_summary_link",
    "needs_group_history",
    "record_conversation_read",
    "record_summary_link_view",
    "summary_link_for_viewing",
    "timeline",
]
