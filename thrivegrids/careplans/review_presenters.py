"""Reviews as the pages show them: the plan being reviewed, and the lists of reviews due."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from markupsafe import escape

from thrivegrids.careplans.models import GoalOutcome, GoalSetBy, RaterRole


def _name(user):
    return user.get_full_name() or user.get_username()


def _date(day):
    return date_format(day, "j F Y") if day else ""


def review_page(plan, requests):
    """The plan under review: its young person, goals and open requests."""
    goals = []
    for goal in plan.goals.all():
        ratings = list(goal.ratings.all())
        latest = ratings[-1] if ratings else None
        goals.append(
            {
                "number": goal.number,
                "text": goal.text,
                "set_by": str(GoalSetBy(goal.set_by).label) if goal.set_by else "",
                "outcome": str(GoalOutcome(goal.outcome).label) if goal.outcome else "",
                "latest": (
                    _("%(score)s out of 10 on %(date)s")
                    % {"score": latest.score, "date": _date(latest.rated_on)}
                    if latest
                    else ""
                ),
            }
        )
    return {
        "reference": plan.young_person.local_reference,
        "practitioner": _name(plan.practitioner),
        "next_review_on": _date(plan.next_review_on),
        "goals": goals,
        "requests": [
            {
                "at": _date(timezone.localdate(review.requested_at)),
                "by": str(RaterRole(review.requested_by_role).label)
                if review.requested_by_role
                else "",
                "message": review.request_message,
            }
            for review in requests
        ],
    }


def date_items(form, prefix):
    """The day, month and year boxes of a date field of the review form, as typed."""
    error = bool(form[f"{prefix}_day"].errors)
    return [
        {
            "id": f"id_{prefix}_{part}",
            "name": f"{prefix}_{part}",
            "label": label,
            "value": form[f"{prefix}_{part}"].value() or "",
            "width": 4 if part == "year" else 2,
            "classes": "nhsuk-input--error" if error else "",
        }
        for part, label in (("day", _("Day")), ("month", _("Month")), ("year", _("Year")))
    ]


def _headed(cells, headers, plan, show_practitioner):
    """Cells with their column names (the responsive table shows them on a narrow screen)."""
    if show_practitioner:
        cells.insert(1, {"text": _name(plan.practitioner)})
        headers = [headers[0], _("Practitioner"), *headers[1:]]
    return [{**cell, "header": header} for cell, header in zip(cells, headers, strict=True)]


def _plan_cells(plan, when, *, show_practitioner):
    cells = [
        {"html": _link(plan, plan.young_person.local_reference)},
        {"text": _date(plan.next_review_on)},
        {"text": when},
    ]
    headers = [_("Local reference"), _("Review date"), _("When")]
    return _headed(cells, headers, plan, show_practitioner)


def _link(plan, text):
    href = reverse("careplans:hold_review", args=[plan.pk])
    return f'<a href="{escape(href)}">{escape(text)}</a>'


def _due_in(day, today):
    days = (day - today).days
    if days == 0:
        return _("Today")
    return ngettext("In %(days)s day", "In %(days)s days", days) % {"days": days}


def _overdue_by(day, today):
    days = (today - day).days
    return ngettext("%(days)s day overdue", "%(days)s days overdue", days) % {"days": days}


def review_rows(lists, today, *, show_practitioner):
    """Table rows for each list (due, overdue, requested)."""
    due = [
        _plan_cells(plan, _due_in(plan.next_review_on, today), show_practitioner=show_practitioner)
        for plan in lists.due
    ]
    overdue = [
        _plan_cells(
            plan, _overdue_by(plan.next_review_on, today), show_practitioner=show_practitioner
        )
        for plan in lists.overdue
    ]
    requested = []
    for review in lists.requested:
        cells = [
            {"html": _link(review.plan, review.plan.young_person.local_reference)},
            {"text": _date(timezone.localdate(review.requested_at))},
            {
                "text": str(RaterRole(review.requested_by_role).label)
                if review.requested_by_role
                else ""
            },
            {"text": review.request_message},
        ]
        headers = [_("Local reference"), _("Asked on"), _("Asked by"), _("Message")]
        requested.append(_headed(cells, headers, review.plan, show_practitioner))
    return {"due": due, "overdue": overdue, "requested": requested}
