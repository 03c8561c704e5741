"""Small-number suppression for aggregate tables (docs/measures.md, "Suppression").

As NHS mental health statistics do below national level: a count under 5 is shown as "*" and
any other count is rounded to the nearest 5; a percentage is worked out from the rounded counts
and hidden when either is hidden. Secondary suppression then hides more cells so that no hidden
count under 5 can be worked out from the shown cells and the totals that tie them, by an attacker
who knows each shown count to within 2 (rounding), each count under 5 to be 0 to 4, and each other
hidden count to be 5 or more.

Tables are described as values by key plus "totals": (total key, [part keys]) meaning
total = sum of parts. A key may be a part of one total and the total of others (a hierarchy such as
grid -> setting -> all, month -> quarter -> year, team -> ICS), and every table the product can
show should be suppressed together when their cells add up to each other (`reports.py` does so for
every period and organisation at once).
"""

from collections import defaultdict, deque
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence

SMALLEST_SHOWN = 5
ROUND_TO = 5
HIDDEN = "*"
UNBOUNDED = 10**9  # the attacker's upper bound for a hidden count of 5 or more


def rounded(count: int) -> int:
    """To the nearest multiple of 5 (counts are whole numbers, so there are no ties)."""
    return ROUND_TO * ((count + ROUND_TO // 2) // ROUND_TO)


def hidden_cells(
    values: Mapping[Hashable, int],
    totals: Sequence[tuple[Hashable, Sequence[Hashable]]] = (),
    *,
    also_hidden: Iterable[Hashable] = (),
) -> set:
    """The keys to hide: counts under 5 (primary), `also_hidden`, and enough others (secondary)
    that every total relation has no hidden cell or at least two.

    Secondary choices hide the smallest shown part (then the total, if no part is left), so as
    little as possible is lost; ties go to the first in the order given, so the result is stable.
    """
    hidden = {key for key, value in values.items() if value < SMALLEST_SHOWN}
    hidden |= set(also_hidden)
    order = {key: index for index, key in enumerate(values)}
    changed = True
    while changed:
        changed = False
        for total, parts in totals:
            if not parts:
                continue
            members = [total, *parts]
            if sum(1 for key in members if key in hidden) != 1:
                continue
            shown_parts = [key for key in parts if key not in hidden]
            candidates = shown_parts or [total]
            hidden.add(min(candidates, key=lambda key: (values[key], order.get(key, 0))))
            changed = True
    return hidden


def known_range(value: int, hidden: bool) -> tuple[int, int]:
    """What someone reading the page knows of a count: its rounding interval, 0 to 4, or 5 up."""
    if not hidden:
        return max(rounded(value) - 2, SMALLEST_SHOWN), rounded(value) + 2
    return (0, SMALLEST_SHOWN - 1) if value < SMALLEST_SHOWN else (SMALLEST_SHOWN, UNBOUNDED)


def attacker_bounds(values, hidden, totals, *, not_shown=(), ceilings=None):
    """The narrowest interval for each count that follows from the shown cells by the totals.

    Interval constraint propagation to a fixed point: each total bounds each of its members by the
    others' bounds. `not_shown` counts are only known to be 0 or more; `ceilings` are upper bounds
    known from elsewhere (a numerator is at most its denominator).
    """
    not_shown, ceilings = set(not_shown), ceilings or {}
    low, high = {}, {}
    for key, value in values.items():
        low[key], high[key] = (
            (0, UNBOUNDED) if key in not_shown else known_range(value, key in hidden)
        )
        high[key] = min(high[key], ceilings.get(key, UNBOUNDED))
    relations = [(total, list(parts)) for total, parts in totals if parts]
    by_key = defaultdict(list)
    for index, (total, parts) in enumerate(relations):
        for key in (total, *parts):
            by_key[key].append(index)
    queue, queued = deque(range(len(relations))), set(range(len(relations)))
    while queue:
        index = queue.popleft()
        queued.discard(index)
        for key in _tighten(relations[index], low, high):
            for other in by_key[key]:
                if other not in queued:
                    queue.append(other)
                    queued.add(other)
    return low, high


def _tighten(relation, low, high):
    """Narrow the members of one total = sum(parts); returns the keys that changed."""
    total, parts = relation
    parts_low, parts_high = sum(low[p] for p in parts), sum(high[p] for p in parts)
    changed = []
    if parts_low > low[total] or parts_high < high[total]:
        low[total], high[total] = max(low[total], parts_low), min(high[total], parts_high)
        changed.append(total)
    for part in parts:
        part_low = low[total] - (parts_high - high[part])
        part_high = high[total] - (parts_low - low[part])
        if part_low > low[part] or part_high < high[part]:
            low[part], high[part] = max(low[part], part_low), min(high[part], part_high)
            changed.append(part)
    return changed


def protect(values, totals, *, also_hidden=(), not_shown=(), ceilings=None) -> set:
    """`hidden_cells`, then more hidden until no hidden count of 1 to 4 is pinned to one value by
    `attacker_bounds` (the rounding of shown totals can pin, say, two hidden 4s under a total
    shown as 10). Each round hides the smallest shown cell of a total that pins one."""
    not_shown = set(not_shown)
    hidden = hidden_cells(values, totals, also_hidden={*also_hidden, *not_shown})
    order = {key: index for index, key in enumerate(values)}
    totals_of = defaultdict(list)
    for total, parts in totals:
        for key in (total, *parts):
            totals_of[key].append((total, parts))
    while True:
        low, high = attacker_bounds(values, hidden, totals, not_shown=not_shown, ceilings=ceilings)
        pinned = [
            key
            for key in sorted(hidden - not_shown, key=order.__getitem__)
            if 0 < values[key] < SMALLEST_SHOWN and low[key] == high[key]
        ]
        more = set()
        for key in pinned:
            shown = {m for t, parts in totals_of[key] for m in (t, *parts) if m not in hidden}
            if shown:
                more.add(min(shown, key=lambda m: (values[m], order[m])))
        if not more:
            return hidden
        hidden = hidden_cells(values, totals, also_hidden=hidden | more)


def suppress(
    denominators: Mapping[Hashable, int],
    numerators: Mapping[Hashable, int],
    totals: Sequence[tuple[Hashable, Sequence[Hashable]]],
    *,
    share_totals: Sequence[tuple[Hashable, Sequence[Hashable]]] = (),
    denominator_of: Callable[[Hashable], Hashable] | None = None,
    not_shown: Iterable[Hashable] = (),
    not_shown_counts: Iterable[Hashable] = (),
) -> tuple[set, set]:
    """Hidden counts and hidden percentages for a set of linked tables: the one rule for a page.

    `numerators` are the counts behind each percentage (the responses that count towards a score),
    keyed as the denominators, and add up along the same totals. A page with more than one kind
    of percentage keys the others apart: `denominator_of(key)` names the count such a numerator
    is out of, and `share_totals` are the totals only numerators have. `not_shown` are numerators
    (and `not_shown_counts` counts) no page shows but that are part of a total one does: they are
    only known to be 0 or more, and are never shown.

    A percentage is hidden when its count is hidden, its numerator is under 5 or it is not
    shown, and more are hidden so that no hidden numerator under 5 can be worked out.
    """
    denominator_of = denominator_of or (lambda key: key)
    hidden_counts = protect(denominators, totals, not_shown=not_shown_counts)
    low, high = attacker_bounds(denominators, hidden_counts, totals, not_shown=not_shown_counts)
    hidden_shares = protect(
        numerators,
        [*totals, *share_totals],
        also_hidden={key for key in numerators if denominator_of(key) in hidden_counts},
        not_shown=not_shown,
        ceilings={key: high.get(denominator_of(key), UNBOUNDED) for key in numerators},
    )
    return hidden_counts, hidden_shares


def shown_count(count: int, hidden: bool) -> str:
    return HIDDEN if hidden or count < SMALLEST_SHOWN else str(rounded(count))


def shown_share(numerator: int, denominator: int, hidden: bool) -> str:
    """A whole percentage of the rounded counts (as shown beside it), or "*"."""
    if hidden or numerator < SMALLEST_SHOWN or denominator < SMALLEST_SHOWN:
        return HIDDEN
    return f"{round(100 * rounded(numerator) / rounded(denominator))}%"
