"""The team page (aggregates, suppressed) and the practitioner's mirror questions.

A conversation is fetched through Conversation.objects.for_organisation(the active organisation),
so another organisation's conversation is a 404. Each page writes exactly one audit event.
"""

import contextlib

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from thrivegrids.accounts.active import current_organisation
from thrivegrids.accounts.decorators import require_permission
from thrivegrids.accounts.permissions import Permission
from thrivegrids.conversations.models import Conversation, VoiceRole
from thrivegrids.conversations.services import record_conversation_read
from thrivegrids.measures import presenters, services
from thrivegrids.measures.forms import AnswersForm, PeriodForm
from thrivegrids.measures.models import Instrument, Response


@require_permission(Permission.VIEW_AGGREGATES)
@require_safe
def team_page(request):
    organisation = current_organisation(request)
    form = PeriodForm(request.GET or None)
    start, end = form.period()
    report = presenters.team_report(presenters.organisations_within(organisation), start, end)
    services.record_team_page_view(
        by=request.user, organisation=organisation, start=start, end=end, request=request
    )
    context = {"organisation": organisation, "form": form, "start": start, "end": end, **report}
    return render(request, "measures/team_page.jinja", context)


@require_permission(Permission.EDIT_YOUNG_PEOPLE)
@require_http_methods(["GET", "POST"])
def answer_practitioner_feedback(request, pk):
    conversation = get_object_or_404(
        Conversation.objects.for_organisation(current_organisation(request)).filter(
            status=Conversation.Status.RECORDED
        ),
        pk=pk,
    )
    role = VoiceRole.PRACTITIONER
    answered = services.answered_instruments(conversation, role)
    instruments = [
        i
        for i in Instrument.objects.latest_for_role(conversation.organisation, role)
        if i.pk not in answered
    ]
    form = AnswersForm(
        request.POST if request.method == "POST" and instruments else None,
        instruments=instruments,
        language=request.LANGUAGE_CODE,
    )
    if request.method == "POST" and instruments and form.is_valid():
        # Answered in another tab meanwhile: the page it redirects to says so.
        with contextlib.suppress(services.AlreadyAnswered):
            services.record_responses(
                by=request.user,
                conversation=conversation,
                respondent_role=role,
                language=request.LANGUAGE_CODE,
                answers_by_instrument=form.answers_by_instrument(),
                request=request,
            )
        return redirect("measures:answer_practitioner_feedback", conversation.pk)
    record_conversation_read(
        by=request.user, conversation=conversation, request=request, purpose="practitioner-feedback"
    )
    context = {
        "conversation": conversation,
        "form": form,
        "answered": Response.objects.filter(
            conversation=conversation, respondent_role=role
        ).select_related("instrument"),
    }
    return render(request, "measures/answer_practitioner_feedback.jinja", context)
