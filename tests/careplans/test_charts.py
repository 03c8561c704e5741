"""The goal chart: a point per rating and a table row per rating, an empty chart with no ratings,
goals told apart by more than colour, time in the reading direction, and no queries once the
plan is fetched with its goals and ratings."""

import datetime
import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.careplans.test_goals import make_plan, rate
from tests.clock import TODAY
from thrivegrids.careplans import charts, goals
from thrivegrids.careplans.models import CarePlan, RaterRole

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def fetched(plan):
    return goals.with_goal_ratings(CarePlan.objects.all()).get(pk=plan.pk)


def rendered(chart, **context):
    return render_to_string("careplans/partials/goal_chart.jinja", {"chart": chart, **context})


def rated_plan(ratings_per_goal=3, goal_texts=("Go to school", "Sleep better", "See friends")):
    plan = make_plan(goals=goal_texts)
    for goal in plan.goals.all():
        for n in range(ratings_per_goal):
            rate(goal, (n + goal.number) % 11, TODAY - (ratings_per_goal - n) * 7 * DAY)
    return plan


def test_chart_has_a_point_and_a_table_row_per_rating():
    plan = rated_plan(ratings_per_goal=4)

    html = rendered(charts.goal_chart(fetched(plan)))

    assert html.count('class="tg-goal-chart__point"') == 12
    table = html[html.index("<tbody") : html.index("</tbody>")]
    assert table.count("<tr") == 12
    assert html.count("<polyline") == 3


def test_chart_points_sit_at_their_scores_and_dates():
    plan = make_plan(goals=("Go to school",))
    goal = plan.goals.get()
    rate(goal, 0, TODAY - 20 * DAY)
    rate(goal, 10, TODAY)
    rate(goal, 5, TODAY - 10 * DAY)

    chart = charts.goal_chart(fetched(plan))

    [series] = chart.series
    points = [(point.score, point.x, point.y) for point in series.points]
    left, right = charts.SIDE, charts.WIDTH - charts.GAP
    assert points == [
        (0, left, charts.BOTTOM),
        (5, (left + right) / 2, (charts.TOP + charts.BOTTOM) / 2),
        (10, right, charts.TOP),
    ]
    assert [row.score for row in chart.rows] == [0, 5, 10]


def test_chart_with_no_ratings_is_empty_and_says_so():
    plan = make_plan()

    chart = charts.goal_chart(fetched(plan))
    html = rendered(chart)

    assert not chart.has_ratings
    assert chart.series == [] and chart.rows == [] and chart.date_ticks == []
    assert "<svg" not in html and "<table" not in html
    assert "No progress ratings yet" in html


def test_chart_is_an_image_with_a_title_and_a_description_of_each_goal():
    plan = rated_plan(ratings_per_goal=2, goal_texts=("Go to school", "Sleep better"))

    chart = charts.goal_chart(fetched(plan))
    html = rendered(chart)

    assert re.search(r'<svg class="tg-goal-chart__svg"[^>]*role="img"', html)
    assert f'aria-labelledby="{chart.id}-title {chart.id}-desc"' in html
    assert "Goal 1:" in chart.description and "Goal 2:" in chart.description
    assert "(2 ratings)" in chart.description
    # Plain SVG for WeasyPrint: no CSS variables, no script.
    assert "var(" not in html and "<script" not in html


def test_goals_are_told_apart_by_marker_fill_and_dash_not_colour_alone():
    styles = list(charts.STYLES.values())

    assert len({style.shape for style in styles}) == len(styles)
    assert len({style.dash for style in styles}) == len(styles)
    html = rendered(charts.goal_chart(fetched(rated_plan(ratings_per_goal=2))))
    assert 'stroke-dasharray="8 4"' in html and 'stroke-dasharray="2 4"' in html


def test_time_runs_in_the_reading_direction():
    plan = make_plan(goals=("Go to school",))
    goal = plan.goals.get()
    rate(goal, 2, TODAY - 30 * DAY)
    rate(goal, 6, TODAY)
    plan = fetched(plan)

    english = charts.goal_chart(plan)
    with translation.override("ar"):
        arabic = charts.goal_chart(plan)
        html = rendered(arabic)

    first, latest = english.series[0].points
    assert first.x < latest.x and "on the left" in english.caption
    first, latest = arabic.series[0].points
    assert first.x > latest.x
    assert arabic.rtl and 'direction="rtl"' in html
    # The score labels stand on the side the time axis starts.
    assert arabic.score_ticks[0]["x"] > charts.WIDTH / 2 > english.score_ticks[0]["x"]


def test_a_single_date_sits_in_the_middle():
    plan = make_plan(goals=("Go to school",))
    rate(plan.goals.get(), 4, TODAY)
    rate(plan.goals.get(), 5, TODAY, rater=RaterRole.PARENT_CARER)

    chart = charts.goal_chart(fetched(plan))

    assert {point.x for point in chart.series[0].points} == {
        (charts.SIDE + charts.WIDTH - charts.GAP) / 2
    }
    assert len(chart.date_ticks) == 1


def _queries_to_chart(plan):
    with CaptureQueriesContext(connection) as fetching:
        plan = fetched(plan)
    with CaptureQueriesContext(connection) as drawing:
        rendered(charts.goal_chart(plan))
    return len(fetching), len(drawing)


def test_queries_do_not_grow_with_the_ratings():
    few = rated_plan(ratings_per_goal=1, goal_texts=("Go to school",))
    many = rated_plan(ratings_per_goal=40)

    assert _queries_to_chart(few) == _queries_to_chart(many)
    assert _queries_to_chart(many)[1] == 0
