"""The young person's copy of their plan, opened through a shared link: no sign-in.

/p/<token>/ shows the latest agreed version, the goal chart, the team's contact details and the
urgent-help box; each goal can be rated (0-10) and a review asked for, and /p/<token>/plan.pdf is
the same as an A4 PDF. Nothing else is reachable. The link's language decides the page's.
Unknown, expired and stopped links all get the same friendly 404 (with urgent help). Every answer
is uncacheable and unindexed and keeps the token from other sites. Each request writes exactly one
audit event: the rating or request it stores, or else the view of the page.
"""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_POST, require_safe

from thrivegrids.careplans import shared_plan
from thrivegrids.careplans.goals import rate_goal
from thrivegrids.careplans.links import (
    PLAN_LINK_ACTOR,
    live_plan_link,
    plan_link_for_viewing,
)
from thrivegrids.careplans.models import CarePlan, Goal, RaterRole, RatingOccasion
from thrivegrids.careplans.pdf import render_plan_pdf
from thrivegrids.careplans.reviews import request_review
from thrivegrids.careplans.share_forms import AskForReviewForm, RateGoalForm
from thrivegrids.core.link_pages import private
from thrivegrids.core.throttle import limit_link_page_requests

DONE = {"rated", "review"}


def _private(response, *, with_forms=False):
    # A page with forms keeps its referrer to this site: under no-referrer a browser sends
    # "Origin: null" with the form's POST, which the CSRF check refuses (as measures/feedback).
    if with_forms:
        return private(response, Referrer_Policy="same-origin")
    return private(response)


def _not_found(request):
    return _private(render(request, "careplans/shared_not_found.jinja", status=404))


def _plan(link):
    """The link's plan with what the copy shows, in a fixed number of queries."""
    return (
        CarePlan.objects.select_related("organisation", "practitioner")
        .prefetch_related(
            "versions", Prefetch("goals", queryset=Goal.objects.prefetch_related("ratings"))
        )
        .get(pk=link.plan_id)
    )


def _page(request, token, link, *, rate_form=None, review_form=None):
    """The shared page; the caller has recorded this request's one audit event."""
    with translation.override(link.language):
        plan = _plan(link)
        copy = shared_plan.build_plan_copy(plan, link.language)
        shown = {goal.pk for goal in copy.goals}
        rate_forms = {
            goal.pk: (
                rate_form if rate_form and rate_form.goal.pk == goal.pk else RateGoalForm(goal=goal)
            )
            for goal in plan.goals.all()
            if goal.pk in shown
        }
        review_form = review_form or AskForReviewForm()
        context = {
            "copy": copy,
            "rate_forms": rate_forms,
            "review_form": review_form,
            "error_list": _errors(rate_form, review_form),
            "done": request.GET.get("done") if request.GET.get("done") in DONE else "",
            "rate_href": lambda number: reverse(
                "shared_plans:rate_goal_through_link", kwargs={"token": token, "number": number}
            ),
            "review_href": reverse("shared_plans:ask_for_review", kwargs={"token": token}),
            "pdf_href": reverse("shared_plans:shared_plan_pdf", kwargs={"token": token}),
        }
        response = render(request, "careplans/shared_plan.jinja", context)
    response["Content-Language"] = link.language
    return _private(response, with_forms=True)


def _errors(rate_form, review_form):
    """The error summary's links, to the field beside which each message is shown."""
    found = []
    for form in (rate_form, review_form):
        if form is None or not form.errors:
            continue
        for name, errors in form.errors.items():
            found.append({"text": errors[0], "href": f"#{form[name].auto_id}"})
    return found


@login_not_required
@limit_link_page_requests
@require_safe
def show_shared_plan(request, token):
    link = plan_link_for_viewing(token, request=request, purpose="plan")
    if link is None:
        return _not_found(request)
    return _page(request, token, link)


@login_not_required
@limit_link_page_requests
@require_safe
def shared_plan_pdf(request, token):
    link = plan_link_for_viewing(token, request=request, purpose="pdf")
    if link is None:
        return _not_found(request)
    copy = shared_plan.build_plan_copy(_plan(link), link.language)
    response = HttpResponse(render_plan_pdf(request, copy), "application/pdf")
    response["Content-Disposition"] = f'inline; filename="{shared_plan.pdf_filename(copy)}"'
    return _private(response)


def _shown_again(request, token, **forms):
    """The page again with the refused form and what was typed: the request's one event is the
    view (fetched again with it: the link may have stopped meanwhile)."""
    link = plan_link_for_viewing(token, request=request, purpose="refused input")
    if link is None:
        return _not_found(request)
    return _page(request, token, link, **forms)


def _after(token, done):
    return redirect(reverse("shared_plans:show_shared_plan", kwargs={"token": token}) + f"?{done}")


@login_not_required
@limit_link_page_requests
@require_POST
def rate_goal_through_link(request, token, number):
    """Store the young person's rating of one goal of the agreed plan, or show the page again
    with the message beside the goal's choices."""
    link = live_plan_link(token)
    goal = _agreed_goal(link, number) if link is not None else None
    if goal is None:
        return _not_found(request)
    with translation.override(link.language):
        form = RateGoalForm(request.POST, goal=goal)
        if form.is_valid():
            try:
                rate_goal(
                    by=None,
                    actor_label=PLAN_LINK_ACTOR,
                    goal=goal,
                    score=form.cleaned_data["score"],
                    rater_role=RaterRole.YOUNG_PERSON,
                    occasion=RatingOccasion.LINK,
                    request=request,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return _after(token, "done=rated")
    return _shown_again(request, token, rate_form=form)


def _agreed_goal(link, number):
    """A goal of the plan's agreed version (only those are shown to be rated)."""
    if not link.plan.versions.exists():
        return None
    return link.plan.goals.filter(number=number).first()


@login_not_required
@limit_link_page_requests
@require_POST
def ask_for_review(request, token):
    """Record that the young person asked for a review (with their message, if any)."""
    link = live_plan_link(token)
    if link is None:
        return _not_found(request)
    with translation.override(link.language):
        form = AskForReviewForm(request.POST)
        if form.is_valid():
            request_review(
                by=None,
                actor_label=PLAN_LINK_ACTOR,
                plan=link.plan,
                requested_by_role=RaterRole.YOUNG_PERSON,
                message=form.cleaned_data["message"],
                request=request,
            )
            return _after(token, "done=review")
    return _shown_again(request, token, review_form=form)
