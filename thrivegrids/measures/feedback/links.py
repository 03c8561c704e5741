"""Feedback links: one for each person who answers (young person, parent or carer) per conversation.

The token names the conversation and the respondent, signed with the project's secret key
(django.core.signing), so it cannot be made or changed without that key: a parent holding their
own link, or the summary link, cannot make the young person's. Nothing is stored. A link takes
one answer per respondent, and only until its instruments' answering windows close.
"""

from django.core import signing
from django.urls import reverse
from django.utils import translation

from thrivegrids.conversations.public import Conversation, VoiceRole

PUBLIC_ROLES = (VoiceRole.YOUNG_PERSON, VoiceRole.PARENT_CARER)
# The respondent as the address shows it ("42-parent-carer.<signature>").
ROLE_SLUGS = {VoiceRole.YOUNG_PERSON: "young-person", VoiceRole.PARENT_CARER: "parent-carer"}
SALT = "thrivegrids.measures.feedback-link"
MAX_TOKEN_LENGTH = 200


def _signer():
    # Built per call so that it reads the current SECRET_KEY (and its fallbacks).
    return signing.Signer(salt=SALT, sep=".")


def feedback_token(conversation, role):
    """The token for `role`'s answers about `conversation`."""
    return _signer().sign(f"{conversation.pk}-{ROLE_SLUGS[role]}")


def read_feedback_token(token):
    """(conversation pk, respondent role) for a genuine token, else None."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        value = _signer().unsign(token)
    except signing.BadSignature:
        return None
    pk, _, slug = value.partition("-")
    roles = [role for role, role_slug in ROLE_SLUGS.items() if role_slug == slug]
    if not pk.isdigit() or not roles:
        return None
    return int(pk), roles[0]


def conversation_for_token(token):
    """(recorded conversation, respondent role) for a genuine token, else (None, None)."""
    found = read_feedback_token(token)
    if found is None:
        return None, None
    pk, role = found
    conversation = (
        Conversation.objects.filter(pk=pk, status=Conversation.Status.RECORDED)
        .select_related("organisation")
        .first()
    )
    return (conversation, role) if conversation is not None else (None, None)


def feedback_url(conversation, role, language):
    """The public feedback page for `role`, under `language`'s prefix (/... or /ar/...)."""
    with translation.override(language):
        return reverse("feedback:answer_feedback", args=[feedback_token(conversation, role)])
