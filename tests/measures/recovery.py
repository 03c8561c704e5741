"""Which hidden cells of linked tables can be worked out from the shown ones (exact linear algebra).

Shared by the suppression tests and the team page's property tests.
"""

from fractions import Fraction


def determined(hidden, totals):
    """Hidden keys whose exact value follows from the shown values by the totals (linear algebra).

    Each relation total - sum(parts) = 0 becomes a row over the hidden unknowns, with the shown
    cells moved to the right-hand side; a hidden cell is determined when its unit vector lies in
    the row space, that is when the reduced row echelon form has that unit vector as a row.
    Exact, with fractions.
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
    units = {
        row.index(1) for row in _reduced_row_echelon(rows) if sum(1 for v in row if v != 0) == 1
    }
    return {key for key in unknowns if index[key] in units}


def _reduced_row_echelon(rows):
    """The nonzero rows of the reduced row echelon form (Gauss-Jordan, exact)."""
    rows = [list(row) for row in rows]
    width = len(rows[0]) if rows else 0
    pivot_row = 0
    for column in range(width):
        found = next((r for r in range(pivot_row, len(rows)) if rows[r][column] != 0), None)
        if found is None:
            continue
        rows[pivot_row], rows[found] = rows[found], rows[pivot_row]
        pivot = rows[pivot_row][column]
        rows[pivot_row] = [value / pivot for value in rows[pivot_row]]
        for r in range(len(rows)):
            if r != pivot_row and rows[r][column] != 0:
                factor = rows[r][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[pivot_row], strict=True)]
        pivot_row += 1
    return rows[:pivot_row]
