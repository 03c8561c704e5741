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

from thrivegrids.conversations.public import summary_link_for_viewing
from thrivegrids.core.link_pages import private
from thrivegrids.core.throttle import limit_link_page_requests
from thrivegrids.measures import services
from thrivegrids.measures.feedback import visits
from thrivegrids.measures.forms import AnswersForm

FEEDBACK_ACTOR = "feedback through a feedback link"


def _private(response):
    # Not "no-referrer" as on the summary page: under it a browser sends "Origin: null" with the
    # answers form's POST, which Django's CSRF check rightly refuses. "same-origin" still keeps
    # the token in this address from every other site.
    return private(response, Referrer_Policy="same-origin", X_Robots_Tag="noindex")


TEMPLATES = {
    "thanks": "measures/feedback_thanks.jinja",
    "closed": "measures/feedback_closed.jinja",
    "answer": "measures/answer_feedback.jinja",
}


def _summary_link_address(request, token):
    """The address under a summary link: no answers, only where to find your own link."""
    link = summary_link_for_viewing(token, request=request, purpose="feedback")
    if link is None:
        return _private(render(request, "measures/feedback_not_found.jinja", status=404))
    context = {"conversation": link.conversation}
    return _private(render(request, "measures/feedback_use_your_own_link.jinja", context))


@login_not_required
@limit_link_page_requests
@require_http_methods(["GET", "POST"])
def answer_feedback(request, token):
    now = timezone.now()
    if request.method == "POST":
        visit = visits.feedback_visit(token, now=now)
        if visit is not None and visit.page == "answer":
            return _answer(request, token, visit, now)
    return _show(request, token, now)


def _answer(request, token, visit, now):
    """Store the answers (that is the request's one audit event), or show the page again."""
    language = get_language()
    form = AnswersForm(request.POST, instruments=visit.instruments, language=language)
    if not form.is_valid():
        return _show(request, token, now, form=form)
    try:
        services.record_responses(
            by=None,
            actor_label=FEEDBACK_ACTOR,
            conversation=visit.conversation,
            respondent_role=visit.role,
            language=language,
            answers_by_instrument=form.answers_by_instrument(),
            request=request,
            now=now,
        )
    except services.AlreadyAnswered:
        return _show(request, token, now, already=True)
    except services.AnsweringClosed:
        return _show(request, token, now)
    context = {"conversation": visit.conversation, "role": visit.role, "token": token}
    return _private(render(request, "measures/feedback_thanks.jinja", context))


def _show(request, token, now, *, form=None, already=False):
    """The page the link shows now, its view audited (a summary link's address, or a 404)."""
    visit = visits.feedback_visit_for_reading(token, now=now, request=request)
    if visit is None:
        return _summary_link_address(request, token)
    context = {"conversation": visit.conversation, "role": visit.role, "token": token}
    if visit.page == "thanks":
        context |= {"already": already or bool(visit.every), "nothing": not visit.every}
    elif visit.page == "closed":
        closes_at = max(instrument.closes_at(visit.conversation) for instrument in visit.unanswered)
        context |= {"closed_on": timezone.localdate(closes_at)}
    else:
        context["form"] = form or AnswersForm(
            instruments=visit.instruments, language=get_language()
        )
    return _private(render(request, TEMPLATES[visit.page], context))
