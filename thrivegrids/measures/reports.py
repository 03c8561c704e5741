"""Responses -> the team page's figures (a team, a site or an ICS with everything within it).

The figures of every organisation in the tree and every offered period are suppressed together
(`lattice.Lattice`), and a page is one slice of them, so the same cell reads the same on every
page that shows it (docs/measures.md, "Suppression").
"""

from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thrivegrids.conversations.public import VoiceRole
from thrivegrids.core.languages import in_language
from thrivegrids.core.thrive import Setting
from thrivegrids.measures import scoring
from thrivegrids.measures.lattice import ALL, TOP, Lattice, denominator_of, headline_top
from thrivegrids.measures.models import Item, Response
from thrivegrids.measures.suppression import shown_count, shown_share

ROLE_PLURALS = {
    VoiceRole.YOUNG_PERSON: gettext_lazy("Young people"),
    VoiceRole.PARENT_CARER: gettext_lazy("Parents and carers"),
    VoiceRole.PRACTITIONER: gettext_lazy("Practitioners"),
}


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


def top_of(organisation):
    """The organisation at the top of `organisation`'s tree (its ICS, usually)."""
    seen = {organisation.pk}
    while organisation.parent_id is not None and organisation.parent_id not in seen:
        organisation = organisation.parent
        seen.add(organisation.pk)
    return organisation


def team_report(organisation, period, periods):
    """What the team page shows for `organisation` (and those within it) in `period`, one of the
    offered `periods`: a slice of its whole tree's figures over every offered period, suppressed."""
    tree = {o.pk: o.parent_id for o in organisations_within(top_of(organisation))}
    tree = {pk: parent if parent in tree else None for pk, parent in tree.items()}
    responses = list(
        Response.objects.for_organisations(tree)
        .filter(
            answered_on__gte=min(p.start for p in periods),
            answered_on__lte=max(p.end for p in periods),
        )
        .select_related("instrument", "main_grid_version__grid__topic")
    )
    items = defaultdict(list)
    for item in Item.objects.filter(instrument__in={r.instrument_id for r in responses}):
        items[item.instrument_id].append(item)
    return reports_for(responses, items, tree, periods)[(organisation.pk, period)]


def reports_for(responses, items, tree, periods, places=None):
    """Every page's tables, by place (organisation pk, period), for `responses` (each with an
    `organisation_id` in `tree`, org pk -> parent pk, and an `answered_on`); `items`: instrument
    pk -> [Item]. `places` limits which pages are made (all by default); all are suppressed."""
    lattice = Lattice(items, tree, periods)
    for response in responses:
        lattice.add(response)
    hidden_counts, hidden_shares = lattice.suppressed()
    return {
        place: _page(lattice, place, hidden_counts, hidden_shares)
        for place in (places if places is not None else lattice.places())
    }


def _page(lattice, place, hidden_counts, hidden_shares):
    answers = lattice.answers
    numerators = {TOP: lattice.top}

    def count(key):
        return shown_count(answers[(place, key)], (place, key) in hidden_counts)

    def share(key):
        numerator = numerators.get(key[0], lattice.scored)[(place, key)]
        return shown_share(
            numerator, answers[(place, denominator_of(key))], (place, key) in hidden_shares
        )

    headline = [
        [
            {"text": str(ROLE_PLURALS[role]), "element": "th", "scope": "row"},
            {"text": count((ALL, role)), "format": "numeric"},
            {"text": share(headline_top(role)), "format": "numeric"},
        ]
        for role in VoiceRole.values
    ]
    structure = lattice.structure
    sections = [
        _instrument_section(instrument, structure, count, share)
        for instrument in sorted(structure.instruments.values(), key=lambda i: (i.slug, i.version))
    ]
    return {"headline": headline, "instruments": sections}


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


def _instrument_section(instrument, structure, count, share):
    pk, roles = instrument.pk, instrument.respondent_roles
    grids = sorted(structure.grids[pk].values(), key=lambda g: (g.topic.position, g.setting))
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
        for setting in sorted(structure.settings[pk])
    ]
    total = _row(_("All"), [(pk, role) for role in roles], count, share)
    return {
        "instrument": instrument,
        "name": instrument.name_in(),
        "score_means": str(scoring.RULES[instrument.scoring_rule].label),
        "benchmark": _benchmark(instrument, structure.items[pk], count, share),
        "by_grid": {"head": _head(_("Grid"), roles), "rows": [*by_grid, total]},
        "by_setting": {"head": _head(_("Setting"), roles), "rows": [*by_setting, total]},
    }
