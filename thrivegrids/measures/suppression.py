"""Small-number suppression for aggregate tables (docs/measures.md, "Suppression").

As NHS mental health statistics do below national level: a count under 5 is shown as "*" and
any other count is rounded to the nearest 5; a percentage is hidden when its numerator or
denominator is under 5. Secondary suppression then hides more cells so that no hidden cell can be
worked out by subtracting shown cells from a shown total.

Tables are described as values by key plus "totals": (total key, [part keys]) meaning
total = sum of parts. A key may be a part of one total and the total of others (a hierarchy such as
grid -> setting -> all), and several tables on one page should be suppressed together when their
cells add up to each other.
"""

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence

SMALLEST_SHOWN = 5
ROUND_TO = 5
HIDDEN = "*"


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


def suppress(
    denominators: Mapping[Hashable, int],
    numerators: Mapping[Hashable, int],
    totals: Sequence[tuple[Hashable, Sequence[Hashable]]],
    *,
    share_totals: Sequence[tuple[Hashable, Sequence[Hashable]]] = (),
    denominator_of: Callable[[Hashable], Hashable] | None = None,
    not_shown: Iterable[Hashable] = (),
) -> tuple[set, set]:
    """Hidden counts and hidden percentages for a set of linked tables: the one rule for a page.

    `numerators` are the counts behind each percentage (the responses that count towards a score),
    keyed as the denominators, and add up along the same totals. A page with more than one kind
    of percentage keys the others apart: `denominator_of(key)` names the count such a numerator
    is out of, and `share_totals` are the totals only numerators have. `not_shown` are numerators
    the page does not show but that are part of a total it does (they count as hidden, so they
    cannot be worked out either).

    A percentage is hidden when its denominator is hidden, its numerator is under 5 or it is not
    shown, and more are hidden so that a hidden numerator cannot be worked out from percentages
    of parts and total.
    """
    denominator_of = denominator_of or (lambda key: key)
    hidden_counts = hidden_cells(denominators, totals)
    hidden_shares = hidden_cells(
        numerators,
        [*totals, *share_totals],
        also_hidden={key for key in numerators if denominator_of(key) in hidden_counts}
        | set(not_shown),
    )
    return hidden_counts, hidden_shares


def shown_count(count: int, hidden: bool) -> str:
    return HIDDEN if hidden or count < SMALLEST_SHOWN else str(rounded(count))


def shown_share(numerator: int, denominator: int, hidden: bool) -> str:
    """A whole percentage from the unrounded counts, or "*"."""
    if hidden or numerator < SMALLEST_SHOWN or denominator < SMALLEST_SHOWN:
        return HIDDEN
    return f"{round(100 * numerator / denominator)}%"
