"""The staff "Rate progress" page of a plan: a 0-10 score for each goal, who gave it, when, and
the goal chart as it stands.

The plan is fetched in the active organisation only (404 otherwise). A page that shows it writes
its one read event with the fetch (goals.plan_for_rating); a save writes its one event
(goals.rate_goals) and redirects, so a save is never a read as well.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from thrivegrids.accounts.active import current_organisation
from thrivegrids.accounts.decorators import require_permission
from thrivegrids.accounts.permissions import Permission
from thrivegrids.careplans import goals
from thrivegrids.careplans.charts import goal_chart
from thrivegrids.careplans.goal_forms import RateGoalsForm


@require_permission(Permission.EDIT_YOUNG_PEOPLE)
@require_http_methods(["GET", "POST"])
def rate_goals(request, pk):
    organisation = current_organisation(request)
    if request.method == "POST":
        plan = goals.plan_to_rate(organisation=organisation, pk=pk)
        form = RateGoalsForm(request.POST, goals=plan.goals.all())
        if form.is_valid():
            try:
                goals.rate_goals(
                    by=request.user,
                    plan=plan,
                    scores=form.scores(),
                    rater_role=form.cleaned_data["rater_role"],
                    occasion=form.cleaned_data["occasion"],
                    rated_on=form.cleaned_data["rated_on"],
                    request=request,
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                return redirect(reverse("careplans:rate_goals", args=[plan.pk]) + "?saved=1")
    else:
        form = None
    plan = goals.plan_for_rating(by=request.user, organisation=organisation, pk=pk, request=request)
    context = {
        "plan": plan,
        "young_person": plan.young_person,
        "form": form or RateGoalsForm(goals=plan.goals.all()),
        "chart": goal_chart(plan),
        "saved": form is None and request.GET.get("saved") == "1",
    }
    return render(request, "careplans/rate_goals.jinja", context)
