"""Conversation pages: start one from a young person, work on the draft (saved as you type), show a
grid in the room, and record the outcome.

Conversations, and the young person one starts from, are fetched only through the services,
scoped to the active organisation: another organisation's is a 404. Each request that shows or
changes a conversation writes one audit event: a change through its service; a page that shows
one fetches it with services.conversation_for_reading, which writes the read with the fetch
(so a page shown after a refused change is one read, and a save is never a read as well).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_POST

from thrivegrids.accounts.active import current_membership, current_organisation
from thrivegrids.accounts.decorators import require_permission
from thrivegrids.accounts.permissions import Permission
from thrivegrids.conversations import conflicts, fetch, presenters, services
from thrivegrids.conversations.drafts import EditConflict, StaleSave, draft_of
from thrivegrids.conversations.forms import (
    ConversationForm,
    OptionsDiscussedForm,
    StartConversationForm,
)
from thrivegrids.conversations.models import VoiceRole
from thrivegrids.directory import public as directory
from thrivegrids.grids.public import GridPresenter, GridVersion

# Problems before recording that belong to a field other than their own name.
PROBLEM_FIELDS = {"voice:young_person": "young_person-what_matters"}


def _can_edit(request):
    return current_membership(request).has_permission(Permission.EDIT_YOUNG_PEOPLE)


def _shown_href(conversation, anchor=""):
    return reverse("conversations:show_conversation", args=[conversation.pk]) + anchor


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
    organisation = current_organisation(request)
    versions = _latest_published_versions()
    form = None
    if request.method == "POST":
        young_person = services.young_person_to_start_with(organisation=organisation, pk=pk)
        form = StartConversationForm(request.POST, versions=versions)
        if form.is_valid():
            conversation = services.start_conversation(
                by=request.user,
                young_person=young_person,
                versions=form.chosen_versions(),
                request=request,
            )
            return redirect("conversations:show_conversation", conversation.pk)
    young_person = services.young_person_for_starting(
        by=request.user, organisation=organisation, pk=pk, request=request
    )
    previous = young_person.conversations.order_by("-held_on", "-created_at").first()
    if form is None:
        # Coming back: the same grids as last time are ticked (at their latest published version).
        last = set(previous.grids.values_list("version__grid", flat=True)) if previous else set()
        initial = {"versions": [str(v.pk) for v in versions if v.grid_id in last]}
        form = StartConversationForm(versions=versions, initial=initial)
    context = {"young_person": young_person, "form": form, "previous": previous}
    context["topics"] = presenters.version_choices(versions, form["versions"].value())
    return render(request, "conversations/start_conversation.jinja", context)


@require_permission(Permission.VIEW_YOUNG_PEOPLE)
@require_http_methods(["GET", "POST"])
def show_conversation(request, pk):
    if request.method == "POST":
        return _save_draft(request, pk)
    return _page(request, fetch.for_reading(request, pk))


def _save_draft(request, pk):
    """The no-JavaScript "Save draft": save and redirect; or, when a field is refused, save the
    others and show the page again as typed, with the problem beside the field (one event)."""
    conversation = fetch.to_change(request, pk)
    if not _can_edit(request):
        raise PermissionDenied
    if conversation.is_recorded:
        return redirect(_shown_href(conversation))
    options = services.options_shown(conversation)
    form = ConversationForm(request.POST, options=options)
    if not form.is_valid() and form.accepted_nothing():
        return _page(request, fetch.for_reading(request, pk, "edit"), form=form)
    try:
        saved, _draft = _save_what_is_accepted(request, conversation, form)
    except EditConflict as error:
        return _conflict_page(request, error, form)
    except services.ConversationAlreadyRecorded:
        return redirect(_shown_href(conversation))
    except ValidationError as error:
        form.add_error(None, error.messages)
        return _page(request, fetch.for_reading(request, pk, "edit"), form=form)
    if not form.errors:
        return redirect(_shown_href(conversation, "?saved=1"))
    # The save was this request's event; the page it shows carries the new revision forward.
    form = _carried_forward(form, saved.revision, options)
    return _page(request, fetch.to_change(request, pk), form=form, partly_saved=True)


def _save_what_is_accepted(request, conversation, form, *, autosave=False):
    """Save every field the form accepted (a refused one keeps its saved value); the
    conversation saved, and the draft as written."""
    saved = None if not form.errors else draft_of(conversation)
    draft = form.draft(held_on=conversation.held_on, saved=saved)
    conversation = services.save_draft(
        by=request.user,
        conversation=conversation,
        base_revision=form.cleaned_data["revision"],
        draft=draft,
        editor=form.cleaned_data.get("editor", ""),
        autosave=autosave,
        request=request,
    )
    return conversation, draft


def _carried_forward(form, revision, options):
    """The same form as typed, at `revision` (the one its own save just made)."""
    data = form.data.copy()
    data["revision"] = str(revision)
    carried = ConversationForm(data, options=options)
    carried.is_valid()
    return carried


def _conflict_page(request, error, posted):
    """Both versions side by side, at the new revision. The form holds what this user typed,
    with the other person's changes to fields this user did not touch taken in (error.merged),
    so saving it again overwrites nobody's work; fields both changed are listed to check."""
    conversation = fetch.for_reading(request, error.conversation.pk, "edit_conflict")
    options = services.options_shown(conversation)
    editor = posted.cleaned_data.get("editor", "")
    initial = ConversationForm.initial_for(conversation, error.merged, editor=editor)
    # A field the form refused was not saved or merged: it is shown as it was typed.
    initial |= {name: posted[name].value() for name in posted.errors if name in posted.fields}
    form = ConversationForm(initial=initial, options=options)
    conflict = conflicts.conflict(error, presenters.option_names(options))
    return _page(request, conversation, form=form, conflict=conflict, status=409)


def _page(request, conversation, *, form=None, conflict=None, status=200, partly_saved=False):
    options = list(services.options_shown(conversation))
    names = presenters.option_names(options)
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
        "partly_saved": partly_saved,
    }
    if conversation.is_recorded:
        prefetch_related_objects([conversation], *presenters.RECORDED_ROWS_PREFETCH)
        context["rows"] = presenters.recorded_rows(conversation, names)
        return render(request, "conversations/show_conversation.jinja", context, status=status)
    saved = draft_of(conversation)
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
    conversation = fetch.to_change(request, pk)
    options = services.options_shown(conversation)
    form = ConversationForm(request.POST, options=options)
    if conversation.is_recorded or (not form.is_valid() and form.accepted_nothing()):
        return _autosave_problem(request, pk, form=form)
    try:
        saved, draft = _save_what_is_accepted(request, conversation, form, autosave=True)
    except StaleSave:
        # Its page has since saved (or recorded) newer text itself, and moved on: nothing to do.
        return HttpResponse(status=204)
    except (EditConflict, services.ConversationAlreadyRecorded, ValidationError) as error:
        return _autosave_problem(request, pk, error=error)
    context = {
        "conversation": conversation,
        "revision": saved.revision,
        "saved_at": timezone.localtime().strftime("%H:%M"),
        "agreement": presenters.agreement(draft, presenters.option_names(options)),
        "problems": presenters.field_problems(form),
    }
    # 422 when a field was refused (the others are saved): the page marks it beside the field.
    status = 422 if form.errors else 200
    return render(request, "conversations/partials/autosave_saved.jinja", context, status=status)


def _autosave_problem(request, pk, *, form=None, error=None):
    """Why an autosave saved nothing: 409 when recorded or someone else saved, else 422."""
    conversation = fetch.for_reading(request, pk, "autosave")
    context = {"conversation": conversation, "form": form, "error": error}
    status = 409 if conversation.is_recorded else 422
    if isinstance(error, EditConflict):
        context["conflict"] = {
            "by": presenters.person_name(error.conversation.updated_by),
            "at": presenters.when(error.conversation.updated_at),
        }
        status = 409
    return render(request, "conversations/partials/autosave_problem.jinja", context, status=status)


@require_permission(Permission.VIEW_YOUNG_PEOPLE)
@require_http_methods(["GET", "POST"])
def show_grid_in_room(request, pk, position):
    """One grid as it was shown, large, to look at together; tick the options talked about."""
    conversation = fetch.to_change(request, pk)
    version = _version_shown(conversation, position)
    options = list(version.options.all())
    discussed = conversation.options_discussed.filter(version=version)
    form = OptionsDiscussedForm(
        request.POST if request.method == "POST" else None,
        options=options,
        initial={
            "revision": conversation.revision,
            "options_discussed": [str(o.pk) for o in discussed],
        },
    )
    conflict = None
    if request.method == "POST":
        if not _can_edit(request):
            raise PermissionDenied
        if conversation.is_recorded:
            return redirect(_shown_href(conversation))
        if form.is_valid():
            try:
                _save_options_discussed(request, conversation, options, form)
            except EditConflict as error:
                conflict = conflicts.conflict(error, presenters.option_names(options))
                data = form.data.copy()
                data["revision"] = str(error.conversation.revision)
                form = OptionsDiscussedForm(data, options=options)
            else:
                return redirect(_shown_href(conversation, "?saved=1#options-discussed"))
    conversation = fetch.for_reading(request, pk, "grid_in_room")
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


def _version_shown(conversation, position):
    """The grid version shown `position`th (from 1), with its content; 404 when there is none."""
    shown = list(conversation.grids.all())
    if not 1 <= position <= len(shown):
        raise Http404("No such grid in this conversation")
    return GridVersion.objects.with_content().get(pk=shown[position - 1].version_id)


def _save_options_discussed(request, conversation, options, form):
    draft = draft_of(conversation)
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
    """Save what is on the page and record it (and the needs-based group, if one was given), in
    one service call: if recording is refused, nothing is saved and the page shows why."""
    conversation = fetch.to_change(request, pk)
    if conversation.is_recorded:
        return redirect(_shown_href(conversation))
    form = ConversationForm(request.POST, options=services.options_shown(conversation))
    if form.is_valid():
        try:
            services.record_conversation(
                by=request.user,
                conversation=conversation,
                base_revision=form.cleaned_data["revision"],
                draft=form.draft(held_on=conversation.held_on),
                editor=form.cleaned_data["editor"],
                request=request,
            )
        except EditConflict as error:
            return _conflict_page(request, error, form)
        except services.ConversationAlreadyRecorded:
            return redirect(_shown_href(conversation))
        except ValidationError as error:
            _add_problems(form, error)
        else:
            return redirect(_shown_href(conversation))
    return _page(request, fetch.for_reading(request, pk, "record"), form=form)


def _add_problems(form, error):
    """What stops recording, on the fields it is about (or the whole form)."""
    problems = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for name, messages in problems.items():
        field = PROBLEM_FIELDS.get(name, name)
        form.add_error(field if field in form.fields else None, messages)


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
    conversation = fetch.to_change(request, pk)
    services.attach_services(
        by=request.user,
        conversation=conversation,
        service_ids=directory.shortlist_ids(request),
        request=request,
    )
    directory.empty_shortlist(request)
    return redirect(_shown_href(conversation, "#services"))
