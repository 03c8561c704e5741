"""The team page's figures (a team's, or an ICS's with everything within it), as the page shows them.

Random answers to a fixed set of instruments go through reports.report_for, which the team page
renders as it is; the tests read the tables back and check them against counts made here. Two
instruments share the headline's enough-information question for young people and for parents and
carers, two for practitioners, and three are compared with a published figure, one of them beside
an item that is not the enough-information one.

The tables are linked as suppression.py links them: grid -> setting -> all for each instrument and
role, the headline's counts as sums over instruments, and each kind of percentage's numerators along
the same totals. Each kind of figure is its own set of unknowns, as in suppression.py.
"""

from collections import Counter
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from tests.measures.recovery import determined
from thrivegrids.conversations.public import VoiceRole
from thrivegrids.measures.models import Instrument, Item
from thrivegrids.measures.periods import month
from thrivegrids.measures.reports import reports_for
from thrivegrids.measures.suppression import HIDDEN, rounded

YOUNG, PARENT, PRACTITIONER = VoiceRole.YOUNG_PERSON, VoiceRole.PARENT_CARER, VoiceRole.PRACTITIONER
ENOUGH = "enough-information"
ALL = "all"
YES_NO = [{"value": 1, "label": {"en": "Yes"}}, {"value": 0, "label": {"en": "No"}}]


def _benchmark(item, roles):
    return {
        "source": "A published audit",
        "year": 2015,
        "item": item,
        "comparable": False,
        "question": {"en": "Did you get enough information?"},
        "population": {"en": "Everyone asked"},
        "differences": {"en": "A yes or no question"},
        "figures": [{"role": role, "percent": 30, "label": {"en": "People"}} for role in roles],
    }


def _instrument(pk, slug, roles, items, rule="top-score", parameters=None, benchmark=None):
    instrument = Instrument(
        pk=pk,
        slug=slug,
        version=1,
        name={"en": slug},
        respondent_roles=roles,
        scoring_rule=rule,
        scoring_parameters=parameters or {},
        benchmark=benchmark or {},
    )
    rows = [
        Item(instrument=instrument, key=key, concept=concept, scale=YES_NO, text={"en": key})
        for key, concept in items
    ]
    return instrument, rows


INSTRUMENTS = [
    _instrument(
        1,
        "after",
        [YOUNG, PARENT],
        [("enough", ENOUGH), ("next", "")],
        benchmark=_benchmark("enough", [YOUNG, PARENT]),
    ),
    _instrument(
        2,
        "conflict",
        [YOUNG, PARENT],
        [("clear", ENOUGH), ("values", ""), ("support", "")],
        rule="count-at-or-below-threshold",
        parameters={"threshold": 1},
    ),
    _instrument(
        3,
        "mirror",
        [PRACTITIONER],
        [("range", ""), ("enough", ENOUGH)],
        benchmark=_benchmark("range", [PRACTITIONER]),
    ),
    _instrument(4, "plain", [PRACTITIONER, YOUNG], [("first", ""), ("second", "")]),
    _instrument(
        5,
        "review",
        [PRACTITIONER],
        [("enough", ENOUGH), ("shared", "")],
        benchmark=_benchmark("enough", [PRACTITIONER]),
    ),
]
GRIDS = [
    SimpleNamespace(pk=1, setting="nhs", topic=SimpleNamespace(name="Low mood", position=0)),
    SimpleNamespace(pk=2, setting="community", topic=SimpleNamespace(name="Low mood", position=0)),
    SimpleNamespace(pk=3, setting="nhs", topic=SimpleNamespace(name="Anxiety", position=1)),
]
ITEMS = {instrument.pk: items for instrument, items in INSTRUMENTS}
WHO = [
    (i, role)
    for i, (instrument, _) in enumerate(INSTRUMENTS)
    for role in instrument.respondent_roles
]

# Groups of people who answered alike: (instrument and role, grid, how many, top answer or not).
answer_groups = st.lists(
    st.tuples(
        st.sampled_from(WHO),
        st.sampled_from(GRIDS),
        st.integers(1, 6),
        st.lists(st.booleans(), min_size=3, max_size=3),
    ),
    max_size=24,
)


NOVEMBER = month(2026, 11)


def report_for(responses, items):
    """The page of one team for one month (no other pages to suppress along)."""
    return reports_for(responses, items, {1: None}, [NOVEMBER])[(1, NOVEMBER)]


def _responses(groups):
    responses = []
    for (index, role), grid, how_many, at_top in groups:
        instrument, items = INSTRUMENTS[index]
        answers = {item.key: int(top) for item, top in zip(items, at_top, strict=False)}
        response = SimpleNamespace(
            organisation_id=1,
            answered_on=NOVEMBER.start,
            instrument=instrument,
            respondent_role=role,
            main_grid_version=SimpleNamespace(grid=grid),
            answers=answers,
        )
        responses.extend([response] * how_many)
    return responses


def _items(responses):
    answered = {r.instrument.pk for r in responses}
    return {i.pk: items for i, items in INSTRUMENTS if i.pk in answered}


def _counts_the_response(instrument, items, answers):
    """The scoring rules, counted here as docs/measures.md words them."""
    at_top = sum(answers[item.key] == item.top_value for item in items)
    if instrument.scoring_rule == "top-score":
        return at_top == len(items)
    return at_top <= instrument.scoring_parameters["threshold"]


def _enough_key(items):
    return next((item.key for item in items if item.concept == ENOUGH), None)


class Figures:
    """The true counts behind the page, the relations between them, and what the page shows."""

    def __init__(self, responses):
        self.answers, self.scored, self.tops = Counter(), Counter(), Counter()
        self.grids = {}  # instrument pk -> {grid pk: grid}
        for r in responses:
            pk, role, grid = r.instrument.pk, r.respondent_role, r.main_grid_version.grid
            items = ITEMS[pk]
            self.grids.setdefault(pk, {})[grid.pk] = grid
            scored = _counts_the_response(r.instrument, items, r.answers)
            for key in [(pk, role), (pk, role, grid.setting), (pk, role, grid.setting, grid.pk)]:
                self.answers[key] += 1
                self.scored[key] += scored
            for item in items:
                self.tops[(pk, item.key, role)] += r.answers[item.key] == item.top_value
            if (enough := _enough_key(items)) is not None:
                self.answers[(ALL, role)] += 1
                self.scored[(ALL, role)] += scored
                self.tops[(ALL, role)] += r.answers[enough] == 1
        self.shown = {}  # (kind, key) -> text, kind "count", "score" or "top"

    def instruments(self):
        return sorted((i for i, _ in INSTRUMENTS if i.pk in self.grids), key=lambda i: i.slug)

    def settings(self, pk):
        return sorted({grid.setting for grid in self.grids[pk].values()})

    def relations(self):
        """{kind: [(total, parts)]}: how the counts of each kind add up."""
        counts, tops = [], []
        for instrument in self.instruments():
            pk = instrument.pk
            for role in instrument.respondent_roles:
                for setting in self.settings(pk):
                    grids = [g.pk for g in self.grids[pk].values() if g.setting == setting]
                    counts.append(((pk, role, setting), [(pk, role, setting, g) for g in grids]))
                counts.append(((pk, role), [(pk, role, s) for s in self.settings(pk)]))
        for role in VoiceRole.values:
            parts = [
                (i.pk, _enough_key(items), role)
                for i, items in INSTRUMENTS
                if i.pk in self.grids and role in i.respondent_roles and _enough_key(items)
            ]
            if parts:
                counts.append(((ALL, role), [(pk, role) for pk, _, role in parts]))
                tops.append(((ALL, role), parts))
        return {"count": counts, "score": counts, "top": tops}

    def value(self, kind, key):
        return {"count": self.answers, "score": self.scored, "top": self.tops}[kind][key]

    def denominator(self, kind, key):
        return key if kind != "top" else (key[0], key[2]) if key[0] != ALL else key

    def show(self, kind, key, cell):
        """Note what the page shows for one figure; a figure shown twice must read the same."""
        assert self.shown.setdefault((kind, key), cell["text"]) == cell["text"]

    def read(self, report):
        """Every figure of the page's tables, by what it counts."""
        for role, row in zip(VoiceRole.values, report["headline"], strict=True):
            self.show("count", (ALL, role), row[1])
            self.show("top", (ALL, role), row[2])
        sections = report["instruments"]
        assert [s["instrument"] for s in sections] == self.instruments()
        for section in sections:
            instrument = section["instrument"]
            pk, roles = instrument.pk, instrument.respondent_roles
            grids = sorted(self.grids[pk].values(), key=lambda g: (g.topic.position, g.setting))
            every = [(pk, role) for role in roles]  # "All" ends both tables
            rows = [(pk, role, g.setting, g.pk) for g in grids for role in roles] + every
            rows += [(pk, role, s) for s in self.settings(pk) for role in roles] + every
            cells = [
                row[1:] for table in ("by_grid", "by_setting") for row in section[table]["rows"]
            ]
            pairs = [pair for row in cells for pair in zip(row[::2], row[1::2], strict=True)]
            for key, (count, score) in zip(rows, pairs, strict=True):
                self.show("count", key, count)
                self.show("score", key, score)
            benchmark = instrument.benchmark
            figures = benchmark["figures"] if benchmark else []
            table = section["benchmark"]["table"]["rows"] if benchmark else []
            for figure, row in zip(figures, table, strict=True):
                self.show("count", (pk, figure["role"]), row[1])
                self.show("top", (pk, benchmark["item"], figure["role"]), row[2])


def _figures(groups):
    responses = _responses(groups)
    figures = Figures(responses)
    figures.read(report_for(responses, _items(responses)))
    return figures


@given(answer_groups)
def test_no_shown_count_or_percentage_rests_on_fewer_than_5_people(groups):
    figures = _figures(groups)

    for (kind, key), text in figures.shown.items():
        if text == HIDDEN:
            continue
        if kind == "count":
            count = figures.value(kind, key)
            assert count >= 5 and int(text) % 5 == 0 and abs(int(text) - count) <= 2
        else:
            numerator = figures.value(kind, key)
            denominator = figures.answers[figures.denominator(kind, key)]
            assert numerator >= 5 and denominator >= 5
            assert text == f"{round(100 * rounded(numerator) / rounded(denominator))}%"
            assert figures.shown[("count", figures.denominator(kind, key))] != HIDDEN


@given(answer_groups)
def test_no_hidden_figure_can_be_worked_out_from_shown_totals_and_parts(groups):
    figures = _figures(groups)

    for kind, totals in figures.relations().items():
        keys = {key for total, parts in totals for key in [total, *parts]}
        unknown = {key for key in keys if figures.shown.get((kind, key), HIDDEN) == HIDDEN}
        # Hidden on the page, or not on it at all (a part of a shown total) and under 5.
        protected = {
            key for key in unknown if (kind, key) in figures.shown or figures.value(kind, key) < 5
        }

        assert determined(unknown, totals) & protected == set()
