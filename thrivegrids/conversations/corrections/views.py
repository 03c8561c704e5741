"""Correcting a recorded conversation, and the corrections made so far (staff only).

Fetched through the services within the active organisation (another organisation's is a 404); a
draft has nothing to correct (404); only its recorder or a team lead may correct it (403). Each
request writes one audit event: the correction itself, or the read of the page that shows it.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from thrivegrids.accounts.active import current_membership
from thrivegrids.accounts.decorators import require_permission
from thrivegrids.accounts.permissions import Permission
from thrivegrids.conversations import conflicts, fetch, presenters, services
from thrivegrids.conversations.corrections import presenters as shown
from thrivegrids.conversations.corrections import services as correcting
from thrivegrids.conversations.corrections.forms import CorrectionForm
from thrivegrids.conversations.drafts import EditConflict, draft_of

# Problems before recording that belong to a field other than their own name.
PROBLEM_FIELDS = {"voice:young_person": "young_person-what_matters"}


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def _for_page(request, pk, purpose):
    """The conversation for the correction page, with its one read event (404 or 403 first)."""
    return correcting.conversation_for_correcting(
        by=request.user,
        membership=current_membership(request),
        pk=pk,
        request=request,
        purpose=purpose,
    )


@require_permission(Permission.EDIT_YOUNG_PEOPLE)
@require_http_methods(["GET", "POST"])
def correct_conversation(request, pk):
    if request.method == "GET":
        conversation = _for_page(request, pk, "correct")
        options = list(services.options_shown(conversation))
        initial = CorrectionForm.initial_for(conversation.revision, draft_of(conversation))
        return _page(
            request, conversation, CorrectionForm(initial=initial, options=options), options
        )
    return _correct(request, pk)


def _correct(request, pk):
    """Correct and go to the summary, or show the form again with what was typed (one event)."""
    membership = current_membership(request)
    conversation = correcting.conversation_to_correct(membership=membership, pk=pk)
    options = list(services.options_shown(conversation))
    form = CorrectionForm(
        request.POST, options=options, recorded_follow_up=conversation.follow_up_on
    )
    if form.is_valid():
        try:
            correcting.correct_conversation(
                by=request.user,
                conversation=conversation,
                base_revision=form.cleaned_data["revision"],
                content=form.content(draft_of(conversation)),
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except EditConflict as error:
            return _conflict_page(request, error, form.cleaned_data["reason"], options)
        except ValidationError as error:
            _add_problems(form, error)
        else:
            return redirect(reverse("summaries:show_summary", args=[pk]) + "?corrected=1")
    return _page(request, _for_page(request, pk, "correct"), form, options)


def _add_problems(form, error):
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, messages in error.message_dict.items():
        name = PROBLEM_FIELDS.get(name, name)
        form.add_error(name if name in form.fields else None, messages)


def _conflict_page(request, error, reason, options):
    """Someone corrected the record while this user was correcting it: nothing is saved. The form
    holds what this user typed, with the other person's changes to fields this user did not touch
    taken in (error.merged), at the new revision; fields both changed are listed to check."""
    conversation = _for_page(request, error.conversation.pk, "correct_conflict")
    form = CorrectionForm(
        initial=CorrectionForm.initial_for(conversation.revision, error.merged, reason),
        options=options,
    )
    conflict = conflicts.conflict(error, presenters.option_names(options))
    return _page(request, conversation, form, options, conflict=conflict)


def _page(request, conversation, form, options, *, conflict=None):
    context = {
        "conversation": conversation,
        "young_person": conversation.young_person,
        "form": form,
        "page": presenters.ConversationPage(form, options),
        "conflict": conflict,
        "summary_href": reverse("summaries:show_summary", args=[conversation.pk]),
    }
    return _no_store(
        render(
            request,
            "conversations/correct_conversation.jinja",
            context,
            status=409 if conflict else 200,
        )
    )


@require_permission(Permission.VIEW_YOUNG_PEOPLE)
@require_safe
def show_corrections(request, pk):
    conversation = fetch.for_reading(request, pk, "corrections")
    names = presenters.option_names(services.options_shown(conversation))
    context = {
        "conversation": conversation,
        "young_person": conversation.young_person,
        "history": shown.history(correcting.with_corrections(conversation), names),
        "summary_href": reverse("summaries:show_summary", args=[conversation.pk]),
        "can_correct": conversation.may_be_corrected_by(current_membership(request)),
    }
    return _no_store(render(request, "conversations/show_corrections.jinja", context))
