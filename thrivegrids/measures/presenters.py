"""Responses -> the team page's suppressed tables; feedback links for staff to hand out."""

from collections import Counter, defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thrivegrids.conversations.public import SummaryLanguage, VoiceRole
from thrivegrids.core.languages import in_language
from thrivegrids.core.qr import qr_code_svg
from thrivegrids.core.thrive import Setting
from thrivegrids.measures import scoring
from thrivegrids.measures.feedback_links import PUBLIC_ROLES, feedback_url
from thrivegrids.measures.models import Instrument, Item, Response
from thrivegrids.measures.suppression import hidden_cells, shown_count, shown_share

ENOUGH_INFORMATION = "enough-information"
ROLE_PLURALS = {
    VoiceRole.YOUNG_PERSON: gettext_lazy("Young people"),
    VoiceRole.PARENT_CARER: gettext_lazy("Parents and carers"),
    VoiceRole.PRACTITIONER: gettext_lazy("Practitioners"),
}
ALL = "all"
TOP = "top"  # keys (TOP, instrument pk, item key, role): responses answering the item at its top
FEEDBACK_LINK_HEADINGS = {
    VoiceRole.YOUNG_PERSON: gettext_lazy("For the young person"),
    VoiceRole.PARENT_CARER: gettext_lazy("For the parent or carer"),
}
FEEDBACK_LINK_LABELS = {
    VoiceRole.YOUNG_PERSON: gettext_lazy("Feedback link for the young person"),
    VoiceRole.PARENT_CARER: gettext_lazy("Feedback link for the parent or carer"),
}


def feedback_link_languages(current):
    """Links to show the feedback links in each summary language (the current one marked)."""
    return [
        {"value": value, "label": label, "current": value == current}
        for value, label in SummaryLanguage.choices
    ]


def feedback_link_cards(request, conversation, answered_by_role, now=None, language=None):
    """For each person who answers from their own phone: their link, its QR code and its state.

    `answered_by_role` maps each role to the pks of the instruments it has answered. The links
    are in `language` (default: the summary's). A link is "open", "answered" or "closed" (its window ended).
    """
    now = now or timezone.now()
    cards = []
    for role in PUBLIC_ROLES:
        instruments = Instrument.objects.latest_for_role(conversation.organisation, role)
        if not instruments:
            continue
        unanswered = [i for i in instruments if i.pk not in answered_by_role[role]]
        still_open = [i for i in unanswered if i.is_open_for(conversation, now)]
        state = "answered" if not unanswered else "open" if still_open else "closed"
        closes_at = max(i.closes_at(conversation) for i in still_open or instruments)
        address = request.build_absolute_uri(
            feedback_url(conversation, role, language or conversation.summary_language)
        )
        cards.append(
            {
                "role": role,
                "id": f"feedback-link-{role.replace('_', '-')}",
                "heading": FEEDBACK_LINK_HEADINGS[role],
                "label": FEEDBACK_LINK_LABELS[role],
                "state": state,
                "address": address if state == "open" else "",
                "qr": qr_code_svg(address) if state == "open" else "",
                "closes_on": timezone.localdate(closes_at),
            }
        )
    return cards


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
        self.top = Counter()  # (TOP, instrument pk, item key, role): the item at its top
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
        values = {(ALL, role): self.enough[(ALL, role)] for role in VoiceRole.values}
        totals = []
        for role in VoiceRole.values:
            parts = [
                (TOP, pk, enough.key, role)
                for pk, instrument in self.instruments.items()
                if role in instrument.respondent_roles
                and (enough := _enough_item(self.items[pk])) is not None
            ]
            if shown & set(parts):
                totals.append(((ALL, role), parts))
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
    tops, top_totals, not_shown = tally.top_cells()
    hidden_tops = hidden_cells(
        tops,
        top_totals,
        also_hidden={k for k in hidden_answers if k[0] == ALL}
        | {k for k in tops if k[0] == TOP and (k[1], k[3]) in hidden_answers}
        | not_shown,
    )
    count = lambda key: shown_count(answers[key], key in hidden_answers)  # noqa: E731
    score = lambda key: shown_share(scored[key], answers[key], key in hidden_scores)  # noqa: E731

    def top_share(key, denominator):
        return shown_share(tops[key], answers[denominator], key in hidden_tops)

    headline = [
        [
            {"text": str(ROLE_PLURALS[role]), "element": "th", "scope": "row"},
            {"text": count((ALL, role)), "format": "numeric"},
            {"text": top_share((ALL, role), (ALL, role)), "format": "numeric"},
        ]
        for role in VoiceRole.values
    ]
    sections = [
        _instrument_section(instrument, tally, count, score, top_share)
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


def _benchmark(instrument, items, count, top_share):
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
            {
                "text": top_share((TOP, pk, item.key, figure["role"]), (pk, figure["role"])),
                "format": "numeric",
            },
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


def _instrument_section(instrument, tally, count, score, top_share):
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
        "benchmark": _benchmark(instrument, tally.items[pk], count, top_share),
        "by_grid": {"head": _head(_("Grid"), roles), "rows": [*by_grid, total]},
        "by_setting": {"head": _head(_("Setting"), roles), "rows": [*by_setting, total]},
    }
