"""Feedback links for staff to hand out: each person's link, its QR code and its state."""

from django.utils import timezone
from django.utils.translation import gettext_lazy

from thrivegrids.conversations.public import SummaryLanguage, VoiceRole
from thrivegrids.core.qr import qr_code_svg
from thrivegrids.measures.feedback.links import PUBLIC_ROLES, feedback_url
from thrivegrids.measures.models import Instrument

FEEDBACK_LINK_HEADINGS = {
    VoiceRole.YOUNG_PERSON: gettext_lazy("For the young person"),
    VoiceRole.PARENT_CARER: gettext_lazy("For the parent or carer"),
}
FEEDBACK_LINK_LABELS = {
    VoiceRole.YOUNG_PERSON: gettext_lazy("Feedback link for the young person"),
    VoiceRole.PARENT_CARER: gettext_lazy("Feedback link for the parent or carer"),
}


def feedback_link_languages(current):
    """Links to show the feedback links in each summary language (the current one marked)."""
    return [
        {"value": value, "label": label, "current": value == current}
        for value, label in SummaryLanguage.choices
    ]


def feedback_link_cards(request, conversation, answered_by_role, now=None, language=None):
    """For each person who answers from their own phone: their link, its QR code and its state.

    `answered_by_role` maps each role to the pks of the instruments it has answered. The links
    are in `language` (default: the summary's). A link is "open", "answered" or "closed" (its window ended).
    """
    now = now or timezone.now()
    cards = []
    for role in PUBLIC_ROLES:
        instruments = Instrument.objects.latest_for_role(conversation.organisation, role)
        if not instruments:
            continue
        unanswered = [i for i in instruments if i.pk not in answered_by_role[role]]
        still_open = [i for i in unanswered if i.is_open_for(conversation, now)]
        state = "answered" if not unanswered else "open" if still_open else "closed"
        closes_at = max(i.closes_at(conversation) for i in still_open or instruments)
        address = request.build_absolute_uri(
            feedback_url(conversation, role, language or conversation.summary_language)
        )
        cards.append(
            {
                "role": role,
                "id": f"feedback-link-{role.replace('_', '-')}",
                "heading": FEEDBACK_LINK_HEADINGS[role],
                "label": FEEDBACK_LINK_LABELS[role],
                "state": state,
                "address": address if state == "open" else "",
                "qr": qr_code_svg(address) if state == "open" else "",
                "closes_on": timezone.localdate(closes_at),
            }
        )
    return cards
