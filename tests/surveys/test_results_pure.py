"""Percentages, number statistics and histogram bands (surveys.results), checked against plain arithmetic."""

from __future__ import annotations

import statistics
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from secaction.surveys.results import number_bands, number_stats, percent, percent_label, scale_mean


def test_the_seed_response_rate():
    assert percent_label(5577, 251002) == "2.2%"
    assert percent(5577, 251002) == Decimal("2.2")


def test_percent_rounds_half_up_and_refuses_zero():
    assert percent(1, 8) == Decimal("12.5")
    assert percent(1, 16) == Decimal("6.3")  # 6.25 → 6.3, not banker's 6.2
    assert percent(2, 3) == Decimal("66.7")
    assert percent(0, 5) == Decimal("0.0")
    assert percent(3, 0) is None and percent_label(3, 0) == "—"


@given(st.integers(0, 10**6), st.integers(1, 10**6))
def test_percent_is_within_half_a_tenth(part, whole):
    assert abs(float(percent(part, whole)) - part * 100 / whole) <= 0.05 + 1e-9


@given(st.dictionaries(st.integers(-1000, 1000), st.integers(0, 50), max_size=30))
def test_number_stats_match_the_statistics_module(counts):
    values = [v for v, n in counts.items() for _ in range(n)]
    stats = number_stats(counts)
    assert stats.n == len(values)
    if not values:
        assert stats.mean is stats.median is stats.minimum is stats.maximum is None
        return
    assert (stats.minimum, stats.maximum) == (min(values), max(values))
    assert abs(float(stats.mean) - statistics.fmean(values)) <= 0.05 + 1e-9
    assert abs(float(stats.median) - statistics.median(values)) <= 0.05 + 1e-9


def test_number_stats_by_hand():
    stats = number_stats({3: 2, 10: 1})
    assert (stats.n, stats.mean, stats.median) == (3, Decimal("5.3"), Decimal("3.0"))
    assert number_stats({1: 1, 2: 1}).median == Decimal("1.5")
    assert number_stats({5: 0}).n == 0


@given(st.dictionaries(st.integers(-100, 100), st.integers(0, 20), max_size=20), st.integers(1, 8))
def test_bands_cover_every_answer_once_without_gaps(counts, bands):
    result = number_bands(counts, bands=bands)
    values = [v for v, n in counts.items() if n > 0]
    if not values:
        assert result == []
        return
    assert len(result) <= bands
    assert result[0].low == min(values) and result[-1].high == max(values)
    assert all(a.high + 1 == b.low for a, b in zip(result, result[1:], strict=False))
    assert sum(b.count for b in result) == sum(n for n in counts.values() if n > 0)


def test_band_labels():
    assert [b.label for b in number_bands({1: 1, 10: 2}, bands=2)] == ["1–5", "6–10"]
    assert [(b.label, b.count) for b in number_bands({7: 3})] == [("7", 3)]


def test_scale_mean():
    assert scale_mean({"1": 1, "5": 1, "4": 2}) == Decimal("3.50")
    assert scale_mean({"n/a": 3}) is None
    assert scale_mean({}) is None
