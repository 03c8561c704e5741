"""The goal chart: progress towards each goal over time, drawn as plain SVG on the server.

`goal_chart(plan)` gives careplans/partials/goal_chart.jinja everything it draws: the SVG's
geometry (already in SVG units, so the template does no arithmetic), a sentence per goal for the
SVG's description, a legend, and the same ratings as a table. It reads `plan.goals.all()` and each
goal's `ratings.all()`: fetch the plan through `goals.with_goal_ratings` and it runs no queries.

Each goal has its own marker shape, fill and dash pattern as well as its own colour, so no goal
is told apart by colour alone. The SVG scales with its viewBox (320 px phones and A4 alike), uses
no CSS variables or scripts (WeasyPrint draws it as it is), and anchors every label at its middle
so it reads the same whatever the text direction.

Right-to-left languages: time runs in the direction the page is read, so in Arabic the earliest
rating is on the right and the score axis stands on the right, as a mirrored page puts the start
of a line; the drawing is mirrored by its coordinates, never by a transform, so the digits and
words stay as written. The caption says on which side the earliest rating is.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from thrivegrids.careplans.models import HIGHEST_SCORE, LOWEST_SCORE, RaterRole, RatingOccasion

WIDTH, HEIGHT = 400, 260
# The plot area inside the viewBox: room at each end of the time axis for half a date label
# (anchored at its middle; day and month above the year) and, on one side, the score labels.
SIDE, GAP, TOP, BOTTOM = 56, 52, 14, 206
MARKER = 6
AXIS_DATES = 3


@dataclass(frozen=True)
class GoalStyle:
    colour: str
    shape: str
    filled: bool
    dash: str


# One style per goal number (a plan has at most three goals): NHS blue, purple and dark green.
STYLES = {
    1: GoalStyle(colour="#005eb8", shape="circle", filled=True, dash=""),
    2: GoalStyle(colour="#330072", shape="square", filled=False, dash="8 4"),
    3: GoalStyle(colour="#006747", shape="triangle", filled=True, dash="2 4"),
}


@dataclass
class ChartPoint:
    x: float
    y: float
    score: int
    rated_on: datetime.date
    marker: str
    title: str


@dataclass
class ChartSeries:
    number: int
    label: str
    text: str
    style: GoalStyle
    points: list = field(default_factory=list)
    line: str = ""
    sample_marker: str = ""


@dataclass
class ChartRow:
    goal: str
    rated_on: datetime.date
    score: int
    rater: str
    occasion: str


@dataclass
class GoalChart:
    id: str
    rtl: bool
    width: int
    height: int
    title: str
    description: str
    caption: str
    series: list
    rows: list
    score_ticks: list
    date_ticks: list
    axis: dict

    @property
    def has_ratings(self):
        return bool(self.rows)


def marker_path(shape, x, y, size=MARKER):
    """An SVG path of a marker centred on (x, y)."""
    if shape == "square":
        side = size * 0.85
        return f"M{x - side:.1f},{y - side:.1f}h{2 * side:.1f}v{2 * side:.1f}h{-2 * side:.1f}z"
    if shape == "triangle":
        return (
            f"M{x:.1f},{y - size:.1f}L{x + size:.1f},{y + size:.1f}L{x - size:.1f},{y + size:.1f}z"
        )
    return f"M{x - size:.1f},{y:.1f}a{size},{size} 0 1,0 {2 * size},0a{size},{size} 0 1,0 {-2 * size},0"


def short_date(day):
    return date_format(day, "j M Y")


class TimeAxis:
    """Dates to x: the first rating at the start of the reading direction, the last at its end."""

    def __init__(self, days, rtl):
        self.first, self.last = min(days), max(days)
        self.span = (self.last - self.first).days
        self.rtl = rtl
        self.left, self.right = (GAP, WIDTH - SIDE) if rtl else (SIDE, WIDTH - GAP)

    def x(self, day):
        share = 0.5 if self.span == 0 else (day - self.first).days / self.span
        width = self.right - self.left
        return round(self.right - share * width if self.rtl else self.left + share * width, 1)

    def ticks(self):
        if self.span == 0:
            days = [self.first]
        else:
            steps = min(AXIS_DATES - 1, self.span)
            days = sorted(
                {
                    self.first + datetime.timedelta(days=round(self.span * i / steps))
                    for i in range(steps + 1)
                }
            )
        return [
            {"x": self.x(day), "label": date_format(day, "j M"), "year": day.year} for day in days
        ]


def score_y(score):
    share = (score - LOWEST_SCORE) / (HIGHEST_SCORE - LOWEST_SCORE)
    return round(BOTTOM - share * (BOTTOM - TOP), 1)


def _labels(choices, value):
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _goal_sentence(number, ratings):
    if not ratings:
        return _("Goal %(number)s: not rated yet.") % {"number": number}
    first, latest = ratings[0], ratings[-1]
    if len(ratings) == 1:
        return _("Goal %(number)s: %(score)s out of 10 on %(date)s.") % {
            "number": number,
            "score": first.score,
            "date": date_format(first.rated_on, "j F Y"),
        }
    return _(
        "Goal %(number)s: %(first)s out of 10 on %(first_on)s; latest %(latest)s out of 10 on "
        "%(latest_on)s (%(count)s ratings)."
    ) % {
        "number": number,
        "first": first.score,
        "first_on": date_format(first.rated_on, "j F Y"),
        "latest": latest.score,
        "latest_on": date_format(latest.rated_on, "j F Y"),
        "count": len(ratings),
    }


def _series(goal, ratings, axis):
    style = STYLES.get(goal.number, STYLES[1])
    label = _("Goal %(number)s") % {"number": goal.number}
    series = ChartSeries(number=goal.number, label=label, text=goal.text, style=style)
    for rating in ratings:
        x, y = axis.x(rating.rated_on), score_y(rating.score)
        title = _("%(goal)s, %(date)s: %(score)s out of 10 (%(rater)s)") % {
            "goal": label,
            "date": short_date(rating.rated_on),
            "score": rating.score,
            "rater": _labels(RaterRole, rating.rater_role),
        }
        series.points.append(
            ChartPoint(x, y, rating.score, rating.rated_on, marker_path(style.shape, x, y), title)
        )
    series.line = " ".join(f"{point.x},{point.y}" for point in series.points)
    series.sample_marker = marker_path(style.shape, 20, 8)
    return series


def _rows(goal, ratings):
    label = _("Goal %(number)s") % {"number": goal.number}
    return [
        ChartRow(
            goal=label,
            rated_on=rating.rated_on,
            score=rating.score,
            rater=_labels(RaterRole, rating.rater_role),
            occasion=_labels(RatingOccasion, rating.occasion),
        )
        for rating in ratings
    ]


def goal_chart(plan, goals=None) -> GoalChart:
    """What the goal chart partial draws for `plan` (its goals prefetched with their ratings),
    in the active language. `goals` may be given instead of reading `plan.goals.all()`."""
    goals = sorted(plan.goals.all() if goals is None else goals, key=lambda goal: goal.number)
    rated = [(goal, sorted(goal.ratings.all(), key=lambda r: (r.rated_on, r.pk))) for goal in goals]
    rtl = translation.get_language_bidi()
    days = [rating.rated_on for _goal, ratings in rated for rating in ratings]
    axis = TimeAxis(days, rtl) if days else None
    series = [_series(goal, ratings, axis) for goal, ratings in rated if ratings]
    score_x = WIDTH - SIDE + 18 if rtl else SIDE - 18
    return GoalChart(
        id=f"goal-chart-{plan.pk}",
        rtl=rtl,
        width=WIDTH,
        height=HEIGHT,
        title=_("Progress towards each goal over time"),
        description=" ".join(_goal_sentence(goal.number, ratings) for goal, ratings in rated),
        caption=(
            _(
                "Each goal's progress from 0 (no progress) to 10 (goal reached). The earliest rating is on the right."
            )
            if rtl
            else _(
                "Each goal's progress from 0 (no progress) to 10 (goal reached). The earliest rating is on the left."
            )
        ),
        series=series,
        rows=[row for goal, ratings in rated for row in _rows(goal, ratings)],
        score_ticks=[
            {"y": score_y(score), "label": str(score), "x": score_x}
            for score in range(LOWEST_SCORE, HIGHEST_SCORE + 1, 2)
        ],
        date_ticks=axis.ticks() if axis else [],
        axis={
            "left": axis.left if axis else SIDE,
            "right": axis.right if axis else WIDTH - GAP,
            "top": TOP,
            "bottom": BOTTOM,
            "date_y": BOTTOM + 22,
            "year_y": BOTTOM + 40,
            "start_x": axis.right if axis and rtl else (axis.left if axis else SIDE),
        },
    )
