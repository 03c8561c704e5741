"""Every figure the team page can show for one organisation tree, suppressed at once.

A cell is (place, key): the place is (organisation pk, period), the key a grouping of the page
(instrument, role, setting, grid; or the headline). The cells are tied by totals in three
directions: grid -> setting -> instrument -> headline within a place, month -> quarter -> year
for an organisation, and team -> site -> ICS for a period. Deciding the hidden cells over all of
them together makes a cell's answer the same on every page that shows it, so no combination of
pages (team and ICS, a year and its quarters) works a hidden count out (docs/measures.md).
"""

from collections import Counter, defaultdict

from thrivegrids.conversations.public import VoiceRole
from thrivegrids.measures import scoring
from thrivegrids.measures.periods import sub_periods
from thrivegrids.measures.suppression import suppress

ENOUGH_INFORMATION = "enough-information"
ALL = "all"
TOP = "top"  # (TOP, instrument pk, item key, role): answers at the item's top; ALL for the headline
DIRECT = "direct"  # (DIRECT, org pk): responses of an organisation above others, never shown


def headline_top(role):
    """The key of the headline's count: `role`'s answers at the top of an enough-information item."""
    return (TOP, ALL, ENOUGH_INFORMATION, role)


def denominator_of(key):
    """The count a percentage's numerator is out of: a top count's (instrument or ALL, role)."""
    return (key[1], key[3]) if key[0] == TOP else key


def enough_item(items):
    return next((item for item in items if item.concept == ENOUGH_INFORMATION), None)


class Structure:
    """The page's groupings, the same for every place: instruments, grids and settings answered
    anywhere in the tree and the offered periods, and how their cells add up within a place."""

    def __init__(self, items):
        self.items = items  # instrument pk -> [Item]
        self.instruments = {}
        self.grids = defaultdict(dict)  # instrument pk -> {grid pk: grid}
        self.settings = defaultdict(set)

    def add(self, response):
        grid = response.main_grid_version.grid
        self.instruments[response.instrument.pk] = response.instrument
        self.grids[response.instrument.pk][grid.pk] = grid
        self.settings[response.instrument.pk].add(grid.setting)

    def count_totals(self):
        """(keys, totals) of the answer counts (and score numerators) within a place."""
        keys, totals = [], []
        headline_parts = defaultdict(list)
        for pk, instrument in self.instruments.items():
            for role in instrument.respondent_roles:
                setting_keys = []
                for setting in sorted(self.settings[pk]):
                    grid_keys = [
                        (pk, role, setting, g.pk)
                        for g in self.grids[pk].values()
                        if g.setting == setting
                    ]
                    totals.append(((pk, role, setting), grid_keys))
                    setting_keys.append((pk, role, setting))
                    keys.extend(grid_keys)
                totals.append(((pk, role), setting_keys))
                keys.extend([*setting_keys, (pk, role)])
                if enough_item(self.items[pk]) is not None:
                    headline_parts[role].append((pk, role))
        for role in VoiceRole.values:
            keys.append((ALL, role))
            totals.append(((ALL, role), headline_parts[role]))
        return keys, totals

    def top_totals(self):
        """(keys, totals, not shown) of the counts of answers at an item's top within a place.

        A headline count is the sum of each instrument's enough-information count; when any of
        those parts is shown beside a benchmark, they are suppressed together, the parts not
        shown being unknowns that are never shown.
        """
        shown = set()
        for pk, instrument in self.instruments.items():
            benchmark = instrument.benchmark or {}
            for figure in benchmark.get("figures", []):
                shown.add((TOP, pk, benchmark["item"], figure["role"]))
        totals = []
        for role in VoiceRole.values:
            parts = [
                (TOP, pk, enough.key, role)
                for pk, instrument in self.instruments.items()
                if role in instrument.respondent_roles
                and (enough := enough_item(self.items[pk])) is not None
            ]
            if shown & set(parts):
                totals.append((headline_top(role), parts))
        keys = [headline_top(role) for role in VoiceRole.values]
        keys += sorted(shown | {part for _, parts in totals for part in parts}, key=str)
        return keys, totals, set(keys) - shown - {headline_top(r) for r in VoiceRole.values}


class Lattice:
    """Counts for every organisation of a tree × every offered period × every grouping."""

    def __init__(self, items, tree, periods):
        self.structure = Structure(items)
        self.tree = tree  # org pk -> parent pk (None at the top), the whole tree
        self.periods = list(periods)
        self.answers, self.scored, self.top = Counter(), Counter(), Counter()
        self.direct = set()  # organisations with children and responses of their own

    def _organisations_above(self, pk):
        chain = [pk]
        while self.tree.get(chain[-1]) is not None:
            chain.append(self.tree[chain[-1]])
        return chain

    def add(self, response):
        instrument, role = response.instrument, response.respondent_role
        items = self.structure.items[instrument.pk]
        grid = response.main_grid_version.grid
        self.structure.add(response)
        counts = scoring.response_counts(instrument, items, response.answers)
        keys = [
            (instrument.pk, role),
            (instrument.pk, role, grid.setting),
            (instrument.pk, role, grid.setting, grid.pk),
        ]
        tops = {(TOP, instrument.pk, item.key, role): item for item in items}
        enough = enough_item(items)
        if enough is not None:
            keys.append((ALL, role))
            tops[headline_top(role)] = enough
        organisations = self._organisations_above(response.organisation_id)
        if response.organisation_id in self.tree.values():
            self.direct.add(response.organisation_id)
            organisations.append((DIRECT, response.organisation_id))
        for period in self.periods:
            if not period.contains(response.answered_on):
                continue
            for organisation in organisations:
                place = (organisation, period)
                for key in keys:
                    self.answers[(place, key)] += 1
                    self.scored[(place, key)] += counts
                for key, item in tops.items():
                    self.top[(place, key)] += response.answers.get(item.key) == item.top_value

    def places(self):
        return [(pk, period) for pk in self.tree for period in self.periods]

    def _across(self, keys):
        """Totals over periods (quarter = its months, year = its quarters) and organisations."""
        totals = []
        children = defaultdict(list)
        for pk, parent in self.tree.items():
            if parent is not None:
                children[parent].append(pk)
        for pk in self.direct:
            children[pk].append((DIRECT, pk))
        for key in keys:
            for pk in self.tree:
                for period, parts in sub_periods(self.periods):
                    totals.append((((pk, period), key), [((pk, p), key) for p in parts]))
            for parent, kids in children.items():
                for period in self.periods:
                    totals.append((((parent, period), key), [((kid, period), key) for kid in kids]))
        return totals

    def suppressed(self):
        """(hidden counts, hidden percentages) over every cell of the lattice."""
        count_keys, count_totals = self.structure.count_totals()
        top_keys, top_totals, top_not_shown = self.structure.top_totals()
        places = self.places()
        direct = [((DIRECT, pk), period) for pk in self.direct for period in self.periods]
        answers, numerators, totals, share_totals = {}, {}, [], []
        for place in [*places, *direct]:
            for key in count_keys:
                answers[(place, key)] = self.answers[(place, key)]
                numerators[(place, key)] = self.scored[(place, key)]
            for key in top_keys:
                numerators[(place, key)] = self.top[(place, key)]
        for place in places:
            for total, parts in count_totals:
                totals.append(((place, total), [(place, p) for p in parts]))
            for total, parts in top_totals:
                share_totals.append(((place, total), [(place, p) for p in parts]))
        totals += self._across(count_keys)
        share_totals += self._across(top_keys)
        not_shown = {(place, key) for place in places for key in top_not_shown}
        not_shown |= {(place, key) for place in direct for key in [*count_keys, *top_keys]}
        return suppress(
            answers,
            numerators,
            totals,
            share_totals=share_totals,
            denominator_of=lambda cell: (cell[0], denominator_of(cell[1])),
            not_shown=not_shown,
            not_shown_counts={(place, key) for place in direct for key in count_keys},
        )
