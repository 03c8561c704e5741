"""Suppression: what is shown, and that no hidden cell can be worked out from what is shown."""

from hypothesis import given
from hypothesis import strategies as st

from tests.measures.recovery import determined
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

    assert determined(hidden, totals) == set()


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
    assert determined(hidden_shares, totals) == set()


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


def test_a_share_keyed_apart_from_its_count_is_hidden_with_the_count():
    denominators = {"a": 3, "b": 20, "total": 23}
    numerators = {"a": 2, "b": 12, "total": 14, ("top", "b"): 12}

    hidden_counts, hidden_shares = suppress(
        denominators,
        numerators,
        [("total", ["a", "b"])],
        denominator_of=lambda key: key[1] if isinstance(key, tuple) else key,
    )

    assert hidden_counts == {"a", "b"}
    assert ("top", "b") in hidden_shares


def test_a_part_not_shown_counts_as_hidden_so_the_part_beside_it_is_hidden_too():
    denominators = {"headline": 40, "shown": 25, "left out": 15}
    numerators = {"headline": 20, "shown": 12, "left out": 8}

    hidden_counts, hidden_shares = suppress(
        denominators,
        numerators,
        [],
        share_totals=[("headline", ["shown", "left out"])],
        not_shown={"left out"},
    )

    assert hidden_counts == set()
    assert hidden_shares == {"shown", "left out"}
