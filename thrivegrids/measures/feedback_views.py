"""The public feedback page, reached from a take-away summary link (or its QR code).

Nobody signs in: the link is the key. Unknown, expired and revoked links are the same 404. Who is
answering travels in the form and query string, never the session. Each request writes exactly
one audit event: the answers stored, or else a view through the link.
"""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from thrivegrids.conversations.services import live_summary_link, record_summary_link_view
from thrivegrids.conversations.shared_views import private
from thrivegrids.measures import services
from thrivegrids.measures.forms import PUBLIC_ROLES, AnswersForm, RespondentForm
from thrivegrids.measures.models import Instrument

FEEDBACK_ACTOR = "feedback through a summary link"


def _private(response):
    # Not "no-referrer" as on the summary page: under it a browser sends "Origin: null" with the
    # answers form's POST, which Django's CSRF check rightly refuses. "same-origin" still keeps
    # the token in this address from every other site.
    return private(response, Referrer_Policy="same-origin", X_Robots_Tag="noindex")


def _page(request, link, template, context, status=200):
    record_summary_link_view(link=link, request=request, purpose="feedback")
    return _private(render(request, template, context, status=status))


@login_not_required
@require_http_methods(["GET", "POST"])
def answer_feedback(request, token):
    link = live_summary_link(token)
    if link is None:
        return _private(render(request, "measures/feedback_not_found.jinja", status=404))
    conversation, language = link.conversation, get_language()
    organisation = conversation.organisation
    roles = [r for r in PUBLIC_ROLES if Instrument.objects.latest_for_role(organisation, r)]
    context = {"conversation": conversation, "token": token}
    choice = RespondentForm(request.POST if request.method == "POST" else request.GET, roles=roles)
    if len(roles) == 1:
        choice = RespondentForm({"role": roles[0]}, roles=roles)
    if not roles or not choice.is_valid():
        shown_errors = "role" in request.GET or request.method == "POST"
        context |= {"choice": choice if shown_errors else RespondentForm(roles=roles)}
        return _page(request, link, "measures/choose_respondent.jinja", context)
    role = choice.cleaned_data["role"]
    answered = services.answered_instruments(conversation, role)
    instruments = [
        i for i in Instrument.objects.latest_for_role(organisation, role) if i.pk not in answered
    ]
    context |= {"role": role, "single_role": len(roles) == 1}
    if not instruments:
        return _page(request, link, "measures/feedback_thanks.jinja", context | {"already": True})
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
            )
        except services.AlreadyAnswered:
            context["already"] = True
            return _page(request, link, "measures/feedback_thanks.jinja", context)
        return _private(render(request, "measures/feedback_thanks.jinja", context))
    return _page(request, link, "measures/answer_feedback.jinja", context | {"form": form})
