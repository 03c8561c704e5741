"""Review pages: hold a plan's review, and the reviews due, overdue and asked for.

The plan is fetched within the active organisation (another organisation's is a 404); each request
writes one audit event: holding a review through its service, a page through its read service.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from thrivegrids.accounts.active import current_membership, current_organisation
from thrivegrids.accounts.decorators import require_permission
from thrivegrids.accounts.permissions import Permission
from thrivegrids.careplans import overdue, review_presenters, reviews
from thrivegrids.careplans.review_forms import ReviewForm, initial_for


@require_permission(Permission.EDIT_YOUNG_PEOPLE)
@require_http_methods(["GET", "POST"])
def hold_review(request, pk):
    organisation = current_organisation(request)
    if request.method == "GET":
        plan = reviews.plan_for_review(
            by=request.user, organisation=organisation, pk=pk, request=request
        )
        requests = reviews.open_requests(plan)
        initial = initial_for(plan.goals.all(), requests, timezone.localdate())
        return _page(request, plan, requests, ReviewForm(goals=plan.goals.all(), initial=initial))
    plan = reviews.plan_to_review(organisation=organisation, pk=pk)
    form = ReviewForm(request.POST, goals=plan.goals.all())
    if form.is_valid():
        try:
            reviews.hold_review(
                by=request.user, plan=plan, request=request, **form.service_arguments()
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            return redirect(reverse("careplans:reviews_due") + f"?held={plan.pk}")
    # Refused: the page again as typed, with each problem beside its field (one read event).
    reviews.record_plan_read_for_review(by=request.user, plan=plan, request=request)
    return _page(request, plan, reviews.open_requests(plan), form)


def _page(request, plan, requests, form):
    context = {
        "plan": plan,
        "page": review_presenters.review_page(plan, requests),
        "form": form,
        "dates": {
            prefix: review_presenters.date_items(form, prefix) for prefix in ("held", "next_review")
        },
    }
    return render(request, "careplans/hold_review.jinja", context)


@require_permission(Permission.VIEW_YOUNG_PEOPLE)
@require_GET
def reviews_due(request):
    """Team leads see every plan of the organisation; practitioners see their own."""
    organisation = current_organisation(request)
    whole_team = current_membership(request).has_permission(Permission.VIEW_TEAM_REVIEWS)
    lists = overdue.review_lists_for_reading(
        by=request.user,
        organisation=organisation,
        practitioner=None if whole_team else request.user,
        request=request,
    )
    today = timezone.localdate()
    context = {
        "organisation": organisation,
        "whole_team": whole_team,
        "rows": review_presenters.review_rows(lists, today, show_practitioner=whole_team),
        "held": request.GET.get("held", "").isdigit(),
        "due_within": overdue.DUE_WITHIN_DAYS,
    }
    return render(request, "careplans/reviews_due.jinja", context)
