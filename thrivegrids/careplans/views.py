"""Plan pages: start a plan from a young person's record, look at it, edit its draft (saved as
you type; Save without JavaScript), agree it as a version, and see its versions and what changed.

Plans are fetched through careplans.services within the active organisation (another
organisation's is a 404), and each request that shows or changes one writes one audit event.
"""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from thrivegrids.accounts.active import current_membership, current_organisation
from thrivegrids.accounts.decorators import require_permission
from thrivegrids.accounts.permissions import Permission
from thrivegrids.careplans import presenters, services
from thrivegrids.careplans.charts import goal_chart
from thrivegrids.careplans.drafts import EditConflict, StaleSave, draft_from_json, draft_of
from thrivegrids.careplans.forms import AgreePlanForm, CompareVersionsForm, PlanForm
from thrivegrids.careplans.goals import goals_with_ratings
from thrivegrids.careplans.reviews import open_requests
from thrivegrids.core.urgent_help import urgent_help_box


def _reading(request, pk, purpose="view", details=None):
    return services.plan_for_reading(
        by=request.user,
        organisation=current_organisation(request),
        pk=pk,
        request=request,
        purpose=purpose,
        details=details,
    )


def _to_change(request, pk):
    return services.plan_to_change(organisation=current_organisation(request), pk=pk)


def _can_edit(request):
    return current_membership(request).has_permission(Permission.EDIT_YOUNG_PEOPLE)


@require_permission(Permission.EDIT_YOUNG_PEOPLE)
@require_POST
def start_plan(request, pk):
    """pk is the young person's: start a plan for them and go to its edit page."""
    young_person = services.young_person_to_plan_for(
        organisation=current_organisation(request), pk=pk
    )
    plan = services.start_plan(by=request.user, young_person=young_person, request=request)
    return redirect("careplans:edit_plan", plan.pk)


@require_permission(Permission.VIEW_YOUNG_PEOPLE)
@require_safe
def show_plan(request, pk):
    plan = _reading(request, pk)
    draft = draft_of(plan)
    agreed = list(plan.versions.select_related("agreed_by").order_by("number"))
    goals = goals_with_ratings(plan)
    context = {
        "plan": plan,
        "young_person": plan.young_person,
        "sections": presenters.sections(draft),
        "goals": presenters.goals(draft),
        "offer": presenters.offer(draft),
        "versions": presenters.versions(agreed),
        "changed_since_agreed": bool(agreed) and plan.updated_at > agreed[-1].agreed_at,
        "urgent_help": urgent_help_box(),
        "can_edit": _can_edit(request),
        "just_saved": request.GET.get("saved") == "1",
        "just_agreed": request.GET.get("agreed") == "1",
        "chart": goal_chart(plan, goals),
        "open_requests": open_requests(plan),
    }
    return render(request, "careplans/show_plan.jinja", context)


def _services_offered(plan, draft):
    """Directory services an action may name: the summary's, and any an action already names."""
    offered = {}
    if plan.started_from is not None:
        offered |= {str(s.pk): s.name for s in plan.started_from.services.order_by("name")}
    offered |= {a.service: a.service_name for a in draft.content.actions if a.service}
    return offered


def _form(plan, draft, data=None, initial=None):
    rows = len(draft.content.actions) + 1
    if data is not None:
        posted = [key for key in data if key.startswith("action_") and key.endswith("_what")]
        rows = max(rows, len(posted))
    return PlanForm(
        data, initial=initial, action_rows=rows, services=_services_offered(plan, draft)
    )


@require_permission(Permission.EDIT_YOUNG_PEOPLE)
@require_http_methods(["GET", "POST"])
def edit_plan(request, pk):
    if request.method == "POST":
        return _save(request, pk)
    plan = _reading(request, pk, "edit")
    draft = draft_of(plan)
    form = _form(plan, draft, initial=PlanForm.initial_for(plan, draft))
    return _edit_page(request, plan, form, draft)


def _save(request, pk):
    """The no-JavaScript Save: save and go to the plan; or show the page again as typed, with
    each problem beside its field, or with the other person's saved version beside this one."""
    plan = _to_change(request, pk)
    saved = draft_of(plan)
    form = _form(plan, saved, request.POST)
    if form.is_valid():
        try:
            _save_form(request, plan, form)
        except EditConflict as error:
            return _conflict_page(request, error, form)
        except ValidationError as error:
            _add_problems(form, error)
        else:
            return redirect(reverse_show(plan, "?saved=1"))
    plan = _reading(request, pk, "edit")
    return _edit_page(request, plan, form, saved, status=200)


def reverse_show(plan, query=""):
    return reverse("careplans:show_plan", args=[plan.pk]) + query


def _save_form(request, plan, form, *, autosave=False):
    return services.save_plan_draft(
        by=request.user,
        plan=plan,
        base_revision=form.cleaned_data["revision"],
        draft=form.draft(),
        editor=form.cleaned_data.get("editor", ""),
        autosave=autosave,
        request=request,
    )


def _add_problems(form, error):
    for name, messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)


def _conflict_page(request, error, posted):
    """Both versions side by side, at the new revision: the form holds what this user typed,
    with the other person's changes to fields this user did not touch taken in."""
    plan = _reading(request, error.plan.pk, "edit_conflict")
    editor = posted.cleaned_data.get("editor", "")
    form = _form(
        plan, error.merged, initial=PlanForm.initial_for(plan, error.merged, editor=editor)
    )
    conflict = presenters.conflict(error)
    return _edit_page(request, plan, form, error.merged, conflict=conflict, status=409)


def _edit_page(request, plan, form, draft, *, conflict=None, status=200):
    saved_numbers = {goal.number for goal in draft.goals}
    posted_numbers = {
        n for n in (1, 2, 3) if form.is_bound and form.data.get(f"goal_{n}_text", "").strip()
    }
    context = {
        "plan": plan,
        "young_person": plan.young_person,
        "form": form,
        "goal_numbers": sorted(saved_numbers | posted_numbers),
        "action_numbers": list(range(1, form.action_rows + 1)),
        "conflict": conflict,
        "urgent_help": urgent_help_box(),
    }
    return render(request, "careplans/edit_plan.jinja", context, status=status)


@require_permission(Permission.EDIT_YOUNG_PEOPLE)
@require_POST
def autosave_plan(request, pk):
    """htmx: save the draft as people type; answer a status fragment (409 on a conflict, 422
    when a field is refused: nothing is saved then, and what was typed stays on the page)."""
    plan = _to_change(request, pk)
    form = _form(plan, draft_of(plan), request.POST)
    context = {"plan": plan, "form": form}
    if not form.is_valid():
        _reading(request, pk, "autosave")
        return _fragment(request, context | {"problems": _problems(form)}, 422)
    try:
        plan = _save_form(request, plan, form, autosave=True)
    except StaleSave:
        return HttpResponse(status=204)
    except EditConflict as error:
        _reading(request, pk, "autosave")
        context["conflict"] = presenters.conflict(error)
        return _fragment(request, context, 409)
    except ValidationError as error:
        _reading(request, pk, "autosave")
        _add_problems(form, error)
        return _fragment(request, context | {"problems": _problems(form)}, 422)
    context |= {"revision": plan.revision, "saved_at": timezone.localtime().strftime("%H:%M")}
    return _fragment(request, context, 200)


def _problems(form):
    return [
        {"href": f"#{form[name].auto_id}" if name in form.fields else "", "text": str(message)}
        for name, messages in form.errors.items()
        for message in messages
    ]


def _fragment(request, context, status):
    return render(request, "careplans/partials/autosave_status.jinja", context, status=status)


@require_permission(Permission.EDIT_YOUNG_PEOPLE)
@require_http_methods(["GET", "POST"])
def agree_plan(request, pk):
    form = AgreePlanForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        plan = _to_change(request, pk)
        if form.is_valid():
            try:
                services.agree_plan(
                    by=request.user,
                    plan=plan,
                    agreed_with=form.cleaned_data["agreed_with"],
                    request=request,
                )
            except ValidationError as error:
                _add_problems(form, error)
            else:
                return redirect(reverse_show(plan, "?agreed=1"))
    plan = _reading(request, pk, "agree")
    draft = draft_of(plan)
    context = {
        "plan": plan,
        "young_person": plan.young_person,
        "form": form,
        "sections": presenters.sections(draft),
        "offer": presenters.offer(draft),
    }
    return render(request, "careplans/agree_plan.jinja", context)


@require_permission(Permission.VIEW_YOUNG_PEOPLE)
@require_safe
def list_versions(request, pk):
    plan = _reading(request, pk, "versions")
    agreed = list(plan.versions.select_related("agreed_by").order_by("number"))
    numbers = [version.number for version in agreed]
    initial = {"before": numbers[-2], "after": numbers[-1]} if len(numbers) > 1 else None
    context = {
        "plan": plan,
        "young_person": plan.young_person,
        "versions": presenters.versions(agreed),
        "form": CompareVersionsForm(numbers=numbers, initial=initial),
    }
    return render(request, "careplans/plan_versions.jinja", context)


@require_permission(Permission.VIEW_YOUNG_PEOPLE)
@require_safe
def compare_versions(request, pk):
    """What changed between two agreed versions (?before=&after=), field by field."""
    plan = _to_change(request, pk)
    agreed = {version.number: version for version in plan.versions.order_by("number")}
    form = CompareVersionsForm(request.GET or None, numbers=list(agreed))
    rows = None
    if form.is_valid():
        before, after = agreed[form.cleaned_data["before"]], agreed[form.cleaned_data["after"]]
        rows = presenters.what_changed(
            draft_from_json(before.content), draft_from_json(after.content)
        )
    compared = [form.cleaned_data["before"], form.cleaned_data["after"]] if rows is not None else []
    # The page shows the plan: one read, naming the versions compared.
    plan = _reading(request, pk, "compare_versions", details={"versions": compared})
    context = {
        "plan": plan,
        "young_person": plan.young_person,
        "form": form,
        "rows": rows,
        "compared": compared,
    }
    return render(request, "careplans/compare_versions.jinja", context)
