"""The public feedback page, reached from a feedback link (or its QR code) made for one person.

Nobody signs in: the link is the key, and it names who answers (the young person, or a parent or
carer), so nobody chooses or changes that on the page (measures.feedback.links). Links that are
not genuine are a friendly 404. A take-away summary link's own feedback address still works but
takes no answers: it says that each person answers through their own link. Each request writes
exactly one audit event: the answers stored, or else a view of the page.
"""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from thrivegrids.conversations.public import live_summary_link, record_summary_link_view
from thrivegrids.core.link_pages import private
from thrivegrids.measures import services
from thrivegrids.measures.feedback import links
from thrivegrids.measures.forms import AnswersForm
from thrivegrids.measures.models import Instrument

FEEDBACK_ACTOR = "feedback through a feedback link"


def _private(response):
    # Not "no-referrer" as on the summary page: under it a browser sends "Origin: null" with the
    # answers form's POST, which Django's CSRF check rightly refuses. "same-origin" still keeps
    # the token in this address from every other site.
    return private(response, Referrer_Policy="same-origin", X_Robots_Tag="noindex")


def _page(request, conversation, role, template, context, purpose="answer"):
    services.record_feedback_link_view(
        conversation=conversation, respondent_role=role, request=request, purpose=purpose
    )
    return _private(render(request, template, context))


def _closed(request, conversation, role, instruments, context):
    closes_at = max(instrument.closes_at(conversation) for instrument in instruments)
    context |= {"closed_on": timezone.localdate(closes_at)}
    return _page(request, conversation, role, "measures/feedback_closed.jinja", context, "closed")


def _summary_link_address(request, token):
    """The address under a summary link: no answers, only where to find your own link."""
    link = live_summary_link(token)
    if link is None:
        return _private(render(request, "measures/feedback_not_found.jinja", status=404))
    record_summary_link_view(link=link, request=request, purpose="feedback")
    context = {"conversation": link.conversation}
    return _private(render(request, "measures/feedback_use_your_own_link.jinja", context))


@login_not_required
@require_http_methods(["GET", "POST"])
def answer_feedback(request, token):
    conversation, role = links.conversation_for_token(token)
    if conversation is None:
        return _summary_link_address(request, token)
    now, language = timezone.now(), get_language()
    context = {"conversation": conversation, "role": role, "token": token}
    every = Instrument.objects.latest_for_role(conversation.organisation, role)
    answered = services.answered_instruments(conversation, role)
    unanswered = [i for i in every if i.pk not in answered]
    instruments = [i for i in unanswered if i.is_open_for(conversation, now)]
    if not unanswered:  # all answered already, or nothing to answer
        context |= {"already": bool(every), "nothing": not every}
        return _page(request, conversation, role, "measures/feedback_thanks.jinja", context)
    if not instruments:
        return _closed(request, conversation, role, unanswered, context)
    form = AnswersForm(
        request.POST if request.method == "POST" else None,
        instruments=instruments,
        language=language,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_responses(
                by=None,
                actor_label=FEEDBACK_ACTOR,
                conversation=conversation,
                respondent_role=role,
                language=language,
                answers_by_instrument=form.answers_by_instrument(),
                request=request,
                now=now,
            )
        except services.AlreadyAnswered:
            context["already"] = True
            return _page(request, conversation, role, "measures/feedback_thanks.jinja", context)
        except services.AnsweringClosed:
            return _closed(request, conversation, role, instruments, context)
        return _private(render(request, "measures/feedback_thanks.jinja", context))
    return _page(
        request, conversation, role, "measures/answer_feedback.jinja", context | {"form": form}
    )
