"""Suppression: what is shown, and that no hidden cell can be worked out from what is shown."""

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from thrivegrids.measures.suppression import (
    HIDDEN,
    hidden_cells,
    rounded,
    shown_count,
    shown_share,
    suppress,
)

counts = st.integers(0, 40)
# A two-level table, as the team page's: settings, each with grids; a total over the settings.
hierarchies = st.lists(st.lists(counts, min_size=1, max_size=5), min_size=1, max_size=3)


def _table(hierarchy):
    """(values, totals) for grid cells (s, g), setting subtotals (s,) and the total ()."""
    values, totals = {}, []
    for s, grids in enumerate(hierarchy):
        for g, count in enumerate(grids):
            values[(s, g)] = count
        values[(s,)] = sum(grids)
        totals.append(((s,), [(s, g) for g in range(len(grids))]))
    values[()] = sum(values[(s,)] for s in range(len(hierarchy)))
    totals.append(((), [(s,) for s in range(len(hierarchy))]))
    return values, totals


def _determined(hidden, values, totals):
    """Hidden keys whose exact value follows from the shown values by the totals (linear algebra).

    Each relation total - sum(parts) = 0 becomes a row over the hidden unknowns, with the shown
    cells moved to the right-hand side; a hidden cell is determined when its unit vector lies in
    the row space. Exact, with fractions.
    """
    unknowns = sorted(hidden, key=str)
    index = {key: i for i, key in enumerate(unknowns)}
    rows = []
    for total, parts in totals:
        row = [Fraction(0)] * len(unknowns)
        for key, sign in [(total, 1), *[(p, -1) for p in parts]]:
            if key in index:
                row[index[key]] += sign
        if any(row):
            rows.append(row)
    basis = _row_reduce(rows)
    found = set()
    for key in unknowns:
        unit = [Fraction(int(i == index[key])) for i in range(len(unknowns))]
        if len(_row_reduce([*basis, unit])) == len(basis):
            found.add(key)
    return found


def _row_reduce(rows):
    rows = [list(row) for row in rows]
    basis, column = [], 0
    width = len(rows[0]) if rows else 0
    while rows and column < width:
        pivot = next((r for r in rows if r[column] != 0), None)
        if pivot is None:
            column += 1
            continue
        rows.remove(pivot)
        pivot = [value / pivot[column] for value in pivot]
        rows = [[a - r[column] * b for a, b in zip(r, pivot, strict=True)] for r in rows]
        rows = [r for r in rows if any(r)]
        basis.append(pivot)
        column += 1
    return basis


@given(hierarchies)
def test_no_shown_count_is_under_5_and_every_shown_count_is_a_multiple_of_5(hierarchy):
    values, totals = _table(hierarchy)
    hidden = hidden_cells(values, totals)

    shown = [shown_count(values[key], key in hidden) for key in values]

    for text in shown:
        assert text == HIDDEN or (int(text) >= 5 and int(text) % 5 == 0)


@given(hierarchies)
def test_every_count_under_5_is_hidden(hierarchy):
    values, totals = _table(hierarchy)

    hidden = hidden_cells(values, totals)

    assert {key for key, value in values.items() if value < 5} <= hidden


@given(hierarchies)
def test_every_total_has_no_hidden_cell_or_at_least_two(hierarchy):
    values, totals = _table(hierarchy)

    hidden = hidden_cells(values, totals)

    for total, parts in totals:
        assert sum(key in hidden for key in [total, *parts]) != 1


@given(hierarchies)
def test_no_hidden_cell_can_be_worked_out_from_the_shown_cells_and_totals(hierarchy):
    values, totals = _table(hierarchy)

    hidden = hidden_cells(values, totals)

    assert _determined(hidden, values, totals) == set()


@given(st.data(), hierarchies)
def test_percentages_are_hidden_unless_numerator_and_denominator_are_5_or_more(data, hierarchy):
    denominators, totals = _table(hierarchy)
    numerators = {}
    for key, value in denominators.items():
        if len(key) == 2:
            numerators[key] = data.draw(st.integers(0, value))
    for s, grids in enumerate(hierarchy):
        numerators[(s,)] = sum(numerators[(s, g)] for g in range(len(grids)))
    numerators[()] = sum(numerators[(s,)] for s in range(len(hierarchy)))
    numerators = {key: numerators[key] for key in denominators}

    hidden_counts, hidden_shares = suppress(denominators, numerators, totals)

    for key in denominators:
        share = shown_share(numerators[key], denominators[key], key in hidden_shares)
        if share != HIDDEN:
            assert numerators[key] >= 5 and denominators[key] >= 5
            assert key not in hidden_counts
    assert hidden_counts <= hidden_shares
    assert _determined(hidden_shares, numerators, totals) == set()


@given(st.integers(0, 10_000))
def test_rounding_is_to_the_nearest_5(count):
    assert rounded(count) % 5 == 0
    assert abs(rounded(count) - count) <= 2


def test_a_single_small_cell_takes_the_next_smallest_with_it():
    values = {"a": 3, "b": 7, "c": 20, "total": 30}

    hidden = hidden_cells(values, [("total", ["a", "b", "c"])])

    assert hidden == {"a", "b"}


def test_a_lone_part_equal_to_its_total_hides_the_total_and_then_a_neighbour():
    values = {"a": 3, "total": 3, "b": 40, "all": 43}

    hidden = hidden_cells(values, [("total", ["a"]), ("all", ["total", "b"])])

    assert hidden == {"a", "total", "b"}


def test_shares_are_whole_percentages():
    assert shown_share(10, 30, False) == "33%"
    assert shown_share(4, 30, False) == HIDDEN
    assert shown_share(10, 30, True) == HIDDEN
