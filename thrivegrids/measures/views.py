"""The team page (aggregates, suppressed), the practitioner's mirror questions, and the feedback
links a practitioner hands to the young person and their parent or carer.

A conversation is fetched through Conversation.objects.for_organisation(the active organisation),
so another organisation's conversation is a 404. Each page writes exactly one audit event.
"""

import contextlib

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from thrivegrids.accounts.active import current_organisation
from thrivegrids.accounts.decorators import require_permission
from thrivegrids.accounts.permissions import Permission
from thrivegrids.conversations.public import (
    SummaryLanguage,
    VoiceRole,
)
from thrivegrids.measures import presenters, services
from thrivegrids.measures.feedback.links import PUBLIC_ROLES
from thrivegrids.measures.forms import AnswersForm, PeriodForm
from thrivegrids.measures.models import Instrument, Response


@require_permission(Permission.VIEW_AGGREGATES)
@require_safe
def team_page(request):
    organisation = current_organisation(request)
    form = PeriodForm(request.GET or None)
    period = form.chosen()
    report = services.team_figures_for_reading(
        by=request.user,
        organisation=organisation,
        period=period,
        periods=form.offered,
        request=request,
    )
    context = {"organisation": organisation, "form": form, "period": period, **report}
    return render(request, "measures/team_page.jinja", context)


def _recorded_conversation_for_reading(request, pk, purpose):
    return services.recorded_conversation_for_reading(
        by=request.user,
        organisation=current_organisation(request),
        pk=pk,
        request=request,
        purpose=purpose,
    )


@require_permission(Permission.EDIT_YOUNG_PEOPLE)
@require_safe
def share_feedback_links(request, pk):
    conversation = _recorded_conversation_for_reading(request, pk, "feedback-links")
    answered = {role: services.answered_instruments(conversation, role) for role in PUBLIC_ROLES}
    # Each person may read a different language: the links come in the one asked for.
    language = request.GET.get("language")
    if language not in SummaryLanguage.values:
        language = conversation.summary_language
    context = {
        "conversation": conversation,
        "language": language,
        "languages": presenters.feedback_link_languages(language),
        "cards": presenters.feedback_link_cards(request, conversation, answered, language=language),
        "back_href": reverse("summaries:share_summary", args=[conversation.pk]),
    }
    response = render(request, "measures/share_feedback_links.jinja", context)
    response["Cache-Control"] = "no-store"  # the links answer for someone
    return response


@require_permission(Permission.EDIT_YOUNG_PEOPLE)
@require_http_methods(["GET", "POST"])
def answer_practitioner_feedback(request, pk):
    conversation = services.recorded_conversation_to_change(
        organisation=current_organisation(request), pk=pk
    )
    role, now = VoiceRole.PRACTITIONER, timezone.now()
    answered = services.answered_instruments(conversation, role)
    unanswered = [
        i
        for i in Instrument.objects.latest_for_role(conversation.organisation, role)
        if i.pk not in answered
    ]
    instruments = [i for i in unanswered if i.is_open_for(conversation, now)]
    form = AnswersForm(
        request.POST if request.method == "POST" and instruments else None,
        instruments=instruments,
        language=request.LANGUAGE_CODE,
    )
    if request.method == "POST" and instruments and form.is_valid():
        # Answered in another tab meanwhile, or closed since: the page it redirects to says so.
        with contextlib.suppress(services.AlreadyAnswered, services.AnsweringClosed):
            services.record_responses(
                by=request.user,
                conversation=conversation,
                respondent_role=role,
                language=request.LANGUAGE_CODE,
                answers_by_instrument=form.answers_by_instrument(),
                request=request,
                now=now,
            )
        return redirect("measures:answer_practitioner_feedback", conversation.pk)
    # The page shows the conversation (and what was typed): that is a read.
    conversation = _recorded_conversation_for_reading(request, pk, "practitioner-feedback")
    context = {
        "conversation": conversation,
        "form": form,
        "answered": list(
            Response.objects.filter(conversation=conversation, respondent_role=role).select_related(
                "instrument"
            )
        ),
        "closed": [
            (i, timezone.localdate(i.closes_at(conversation)))
            for i in unanswered
            if i not in instruments
        ],
    }
    return render(request, "measures/answer_practitioner_feedback.jinja", context)
