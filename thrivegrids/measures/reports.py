"""Responses -> the team page's figures (a team, a site or an ICS with everything within it).

Every count and percentage the page shows is suppressed together by `suppression.suppress`, given
the totals that tie the cells to each other (docs/measures.md, "Suppression").
"""

from collections import Counter, defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thrivegrids.conversations.public import VoiceRole
from thrivegrids.core.languages import in_language
from thrivegrids.core.thrive import Setting
from thrivegrids.measures import scoring
from thrivegrids.measures.models import Item, Response
from thrivegrids.measures.suppression import shown_count, shown_share, suppress

ENOUGH_INFORMATION = "enough-information"
ROLE_PLURALS = {
    VoiceRole.YOUNG_PERSON: gettext_lazy("Young people"),
    VoiceRole.PARENT_CARER: gettext_lazy("Parents and carers"),
    VoiceRole.PRACTITIONER: gettext_lazy("Practitioners"),
}
ALL = "all"
TOP = "top"  # (TOP, instrument pk, item key, role): answers at the item's top; ALL for the headline


def headline_top(role):
    """The key of the headline's count: `role`'s answers at the top of an enough-information item."""
    return (TOP, ALL, ENOUGH_INFORMATION, role)


def denominator_of(key):
    """The count a percentage's numerator is out of: a top count's (instrument or ALL, role)."""
    return (key[1], key[3]) if key[0] == TOP else key


def organisations_within(organisation):
    """The organisation and every organisation below it (teams within a site within an ICS)."""
    found, frontier = [organisation], [organisation]
    while frontier:
        frontier = list(
            type(organisation)
            .objects.filter(parent__in=frontier)
            .exclude(pk__in=[o.pk for o in found])
        )
        found.extend(frontier)
    return found


class Tally:
    """Counts for one team page: denominators, numerators, and the relations between them."""

    def __init__(self, items):
        self.items = items  # instrument pk -> [Item]
        self.answers = Counter()  # responses, by key
        self.scored = Counter()  # responses counting towards the instrument's score
        self.top = Counter()  # (TOP, instrument pk or ALL, item key, role): the item at its top
        self.instruments = {}
        self.grids = defaultdict(dict)  # instrument pk -> {grid pk: grid}
        self.settings = defaultdict(set)

    def add(self, response):
        instrument, role = response.instrument, response.respondent_role
        items = self.items[instrument.pk]
        grid = response.main_grid_version.grid
        self.instruments[instrument.pk] = instrument
        self.grids[instrument.pk][grid.pk] = grid
        self.settings[instrument.pk].add(grid.setting)
        counts = scoring.response_counts(instrument, items, response.answers)
        for key in (
            (instrument.pk, role),
            (instrument.pk, role, grid.setting),
            (instrument.pk, role, grid.setting, grid.pk),
        ):
            self.answers[key] += 1
            self.scored[key] += counts
        for item in items:
            self.top[(TOP, instrument.pk, item.key, role)] += (
                response.answers.get(item.key) == item.top_value
            )
        enough = _enough_item(items)
        if enough is not None:
            self.answers[(ALL, role)] += 1
            self.scored[(ALL, role)] += counts
            self.top[headline_top(role)] += response.answers.get(enough.key) == enough.top_value

    def cells(self):
        """Every shown cell, zeros included, with the totals that tie them together.

        Score numerators add up along the same totals, the headline's included: its score is not
        shown, but suppressing along it is stricter, as `suppression.suppress` asks.
        """
        answers, scored, totals = {}, {}, []
        headline_parts = defaultdict(list)
        for pk, instrument in self.instruments.items():
            has_concept = any(i.concept == ENOUGH_INFORMATION for i in self.items[pk])
            for role in instrument.respondent_roles:
                top = (pk, role)
                setting_keys = []
                for setting in sorted(self.settings[pk]):
                    grid_keys = [
                        (pk, role, setting, g.pk)
                        for g in self.grids[pk].values()
                        if g.setting == setting
                    ]
                    totals.append(((pk, role, setting), grid_keys))
                    setting_keys.append((pk, role, setting))
                    setting_keys.extend(grid_keys)
                totals.append((top, [k for k in setting_keys if len(k) == 3]))
                for key in [top, *setting_keys]:
                    answers[key] = self.answers[key]
                    scored[key] = self.scored[key]
                if has_concept:
                    headline_parts[role].append(top)
        for role in VoiceRole.values:
            answers[(ALL, role)] = self.answers[(ALL, role)]
            scored[(ALL, role)] = self.scored[(ALL, role)]
            totals.append(((ALL, role), headline_parts[role]))
        return answers, scored, totals

    def top_cells(self):
        """Counts of answers at an item's top: the headline's and the benchmarked items'.

        Returns (values, totals, not shown). A headline count is the sum of each instrument's
        enough-information count; when any of those parts is shown beside a benchmark, they are
        suppressed together, the parts not shown counting as hidden.
        """
        shown = set()
        for pk, instrument in self.instruments.items():
            benchmark = instrument.benchmark or {}
            for figure in benchmark.get("figures", []):
                shown.add((TOP, pk, benchmark["item"], figure["role"]))
        values = {headline_top(role): self.top[headline_top(role)] for role in VoiceRole.values}
        totals = []
        for role in VoiceRole.values:
            parts = [
                (TOP, pk, enough.key, role)
                for pk, instrument in self.instruments.items()
                if role in instrument.respondent_roles
                and (enough := _enough_item(self.items[pk])) is not None
            ]
            if shown & set(parts):
                totals.append((headline_top(role), parts))
        keys = shown | {part for _, parts in totals for part in parts}
        values |= {key: self.top[key] for key in sorted(keys, key=str)}
        return values, totals, keys - shown


def _enough_item(items):
    return next((item for item in items if item.concept == ENOUGH_INFORMATION), None)


def team_report(organisations, start, end):
    """What the team page shows for responses answered from `start` to `end`, suppressed."""
    responses = list(
        Response.objects.for_organisations(organisations)
        .filter(answered_on__gte=start, answered_on__lte=end)
        .select_related("instrument", "main_grid_version__grid__topic")
    )
    items = defaultdict(list)
    for item in Item.objects.filter(instrument__in={r.instrument_id for r in responses}):
        items[item.instrument_id].append(item)
    return report_for(responses, items)


def report_for(responses, items):
    """The team page's tables for `responses` (`items`: instrument pk -> [Item]), suppressed."""
    tally = Tally(items)
    for response in responses:
        tally.add(response)
    answers, scored, totals = tally.cells()
    tops, top_totals, not_shown = tally.top_cells()
    # Score and top-answer numerators never share a key (top counts' keys begin with TOP).
    numerators = scored | tops
    hidden_answers, hidden_shares = suppress(
        answers,
        numerators,
        totals,
        share_totals=top_totals,
        denominator_of=denominator_of,
        not_shown=not_shown,
    )
    count = lambda key: shown_count(answers[key], key in hidden_answers)  # noqa: E731

    def share(key):
        return shown_share(numerators[key], answers[denominator_of(key)], key in hidden_shares)

    headline = [
        [
            {"text": str(ROLE_PLURALS[role]), "element": "th", "scope": "row"},
            {"text": count((ALL, role)), "format": "numeric"},
            {"text": share(headline_top(role)), "format": "numeric"},
        ]
        for role in VoiceRole.values
    ]
    sections = [
        _instrument_section(instrument, tally, count, share)
        for instrument in sorted(tally.instruments.values(), key=lambda i: (i.slug, i.version))
    ]
    return {"headline": headline, "instruments": sections, "responses": len(responses)}


def _head(first, roles):
    head = [{"text": first}]
    for role in roles:
        head.append(
            {"text": _("%(people)s: answers") % {"people": ROLE_PLURALS[role]}, "format": "numeric"}
        )
        head.append(
            {"text": _("%(people)s: score") % {"people": ROLE_PLURALS[role]}, "format": "numeric"}
        )
    return head


def _row(label, keys, count, share):
    row = [{"text": label, "element": "th", "scope": "row"}]
    for key in keys:
        row.append({"text": count(key), "format": "numeric"})
        row.append({"text": share(key), "format": "numeric"})
    return row


def _benchmark(instrument, items, count, share):
    """The instrument's item beside the published figure its file names, or None."""
    benchmark = instrument.benchmark
    item = next((i for i in items if i.key == benchmark.get("item")), None) if benchmark else None
    if item is None:
        return None
    pk = instrument.pk
    top = max(item.scale, key=lambda option: option["value"])
    source = f"{benchmark['source']}, {benchmark['year']}"
    head = [
        {"text": _("Who answered")},
        {"text": _("Answers"), "format": "numeric"},
        {
            "text": _("Answered “%(answer)s”") % {"answer": in_language(top["label"])},
            "format": "numeric",
        },
        {"text": source, "format": "numeric"},
        {"text": _("Who the published figure counts")},
    ]
    rows = [
        [
            {"text": str(ROLE_PLURALS[figure["role"]]), "element": "th", "scope": "row"},
            {"text": count((pk, figure["role"])), "format": "numeric"},
            {"text": share((TOP, pk, item.key, figure["role"])), "format": "numeric"},
            {"text": f"{figure['percent']}%", "format": "numeric"},
            {"text": in_language(figure["label"])},
        ]
        for figure in benchmark["figures"]
    ]
    return {
        "source": source,
        "url": benchmark.get("url", ""),
        "item_text": item.text_in(),
        "question": in_language(benchmark["question"]),
        "population": in_language(benchmark["population"]),
        "comparable": benchmark["comparable"],
        "differences": in_language(benchmark.get("differences") or {}),
        "table": {"head": head, "rows": rows},
    }


def _instrument_section(instrument, tally, count, share):
    pk, roles = instrument.pk, instrument.respondent_roles
    grids = sorted(tally.grids[pk].values(), key=lambda g: (g.topic.position, g.setting))
    by_grid = [
        _row(
            f"{grid.topic.name} ({Setting(grid.setting).label})",
            [(pk, role, grid.setting, grid.pk) for role in roles],
            count,
            share,
        )
        for grid in grids
    ]
    by_setting = [
        _row(str(Setting(setting).label), [(pk, role, setting) for role in roles], count, share)
        for setting in sorted(tally.settings[pk])
    ]
    total = _row(_("All"), [(pk, role) for role in roles], count, share)
    return {
        "instrument": instrument,
        "name": instrument.name_in(),
        "score_means": str(scoring.RULES[instrument.scoring_rule].label),
        "benchmark": _benchmark(instrument, tally.items[pk], count, share),
        "by_grid": {"head": _head(_("Grid"), roles), "rows": [*by_grid, total]},
        "by_setting": {"head": _head(_("Setting"), roles), "rows": [*by_setting, total]},
    }
