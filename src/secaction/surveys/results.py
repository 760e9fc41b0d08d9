"""Pure parts of survey results: percentages, number statistics and small-cell suppression.

Nothing here touches the database; ``surveys.selectors.results`` runs the GROUP BY queries and hands
their counts to these functions. Every function is total and deterministic, so it is tested exhaustively
(tests/surveys/test_results_pure.py, tests/surveys/test_crosstab_suppression.py).

Small-cell rule (anonymous surveys only; docs/surveys.md, "Results"):

1. Primary: every cell with fewer than ``SUPPRESS_BELOW`` (5) respondents, zero included, is shown as
   「5未満」, and so is every row total below 5 (a row total is itself a count of respondents). The one
   exception is an option nobody chose (or, split by another question, a row nobody is in): its column
   (row) is all zeros, public already, and shown as 0; such zeros are never used to protect a cell.
2. Complementary: the column totals are public (the per-question table shows them) and the row totals are
   printed, so a line (row or column) with exactly one hidden cell would give it away by subtraction. In
   every such line the smallest other visible cell is hidden too (ties: the leftmost / topmost). A row
   with no other visible cell hides its total instead. The grand total is public too, so a single hidden
   row total takes the smallest other visible row total with it. This is repeated until no line has exactly one
   hidden cell, which ends because each pass only hides more.
3. What this guarantees (tests/surveys/test_crosstab_suppression.py attacks random tables): when at
   least two groups have respondents, no hidden cell can be worked out by subtraction (along rows, columns
   and the row totals, with the public per-question counts) unless it is 0. Narrowing a hidden cell down
   from bounds over the whole table (linear programming, as statistical offices' tools check) is not
   covered; with one group only, the crosstab repeats the public per-question counts.
4. The percentage of a hidden cell is hidden with it (it would give the count back from the total).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

SUPPRESS_BELOW = 5


def percent(part: int, whole: int) -> Decimal | None:
    """``part / whole`` as a percentage rounded half-up to one decimal (5,577 / 251,002 → 2.2); ``None``
    when ``whole`` is zero."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def percent_label(part: int, whole: int) -> str:
    """``percent`` as printed (``"2.2%"``), or ``"—"`` when there is nothing to divide by."""
    value = percent(part, whole)
    return "—" if value is None else f"{value}%"


@dataclass(frozen=True)
class NumberStats:
    n: int
    mean: Decimal | None
    median: Decimal | None
    minimum: int | None
    maximum: int | None


def number_stats(counts: Mapping[int, int]) -> NumberStats:
    """Statistics of number answers given as ``{value: how many answered it}`` (one GROUP BY row each).

    The mean is rounded half-up to one decimal; the median is the middle value (the mean of the two middle
    values for an even count), also to one decimal. Zero or negative counts are ignored.
    """
    items = sorted((value, n) for value, n in counts.items() if n > 0)
    total = sum(n for _value, n in items)
    if not total:
        return NumberStats(0, None, None, None, None)
    mean = Decimal(sum(value * n for value, n in items)) / total
    middle = (total - 1) // 2, total // 2  # 0-based ranks of the middle value(s)
    found: list[int] = []
    seen = 0
    for value, n in items:
        for rank in middle:
            if seen <= rank < seen + n:
                found.append(value)
        seen += n
    median = Decimal(sum(found)) / len(found)
    one = Decimal("0.1")
    return NumberStats(
        n=total,
        mean=mean.quantize(one, rounding=ROUND_HALF_UP),
        median=median.quantize(one, rounding=ROUND_HALF_UP),
        minimum=items[0][0],
        maximum=items[-1][0],
    )


@dataclass(frozen=True)
class Band:
    low: int  # inclusive
    high: int  # inclusive
    count: int

    @property
    def label(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}–{self.high}"


def number_bands(counts: Mapping[int, int], *, bands: int = 5) -> list[Band]:
    """A histogram of number answers in at most ``bands`` equal-width integer bands from min to max.

    Every answer falls in exactly one band; the bands cover min..max without gaps. Empty input → ``[]``.
    """
    values = [v for v, n in counts.items() if n > 0]
    if not values:
        return []
    lo, hi = min(values), max(values)
    width = max(1, -(-(hi - lo + 1) // max(1, bands)))  # ceiling division
    result: list[Band] = []
    start = lo
    while start <= hi:
        end = min(hi, start + width - 1)
        result.append(Band(start, end, sum(n for v, n in counts.items() if start <= v <= end and n > 0)))
        start = end + 1
    return result


def scale_mean(counts: Mapping[str, int]) -> Decimal | None:
    """The mean of a scale question from ``{option key: count}``; keys that are not integers are skipped."""
    total = weighted = 0
    for key, n in counts.items():
        try:
            value = int(key)
        except ValueError:
            continue
        total += n
        weighted += value * n
    if not total:
        return None
    return (Decimal(weighted) / total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Suppressed:
    """Which cells and row totals of a crosstab are hidden (``cells[r][c]``, ``totals[r]``)."""

    cells: tuple[tuple[bool, ...], ...]
    totals: tuple[bool, ...]


def _smallest_visible(values: Sequence[int], hidden: Sequence[bool]) -> int | None:
    best: int | None = None
    for i, (value, off) in enumerate(zip(values, hidden, strict=True)):
        if not off and (best is None or value < values[best]):
            best = i
    return best


def crosstab_suppress(
    cells: Sequence[Sequence[int]], row_totals: Sequence[int], *, below: int = SUPPRESS_BELOW
) -> Suppressed:
    """Which cells and row totals an anonymous crosstab must hide (the rule in this module's docstring)."""
    n_rows = len(cells)
    n_cols = len(cells[0]) if n_rows else 0
    # A column nobody chose is public (its total, 0, is on the per-question table): its zeros stay shown,
    # and they protect nothing.
    empty_columns = {c for c in range(n_cols) if not any(cells[r][c] for r in range(n_rows))}
    # Likewise a row nobody is in (an option of the other question nobody chose: its total is public).
    empty_rows = {r for r in range(n_rows) if not row_totals[r] and not any(cells[r])}
    hidden = [
        [value < below and c not in empty_columns and r not in empty_rows for c, value in enumerate(row)]
        for r, row in enumerate(cells)
    ]
    totals = [total < below and r not in empty_rows for r, total in enumerate(row_totals)]
    changed = True
    while changed:
        changed = False
        for r in range(n_rows):
            if sum(hidden[r]) == 1 and not totals[r]:
                # A zero in an empty column is public, so hiding it would protect nothing.
                closed = [off or c in empty_columns for c, off in enumerate(hidden[r])]
                other = _smallest_visible(cells[r], closed)
                if other is None:
                    totals[r] = True
                else:
                    hidden[r][other] = True
                changed = True
        for c in range(n_cols):
            column = [cells[r][c] for r in range(n_rows)]
            column_hidden = [hidden[r][c] for r in range(n_rows)]
            if sum(column_hidden) == 1:
                closed = [off or r in empty_rows for r, off in enumerate(column_hidden)]
                other = _smallest_visible(column, closed)
                if other is not None:
                    hidden[other][c] = True
                    changed = True
        if sum(totals) == 1:  # the grand total is public, so one hidden row total is one subtraction away
            other = _smallest_visible(row_totals, [off or r in empty_rows for r, off in enumerate(totals)])
            if other is not None:
                totals[other] = True
                changed = True
    return Suppressed(tuple(tuple(row) for row in hidden), tuple(totals))
