"""The small-cell rule of anonymous crosstabs (surveys.results.crosstab_suppress), as a pure function.

Besides the rule's own invariants (every small cell hidden, no line with a single hidden cell, never a
single hidden row total), an attacker who subtracts checks the point of it: from what the table shows and
what is public elsewhere (column totals, the grand total), no hidden cell of a single-choice crosstab can
be worked out by subtraction, except a 0. Inference from bounds (linear programming over the whole table)
is outside this rule, as documented in docs/surveys.md, "Results".
"""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from secaction.surveys.results import SUPPRESS_BELOW, crosstab_suppress

VALUES = (0, 1, 4, 5, 9)


def grids(rows: int, cols: int):
    for flat in itertools.product(VALUES, repeat=rows * cols):
        yield [list(flat[r * cols : (r + 1) * cols]) for r in range(rows)]


def check_invariants(cells, totals):
    s = crosstab_suppress(cells, totals)
    n_rows, n_cols = len(cells), len(cells[0])
    for r in range(n_rows):
        for c in range(n_cols):
            column_empty = not any(cells[i][c] for i in range(n_rows))
            if cells[r][c] < SUPPRESS_BELOW and not column_empty and any(cells[r]):
                assert s.cells[r][c], (cells, r, c)
            if column_empty or not any(cells[r]):
                assert not s.cells[r][c]
        if 0 < totals[r] < SUPPRESS_BELOW:
            assert s.totals[r]
        if not s.totals[r]:
            assert sum(s.cells[r]) != 1, (cells, s)
    for c in range(n_cols):
        if sum(1 for row in cells if any(row)) > 1:
            assert sum(s.cells[r][c] for r in range(n_rows)) != 1, (cells, s)
    assert sum(s.totals) != 1 or sum(1 for row in cells if any(row)) <= 1
    return s


def test_invariants_on_every_small_table():
    for rows, cols in ((1, 2), (2, 1), (2, 2), (2, 3), (3, 2)):
        for cells in grids(rows, cols):
            check_invariants(cells, [sum(row) for row in cells])


def test_examples():
    # A lone small cell takes the smallest other cell of its row and of its column with it.
    s = crosstab_suppress([[3, 10, 20], [30, 40, 50]], [33, 130])
    assert s.cells == ((True, True, False), (True, True, False))
    assert s.totals == (False, False)
    # Nothing small: nothing hidden.
    s = crosstab_suppress([[5, 6], [7, 8]], [11, 15])
    assert not any(itertools.chain(*s.cells)) and s.totals == (False, False)
    # A small row (3 respondents): its total and cells are hidden, and another total with it.
    s = crosstab_suppress([[1, 2], [20, 30], [40, 10]], [3, 50, 50])
    assert s.totals[0] and sum(s.totals) >= 2
    # One column only: a hidden cell hides the row total instead.
    s = crosstab_suppress([[3], [40], [50]], [3, 40, 50])
    assert s.cells[0][0] and s.totals[0]


def subtraction_attack(cells, s):
    """What someone learns by subtraction alone (the threat the rule is about): starting from the visible
    cells and totals, the public column totals and grand total, and the zeros of empty rows and columns,
    solve any line (row, column, the row totals) with exactly one unknown left, until nothing changes.
    Single-choice table: a row's cells add up to its total. Returns the hidden cells learned, with values."""
    n_rows, n_cols = len(cells), len(cells[0])
    known = {(r, c): cells[r][c] for r in range(n_rows) for c in range(n_cols) if not s.cells[r][c]}
    totals = {r: sum(cells[r]) for r in range(n_rows) if not s.totals[r]}
    col_totals = [sum(cells[r][c] for r in range(n_rows)) for c in range(n_cols)]
    grand = sum(col_totals)
    changed = True
    while changed:
        changed = False
        lines = [([(r, c) for c in range(n_cols)], totals.get(r)) for r in range(n_rows)]
        lines += [([(r, c) for r in range(n_rows)], col_totals[c]) for c in range(n_cols)]
        for members, total in lines:
            unknown = [m for m in members if m not in known]
            if total is not None and len(unknown) == 1:
                known[unknown[0]] = total - sum(known[m] for m in members if m in known)
                changed = True
        for r in range(n_rows):
            if r not in totals and all((r, c) in known for c in range(n_cols)):
                totals[r] = sum(known[(r, c)] for c in range(n_cols))
                changed = True
        missing = [r for r in range(n_rows) if r not in totals]
        if len(missing) == 1:
            totals[missing[0]] = grand - sum(totals.values())
            changed = True
    return {cell: value for cell, value in known.items() if s.cells[cell[0]][cell[1]]}


@settings(max_examples=1500, deadline=None)
@given(
    st.integers(2, 5).flatmap(
        lambda rows: st.integers(2, 5).flatmap(
            lambda cols: st.lists(
                st.lists(st.integers(0, 12), min_size=cols, max_size=cols), min_size=rows, max_size=rows
            )
        )
    )
)
def test_no_hidden_cell_can_be_worked_out(cells):
    s = check_invariants(cells, [sum(row) for row in cells])
    if sum(1 for row in cells if any(row)) < 2:
        return  # one group only: the crosstab is the public per-question table
    learned = subtraction_attack(cells, s)
    # Only zeros can be learned (a column whose visible cells already make its total): nobody to identify.
    assert all(value == 0 for value in learned.values()), (cells, s, learned)


def test_the_attack_does_learn_from_a_table_without_the_rule():
    from secaction.surveys.results import Suppressed

    cells = [[3, 10], [20, 30]]
    primary_only = Suppressed(((True, False), (False, False)), (False, False))
    assert subtraction_attack(cells, primary_only) == {(0, 0): 3}
