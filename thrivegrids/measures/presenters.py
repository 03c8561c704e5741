"""Responses -> the team page's suppressed tables; and links to the public feedback page."""

from collections import Counter, defaultdict

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thrivegrids.conversations.models import VoiceRole
from thrivegrids.grids.models import Setting
from thrivegrids.measures import scoring
from thrivegrids.measures.models import Item, Response
from thrivegrids.measures.suppression import hidden_cells, shown_count, shown_share

ENOUGH_INFORMATION = "enough-information"
# The i-THRIVE audit: the share who felt they had enough information to choose.
AUDIT_REFERENCE = {
    VoiceRole.YOUNG_PERSON: "30%",
    VoiceRole.PARENT_CARER: "50%",
    VoiceRole.PRACTITIONER: "83%",
}
ROLE_PLURALS = {
    VoiceRole.YOUNG_PERSON: gettext_lazy("Young people"),
    VoiceRole.PARENT_CARER: gettext_lazy("Parents and carers"),
    VoiceRole.PRACTITIONER: gettext_lazy("Practitioners"),
}
ALL = "all"


def feedback_url(token, language):
    """The public feedback page for a summary link, in the link's language."""
    with translation.override(language):
        return reverse("feedback:answer_feedback", args=[token])


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
    """Counts for one team page: denominators, score numerators, and the relations between them."""

    def __init__(self, items):
        self.items = items  # instrument pk -> [Item]
        self.answers = Counter()  # responses, by key
        self.scored = Counter()  # responses counting towards the instrument's score
        self.enough = Counter()  # ("all", role): enough information, at the top of the scale
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
        enough = next((item for item in items if item.concept == ENOUGH_INFORMATION), None)
        if enough is not None:
            self.answers[(ALL, role)] += 1
            self.enough[(ALL, role)] += response.answers.get(enough.key) == enough.top_value

    def cells(self):
        """Every shown cell, zeros included, with the totals that tie them together."""
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
            totals.append(((ALL, role), headline_parts[role]))
        return answers, scored, totals


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
    tally = Tally(items)
    for response in responses:
        tally.add(response)
    answers, scored, totals = tally.cells()
    hidden_answers = hidden_cells(answers, totals)
    # Score numerators add up as the answers do; the headline's have no parts shown.
    score_totals = [(total, parts) for total, parts in totals if total[0] != ALL]
    hidden_scores = hidden_cells(
        scored, score_totals, also_hidden={k for k in hidden_answers if k[0] != ALL}
    )
    hidden_enough = hidden_cells(
        {k: tally.enough[k] for k in answers if k[0] == ALL},
        also_hidden={k for k in hidden_answers if k[0] == ALL},
    )
    count = lambda key: shown_count(answers[key], key in hidden_answers)  # noqa: E731
    score = lambda key: shown_share(scored[key], answers[key], key in hidden_scores)  # noqa: E731
    headline = [
        [
            {"text": str(ROLE_PLURALS[role]), "element": "th", "scope": "row"},
            {"text": count((ALL, role)), "format": "numeric"},
            {
                "text": shown_share(
                    tally.enough[(ALL, role)], answers[(ALL, role)], (ALL, role) in hidden_enough
                ),
                "format": "numeric",
            },
            {"text": AUDIT_REFERENCE[role], "format": "numeric"},
        ]
        for role in VoiceRole.values
    ]
    sections = [
        _instrument_section(instrument, tally, count, score)
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


def _row(label, keys, count, score):
    row = [{"text": label, "element": "th", "scope": "row"}]
    for key in keys:
        row.append({"text": count(key), "format": "numeric"})
        row.append({"text": score(key), "format": "numeric"})
    return row


def _instrument_section(instrument, tally, count, score):
    pk, roles = instrument.pk, instrument.respondent_roles
    grids = sorted(tally.grids[pk].values(), key=lambda g: (g.topic.position, g.setting))
    by_grid = [
        _row(
            f"{grid.topic.name} ({Setting(grid.setting).label})",
            [(pk, role, grid.setting, grid.pk) for role in roles],
            count,
            score,
        )
        for grid in grids
    ]
    by_setting = [
        _row(str(Setting(setting).label), [(pk, role, setting) for role in roles], count, score)
        for setting in sorted(tally.settings[pk])
    ]
    total = _row(_("All"), [(pk, role) for role in roles], count, score)
    return {
        "instrument": instrument,
        "name": instrument.name_in(),
        "score_means": str(scoring.RULES[instrument.scoring_rule].label),
        "by_grid": {"head": _head(_("Grid"), roles), "rows": [*by_grid, total]},
        "by_setting": {"head": _head(_("Setting"), roles), "rows": [*by_setting, total]},
    }
