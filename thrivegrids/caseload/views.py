"""The caseload pages: young people's records listed, added, looked at and changed, with what
other apps hold about each young person (conversations); and the team's audit trail.

Every record is fetched through YoungPerson.objects.for_organisation(the active organisation), so
another organisation's record is a 404. Each page that shows or changes a record writes exactly one
audit event (through the records services).
"""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from thrivegrids.accounts.active import current_membership, current_organisation
from thrivegrids.accounts.decorators import require_permission
from thrivegrids.accounts.permissions import Permission
from thrivegrids.careplans import public as careplans
from thrivegrids.caseload import presenters
from thrivegrids.conversations import public as conversations
from thrivegrids.records import public as records


def _young_person_for_reading(request, pk, purpose="view"):
    return records.young_person_for_reading(
        by=request.user,
        organisation=current_organisation(request),
        pk=pk,
        request=request,
        purpose=purpose,
    )


@require_permission(Permission.VIEW_YOUNG_PEOPLE)
@require_safe
def list_young_people(request):
    organisation = current_organisation(request)
    query = request.GET.get("q", "").strip()[:40]
    page = records.young_people_for_listing(
        by=request.user,
        organisation=organisation,
        query=query,
        page_number=request.GET.get("page"),
        request=request,
    )
    context = {
        "organisation": organisation,
        "page": page,
        "rows": presenters.list_rows(page),
        "query": query,
        "can_add": current_membership(request).has_permission(Permission.EDIT_YOUNG_PEOPLE),
    }
    return render(request, "caseload/list_young_people.jinja", context)


@require_permission(Permission.EDIT_YOUNG_PEOPLE)
@require_http_methods(["GET", "POST"])
def create_young_person(request):
    organisation = current_organisation(request)
    form = records.YoungPersonForm(
        request.POST if request.method == "POST" else None, organisation=organisation
    )
    if request.method == "POST" and form.is_valid():
        young_person = records.create_young_person(
            by=request.user, organisation=organisation, request=request, **form.record_fields()
        )
        return redirect("caseload:show_young_person", young_person.pk)
    return render(request, "caseload/create_young_person.jinja", {"form": form})


@require_permission(Permission.VIEW_YOUNG_PEOPLE)
@require_safe
def show_young_person(request, pk):
    young_person = _young_person_for_reading(request, pk)
    membership = current_membership(request)
    context = {
        "young_person": young_person,
        "rows": presenters.summary_rows(
            young_person, can_edit=membership.has_permission(Permission.EDIT_YOUNG_PEOPLE)
        ),
        "can_see_audit": membership.has_permission(Permission.VIEW_AUDIT_TRAIL),
        "can_start_conversation": membership.has_permission(Permission.EDIT_YOUNG_PEOPLE),
        "timeline": conversations.timeline(young_person),
        "needs_groups": conversations.needs_group_history(young_person),
        "plans": careplans.plans_of(young_person),
    }
    return render(request, "caseload/show_young_person.jinja", context)


@require_permission(Permission.EDIT_YOUNG_PEOPLE)
@require_http_methods(["GET", "POST"])
def edit_young_person(request, pk):
    if request.method == "POST":
        return _change_young_person(request, pk)
    # The form shows the record: that is a read.
    young_person = _young_person_for_reading(request, pk, purpose="edit")
    return _edit_page(request, young_person, _edit_form(young_person))


def _change_young_person(request, pk):
    young_person = records.young_person_to_change(organisation=current_organisation(request), pk=pk)
    form = _edit_form(young_person, request.POST)
    if form.is_valid():
        records.update_young_person(
            by=request.user, young_person=young_person, request=request, **form.record_fields()
        )
        return redirect("caseload:show_young_person", young_person.pk)
    # The form shows the record (or what was typed over it): that is a read.
    young_person = _young_person_for_reading(request, pk, purpose="edit")
    return _edit_page(request, young_person, form)


def _edit_form(young_person, data=None):
    return records.YoungPersonForm(
        data,
        initial=records.YoungPersonForm.initial_for(young_person),
        organisation=young_person.organisation,
        young_person=young_person,
    )


def _edit_page(request, young_person, form):
    context = {"form": form, "young_person": young_person}
    return render(request, "caseload/edit_young_person.jinja", context)


@require_permission(Permission.VIEW_AUDIT_TRAIL)
@require_safe
def show_audit_trail(request):
    organisation = current_organisation(request)
    young_person = None
    if request.GET.get("record", "").isdigit():
        young_person = records.young_person_to_change(
            organisation=organisation, pk=int(request.GET["record"])
        )
    events, references = records.audit_trail_for_reading(
        by=request.user, organisation=organisation, young_person=young_person, request=request
    )
    rows = presenters.audit_rows(events, references)
    context = {"organisation": organisation, "young_person": young_person, "rows": rows}
    return render(request, "caseload/show_audit_trail.jinja", context)
