"""A visit to a feedback link: whose questions, which are still open, and its one audit event."""

from dataclasses import dataclass

from thrivegrids.measures import services
from thrivegrids.measures.feedback import links
from thrivegrids.measures.models import Instrument


@dataclass(frozen=True)
class FeedbackVisit:
    conversation: object
    role: str
    every: list  # the instruments this role is asked
    unanswered: list  # ...of those, the ones not answered yet
    instruments: list  # ...of those, the ones still open to answer

    @property
    def page(self):
        """Which page the link shows: the questions, thanks, or "answering has closed"."""
        if not self.unanswered:
            return "thanks"
        if not self.instruments:
            return "closed"
        return "answer"


def feedback_visit(token, *, now):
    """The visit for a genuine feedback token, or None; writes nothing (an answer is audited)."""
    conversation, role = links.conversation_for_token(token)
    if conversation is None:
        return None
    every = list(Instrument.objects.latest_for_role(conversation.organisation, role))
    answered = services.answered_instruments(conversation, role)
    unanswered = [i for i in every if i.pk not in answered]
    instruments = [i for i in unanswered if i.is_open_for(conversation, now)]
    return FeedbackVisit(conversation, role, every, unanswered, instruments)


def feedback_visit_for_reading(token, *, now, request=None):
    """As feedback_visit, for showing a page: the view of that page is the one audit event."""
    visit = feedback_visit(token, now=now)
    if visit is not None:
        services.record_feedback_link_view(
            conversation=visit.conversation,
            respondent_role=visit.role,
            request=request,
            purpose="closed" if visit.page == "closed" else "answer",
        )
    return visit
