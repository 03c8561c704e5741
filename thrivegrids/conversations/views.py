"""Conversation pages: start one from a young person, work on the draft (saved as you type), show a
grid in the room, and record the outcome.

Conversations are fetched only through Conversation.objects.for_organisation(the active
organisation): another organisation's is a 404. Each request that shows or changes a conversation
writes one audit event: writes through the services, pages that only show through
services.record_conversation_read (never both for one save).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_POST

from thrivegrids.accounts.active import current_membership, current_organisation
from thrivegrids.accounts.decorators import require_permission
from thrivegrids.accounts.permissions import Permission
from thrivegrids.conversations import presenters, services
from thrivegrids.conversations.forms import (
    ConversationForm,
    OptionsDiscussedForm,
    StartConversationForm,
)
from thrivegrids.conversations.models import Conversation, VoiceRole
from thrivegrids.directory import public as directory
from thrivegrids.grids.public import GridPresenter, GridVersion
from thrivegrids.records.public import YoungPerson, record_young_person_read

# Problems before recording that belong to a field other than their own name.
PROBLEM_FIELDS = {"voice:young_person": "young_person-what_matters"}


def _conversation(request, pk):
    conversations = Conversation.objects.for_organisation(current_organisation(request))
    return get_object_or_404(conversations.select_related("young_person", "updated_by"), pk=pk)


def _can_edit(request):
    return current_membership(request).has_permission(Permission.EDIT_YOUNG_PEOPLE)


def _latest_published_versions():
    """The latest published version of each grid, in topic order (NHS and community side by side)."""
    latest = {}
    versions = GridVersion.objects.published().select_related("grid__topic")
    for version in versions.order_by("grid__topic__position", "grid__setting", "-number"):
        latest.setdefault(version.grid_id, version)
    return list(latest.values())


@require_permission(Permission.EDIT_YOUNG_PEOPLE)
@require_http_methods(["GET", "POST"])
def start_conversation(request, pk):
    young_person = get_object_or_404(
        YoungPerson.objects.for_organisation(current_organisation(request)), pk=pk
    )
    versions = _latest_published_versions()
    previous = young_person.conversations.order_by("-held_on", "-created_at").first()
    # Coming back: the same grids as last time are ticked (at their latest published version).
    last_grids = set(previous.grids.values_list("version__grid", flat=True)) if previous else set()
    form = StartConversationForm(
        request.POST if request.method == "POST" else None,
        versions=versions,
        initial={"versions": [str(v.pk) for v in versions if v.grid_id in last_grids]},
    )
    if request.method == "POST" and form.is_valid():
        conversation = services.start_conversation(
            by=request.user,
            young_person=young_person,
            versions=form.chosen_versions(),
            request=request,
        )
        return redirect("conversations:show_conversation", conversation.pk)
    record_young_person_read(
        by=request.user, young_person=young_person, request=request, purpose="start_conversation"
    )
    context = {"young_person": young_person, "form": form, "previous": previous}
    context["topics"] = presenters.version_choices(versions, form["versions"].value())
    return render(request, "conversations/start_conversation.jinja", context)


@require_permission(Permission.VIEW_YOUNG_PEOPLE)
@require_http_methods(["GET", "POST"])
def show_conversation(request, pk):
    conversation = _conversation(request, pk)
    if request.method == "POST":
        return _save_draft(request, conversation)
    services.record_conversation_read(by=request.user, conversation=conversation, request=request)
    return _page(request, conversation)


def _save_draft(request, conversation):
    """The no-JavaScript "Save draft": save and redirect, or show the form again (one event)."""
    if not _can_edit(request):
        raise PermissionDenied
    if conversation.is_recorded:
        return redirect("conversations:show_conversation", conversation.pk)
    form = ConversationForm(request.POST, options=services.options_shown(conversation))
    if form.is_valid():
        try:
            services.save_draft(
                by=request.user,
                conversation=conversation,
                base_revision=form.cleaned_data["revision"],
                draft=form.draft(held_on=conversation.held_on),
                request=request,
            )
        except services.EditConflict as error:
            return _conflict_page(request, conversation, form, error)
        except services.ConversationAlreadyRecorded:
            return redirect("conversations:show_conversation", conversation.pk)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            url = reverse("conversations:show_conversation", args=[conversation.pk])
            return redirect(f"{url}?saved=1")
    services.record_conversation_read(
        by=request.user, conversation=conversation, request=request, purpose="edit"
    )
    return _page(request, conversation, form=form)


def _conflict_page(request, conversation, form, error, status=409):
    """Both versions side by side, at the new revision. The form holds what this user typed,
    with the other person's changes to fields this user did not touch taken in (error.merged),
    so saving it again overwrites nobody's work; fields both changed are listed to check."""
    options = services.options_shown(conversation)
    conversation.refresh_from_db()
    form = ConversationForm(
        initial=ConversationForm.initial_for(conversation, error.merged), options=options
    )
    services.record_conversation_read(
        by=request.user, conversation=conversation, request=request, purpose="edit_conflict"
    )
    conflict = presenters.conflict(error, presenters.option_names(options))
    return _page(request, conversation, form=form, conflict=conflict, status=status)


def _page(request, conversation, *, form=None, conflict=None, status=200):
    options = list(services.options_shown(conversation))
    names = presenters.option_names(options)
    saved = services.draft_of(conversation)
    context = {
        "conversation": conversation,
        "young_person": conversation.young_person,
        "grids": presenters.grids_shown(conversation),
        "summary_href": reverse("summaries:show_summary", kwargs={"pk": conversation.pk}),
        "services_found": list(conversation.services.order_by("name")),
        "shortlist_size": len(directory.shortlist_ids(request)),
        "practitioner_feedback_href": _practitioner_feedback_href(request, conversation),
        "needs_group": conversation.needs_groups.order_by("-assigned_at", "-pk").first(),
        "can_edit": _can_edit(request),
        "conflict": conflict,
        "just_saved": request.method == "GET" and request.GET.get("saved") == "1",
    }
    if conversation.is_recorded:
        context["rows"] = presenters.recorded_rows(conversation, names)
        return render(request, "conversations/show_conversation.jinja", context, status=status)
    if form is None:
        initial = ConversationForm.initial_for(conversation, saved)
        form = ConversationForm(initial=initial, options=options)
    shown = form.draft(held_on=conversation.held_on) if form.is_bound and form.is_valid() else saved
    context |= {
        "form": form,
        "page": presenters.ConversationPage(form, options),
        "agreement": presenters.agreement(shown, names),
    }
    return render(request, "conversations/show_conversation.jinja", context, status=status)


@require_permission(Permission.EDIT_YOUNG_PEOPLE)
@require_POST
def autosave(request, pk):
    """htmx: save the draft as the practitioner types; answer a status fragment (409 on conflict)."""
    conversation = _conversation(request, pk)
    options = services.options_shown(conversation)
    form = ConversationForm(request.POST, options=options)
    context = {"conversation": conversation}
    if conversation.is_recorded or not form.is_valid():
        services.record_conversation_read(
            by=request.user, conversation=conversation, request=request, purpose="autosave"
        )
        context["form"] = form
        status = 409 if conversation.is_recorded else 422
        return render(
            request, "conversations/partials/autosave_problem.jinja", context, status=status
        )
    try:
        saved = services.save_draft(
            by=request.user,
            conversation=conversation,
            base_revision=form.cleaned_data["revision"],
            draft=form.draft(held_on=conversation.held_on),
            request=request,
        )
    except (services.EditConflict, services.ConversationAlreadyRecorded, ValidationError) as error:
        services.record_conversation_read(
            by=request.user, conversation=conversation, request=request, purpose="autosave"
        )
        context["error"] = error
        status = 422
        if isinstance(error, services.EditConflict):
            context["conflict"] = {
                "by": presenters.person_name(error.conversation.updated_by),
                "at": presenters.when(error.conversation.updated_at),
            }
            status = 409
        elif isinstance(error, services.ConversationAlreadyRecorded):
            conversation.status = Conversation.Status.RECORDED
            status = 409
        return render(
            request, "conversations/partials/autosave_problem.jinja", context, status=status
        )
    draft = form.draft(held_on=conversation.held_on)
    context |= {
        "revision": saved.revision,
        "saved_at": timezone.localtime().strftime("%H:%M"),
        "agreement": presenters.agreement(draft, presenters.option_names(options)),
    }
    return render(request, "conversations/partials/autosave_saved.jinja", context)


@require_permission(Permission.VIEW_YOUNG_PEOPLE)
@require_http_methods(["GET", "POST"])
def show_grid_in_room(request, pk, position):
    """One grid as it was shown, large, to look at together; tick the options talked about."""
    conversation = _conversation(request, pk)
    shown = list(conversation.grids.all())
    if not 1 <= position <= len(shown):
        raise Http404("No such grid in this conversation")
    version = GridVersion.objects.with_content().get(pk=shown[position - 1].version_id)
    options = list(version.options.all())
    form = OptionsDiscussedForm(
        request.POST if request.method == "POST" else None,
        options=options,
        initial={
            "revision": conversation.revision,
            "options_discussed": [
                str(o.pk) for o in conversation.options_discussed.filter(version=version)
            ],
        },
    )
    conflict = None
    if request.method == "POST":
        if not _can_edit(request):
            raise PermissionDenied
        if conversation.is_recorded:
            return redirect("conversations:show_conversation", conversation.pk)
        if form.is_valid():
            try:
                _save_options_discussed(request, conversation, options, form)
            except services.EditConflict as error:
                conflict = presenters.conflict(error, presenters.option_names(options))
                data = form.data.copy()
                data["revision"] = str(error.conversation.revision)
                form = OptionsDiscussedForm(data, options=options)
            else:
                url = reverse("conversations:show_conversation", args=[conversation.pk])
                return redirect(f"{url}?saved=1#options-discussed")
    services.record_conversation_read(
        by=request.user, conversation=conversation, request=request, purpose="grid_in_room"
    )
    context = {
        "conversation": conversation,
        "grid": GridPresenter(version, language=get_language()),
        "position": position,
        "form": form,
        "items": presenters.checkbox_items(
            [(str(o.pk), presenters.option_name(o)) for o in options],
            form["options_discussed"].value(),
        ),
        "conflict": conflict,
        "can_edit": _can_edit(request) and not conversation.is_recorded,
    }
    return render(request, "conversations/show_grid_in_room.jinja", context)


def _save_options_discussed(request, conversation, options, form):
    draft = services.draft_of(conversation)
    this_grid = {option.pk for option in options}
    draft.options_discussed = sorted((set(draft.options_discussed) - this_grid) | form.chosen())
    services.save_draft(
        by=request.user,
        conversation=conversation,
        base_revision=form.cleaned_data["revision"],
        draft=draft,
        request=request,
    )


@require_permission(Permission.EDIT_YOUNG_PEOPLE)
@require_POST
def record_conversation(request, pk):
    """Save what is on the page, then record it (and the needs-based group, if one was given)."""
    conversation = _conversation(request, pk)
    if conversation.is_recorded:
        return redirect("conversations:show_conversation", conversation.pk)
    form = ConversationForm(request.POST, options=services.options_shown(conversation))
    if not form.is_valid():
        services.record_conversation_read(
            by=request.user, conversation=conversation, request=request, purpose="record"
        )
        return _page(request, conversation, form=form)
    draft = form.draft(held_on=conversation.held_on)
    revision = form.cleaned_data["revision"]
    wrote = False
    try:
        if revision != conversation.revision or draft.fields_differing_from(
            services.draft_of(conversation)
        ):
            conversation = services.save_draft(
                by=request.user,
                conversation=conversation,
                base_revision=revision,
                draft=draft,
                request=request,
            )
            wrote = True
        services.record_conversation(
            by=request.user,
            conversation=conversation,
            base_revision=conversation.revision,
            request=request,
        )
    except services.EditConflict as error:
        return _conflict_page(request, conversation, form, error)
    except services.ConversationAlreadyRecorded:
        return redirect("conversations:show_conversation", conversation.pk)
    except ValidationError as error:
        problems = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
        for name, messages in problems.items():
            field = PROBLEM_FIELDS.get(name, name)
            form.add_error(field if field in form.fields else None, messages)
        if not wrote:
            services.record_conversation_read(
                by=request.user, conversation=conversation, request=request, purpose="record"
            )
        conversation.refresh_from_db()
        return _page(request, conversation, form=form)
    return redirect("conversations:show_conversation", conversation.pk)


def _practitioner_feedback_href(request, conversation):
    """The practitioner's questions about this conversation, until they have answered them."""
    if not conversation.is_recorded or not _can_edit(request):
        return ""
    # Any answer from the practitioner (measures) means they have given their feedback.
    if conversation.feedback.filter(respondent_role=VoiceRole.PRACTITIONER).exists():
        return ""
    return reverse("measures:answer_practitioner_feedback", kwargs={"pk": conversation.pk})


@require_permission(Permission.EDIT_YOUNG_PEOPLE)
@require_POST
def attach_shortlist(request, pk):
    """Add the services on the practitioner's directory shortlist to this conversation's summary.

    The shortlist is then emptied, so it cannot follow the practitioner to the next young person.
    """
    conversation = _conversation(request, pk)
    services.attach_services(
        by=request.user,
        conversation=conversation,
        service_ids=directory.shortlist_ids(request),
        request=request,
    )
    directory.empty_shortlist(request)
    return redirect(
        reverse("conversations:show_conversation", args=[conversation.pk]) + "#services"
    )
