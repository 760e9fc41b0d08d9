"""Public statistics: exact counts, Japan-time months, the cache, the page, the CSV and the charts."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from secaction.registry.selectors import (
    LevelCounts,
    months_back,
    registry_statistics_compute,
    registry_statistics_get,
)
from secaction.registry.selectors import statistics as selectors
from secaction.registry.statistics_charts import industry_chart_svg, month_chart_svg, nice_ceiling

from .factories import make_declaration, make_org

UTC = dt.UTC
NOW = dt.datetime(2026, 4, 15, 3, 0, tzinfo=UTC)  # 2026-04-15 12:00 in Tokyo


def _declare(when: dt.datetime, *, pref: str = "13", industry: str = "G", **fields):
    return make_declaration(make_org(prefecture=pref, industry=industry), declared_at=when, **fields)


@pytest.fixture
def fixture_set(db):
    cache.delete(selectors.STATISTICS_CACHE_KEY)
    cache.delete(selectors.STATISTICS_LOCK_KEY)
    # Active: 4 one-star, 3 two-star.
    _declare(dt.datetime(2026, 4, 1, 0, 0, tzinfo=UTC), pref="13", industry="G")
    # 16:00 UTC on 31 March is 01:00 on 1 April in Tokyo: an April declaration.
    _declare(dt.datetime(2026, 3, 31, 16, 0, tzinfo=UTC), pref="13", industry="E", level="two_star")
    # 14:59 UTC on 31 March is 23:59 in Tokyo: still March.
    _declare(dt.datetime(2026, 3, 31, 14, 59, tzinfo=UTC), pref="27", industry="E")
    _declare(dt.datetime(2025, 12, 10, tzinfo=UTC), pref="01", industry="A", level="two_star")
    # First instant of the 24-month window in Tokyo (2024-05-01 00:00 JST) is in; a minute before is out.
    _declare(dt.datetime(2024, 4, 30, 15, 0, tzinfo=UTC), pref="47", industry="T")
    _declare(dt.datetime(2024, 4, 30, 14, 59, tzinfo=UTC), pref="47", industry="T", level="two_star")
    _declare(dt.datetime(2020, 1, 1, tzinfo=UTC), pref="01", industry="A")
    # Not active: never counted anywhere.
    for status in ("withdrawn", "cancelled", "pending", "returned"):
        _declare(dt.datetime(2026, 4, 2, tzinfo=UTC), pref="13", industry="G", status=status)
        _declare(
            dt.datetime(2026, 4, 2, tzinfo=UTC), pref="13", industry="G", status=status, level="two_star"
        )


def _by_code(rows):
    return {r.code: r.counts for r in rows}


def test_months_back_crosses_years():
    assert months_back(dt.date(2026, 2, 28), 3) == [
        dt.date(2025, 12, 1),
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 1),
    ]
    assert months_back(dt.date(2026, 1, 1), 1) == [dt.date(2026, 1, 1)]
    months = months_back(dt.date(2026, 4, 15), 24)
    assert len(months) == 24 and months[0] == dt.date(2024, 5, 1) and months[-1] == dt.date(2026, 4, 1)
    assert len(set(months)) == 24


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, 1), (1, 1), (1.5, 2), (2, 2), (3, 5), (7, 10), (10, 10), (11, 20), (850_240, 1_000_000), (-3, 1)],
)
def test_nice_ceiling(value, expected):
    assert nice_ceiling(value) == expected


def test_exact_counts_active_only(fixture_set):
    stats = registry_statistics_compute(NOW)
    assert stats.totals == LevelCounts(one_star=4, two_star=3)
    assert stats.totals.total == 7
    assert stats.computed_at == NOW

    prefs = _by_code(stats.by_prefecture)
    assert len(stats.by_prefecture) == 47
    assert [r.code for r in stats.by_prefecture][:2] == ["01", "02"]
    assert prefs["13"] == LevelCounts(1, 1)
    assert prefs["27"] == LevelCounts(1, 0)
    assert prefs["01"] == LevelCounts(1, 1)
    assert prefs["47"] == LevelCounts(1, 1)
    assert prefs["02"] == LevelCounts(0, 0)
    assert stats.by_prefecture[12].label == "東京都"

    industries = _by_code(stats.by_industry)
    assert len(stats.by_industry) == 20
    assert industries == {
        **{code: LevelCounts() for code in industries},
        "G": LevelCounts(1, 0),
        "E": LevelCounts(1, 1),
        "A": LevelCounts(1, 1),
        "T": LevelCounts(1, 1),
    }
    assert stats.by_industry[4].label.startswith("E ")


def test_months_in_japan_time(fixture_set):
    stats = registry_statistics_compute(NOW)
    months = {m.month: m.counts for m in stats.by_month}
    assert len(stats.by_month) == 24
    assert stats.by_month[0].month == dt.date(2024, 5, 1) and stats.by_month[-1].month == dt.date(2026, 4, 1)
    assert months[dt.date(2026, 4, 1)] == LevelCounts(one_star=1, two_star=1)  # incl. 2026-03-31T16:00Z
    assert months[dt.date(2026, 3, 1)] == LevelCounts(one_star=1, two_star=0)
    assert months[dt.date(2025, 12, 1)] == LevelCounts(one_star=0, two_star=1)
    assert months[dt.date(2024, 5, 1)] == LevelCounts(one_star=1, two_star=0)  # the window's first instant
    assert sum(m.counts.total for m in stats.by_month) == 5  # 2024-04 (JST) and 2020 are outside the window


def test_cache_is_used_then_recomputed_when_stale(fixture_set, django_assert_num_queries):
    with django_assert_num_queries(2):
        first = registry_statistics_get()
    with django_assert_num_queries(0):
        again = registry_statistics_get()
    assert again == first
    _declare(dt.datetime(2026, 4, 3, tzinfo=UTC))
    assert registry_statistics_get().totals.total == first.totals.total  # still the cached numbers

    later = first.computed_at + dt.timedelta(seconds=selectors.STATISTICS_CACHE_SECONDS + 1)
    with django_assert_num_queries(2):
        fresh = registry_statistics_get(later)
    assert fresh.totals.total == first.totals.total + 1
    assert fresh.computed_at == later
    with django_assert_num_queries(0):
        assert registry_statistics_get(later + dt.timedelta(seconds=1)) == fresh


def test_while_one_request_recomputes_the_others_get_the_stale_copy(fixture_set, django_assert_num_queries):
    first = registry_statistics_get()
    later = first.computed_at + dt.timedelta(seconds=selectors.STATISTICS_CACHE_SECONDS + 1)
    assert cache.add(selectors.STATISTICS_LOCK_KEY, 1, 60)  # as if another request were computing
    with django_assert_num_queries(0):
        assert registry_statistics_get(later) == first
    cache.delete(selectors.STATISTICS_LOCK_KEY)
    with django_assert_num_queries(2):
        assert registry_statistics_get(later).computed_at == later
    assert cache.get(selectors.STATISTICS_LOCK_KEY) is None  # released after computing


def test_a_failed_computation_releases_the_lock(fixture_set, monkeypatch):
    first = registry_statistics_get()
    later = first.computed_at + dt.timedelta(seconds=selectors.STATISTICS_CACHE_SECONDS + 1)

    def broken(now=None):
        raise RuntimeError("database went away")

    monkeypatch.setattr(selectors, "registry_statistics_compute", broken)
    with pytest.raises(RuntimeError):
        registry_statistics_get(later)
    assert cache.get(selectors.STATISTICS_LOCK_KEY) is None
    assert cache.get(selectors.STATISTICS_CACHE_KEY) == first  # the stale copy is still there


def test_stale_copy_is_kept_for_a_week_and_fresh_for_ten_minutes(db, monkeypatch, django_assert_num_queries):
    cache.delete(selectors.STATISTICS_CACHE_KEY)
    calls = []
    real_set = selectors.cache.set

    def recording_set(key, value, timeout):
        calls.append((key, timeout))
        real_set(key, value, timeout)

    monkeypatch.setattr(selectors.cache, "set", recording_set)
    first = registry_statistics_get()
    assert calls == [(selectors.STATISTICS_CACHE_KEY, 7 * 86400)]
    # Fresh for ten minutes by the clock the caller passes in: no queries until then, a new count after.
    with django_assert_num_queries(0):
        assert registry_statistics_get(first.computed_at + dt.timedelta(minutes=9, seconds=59)) == first
    with django_assert_num_queries(2):
        registry_statistics_get(first.computed_at + dt.timedelta(minutes=10, seconds=1))


def test_charts_carry_the_numbers(fixture_set):
    stats = registry_statistics_compute(NOW)
    months_svg = str(month_chart_svg(stats))
    assert months_svg.startswith("<svg") and 'role="img"' in months_svg
    assert "2024-05" in months_svg and "2026-04" in months_svg
    # One marker per month per series, with the value in its tooltip.
    assert "2026-04: 2</title>" in months_svg  # the total line
    assert "2026-03: 1</title>" in months_svg
    assert months_svg.count("<circle") == 24 + 1  # the total series' markers plus its legend marker
    industry_svg = str(industry_chart_svg(stats))
    assert industry_svg.count("<text") == 2 * 20  # a label and a value per industry
    assert re.search(r"E 製造業: 2", industry_svg)  # in the description read by screen readers
    assert ">2</text>" in industry_svg


def test_month_chart_with_no_declarations(db):
    stats = registry_statistics_compute(NOW)
    svg = str(month_chart_svg(stats))
    assert "2026-04: 0</title>" in svg
    assert str(industry_chart_svg(stats)).count("<rect") == 20  # empty tracks, no bars


@pytest.mark.parametrize("language", ["ja", "en"])
def test_page_renders_in_both_languages(fixture_set, client, language):
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    response = client.get(reverse("registry:statistics"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") == 2
    assert (
        'id="prefectures-table"' in html and 'id="months-table"' in html and 'id="industries-table"' in html
    )
    assert reverse("registry:statistics_csv") in html
    if language == "ja":
        assert "宣言中" in html and "東京都" in html and "(日本時間)時点の集計です" in html
    else:
        assert "Only active declarations" in html and "Tokyo" in html and "(Japan time)" in html
    # The link is on the search page's navigation and in the footer of every page.
    search = client.get(reverse("registry:search")).content.decode()
    assert search.count(f'href="{reverse("registry:statistics")}"') == 2


def test_page_totals(fixture_set, client):
    html = client.get(reverse("registry:statistics")).content.decode()
    totals = re.findall(r"<dd>([\d,]+)</dd>", html)
    # The page uses the current month, so only the totals are fixed.
    assert totals == ["4", "3", "7"]


def test_csv(fixture_set, client):
    response = client.get(reverse("registry:statistics_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="security-action-statistics-')
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:])))
    assert rows[0] == ["区分", "コード", "名称", "一つ星", "二つ星", "合計", "集計日時"]
    assert rows[1][:6] == ["全体", "", "宣言中の合計", "4", "3", "7"]
    assert len(rows) == 1 + 1 + 47 + 20 + 24
    by_key = {(r[0], r[1]): r for r in rows[1:]}
    assert by_key[("都道府県", "13")][2:6] == ["東京都", "1", "1", "2"]
    assert by_key[("都道府県", "02")][3:6] == ["0", "0", "0"]
    assert by_key[("業種", "E")][3:6] == ["1", "1", "2"]
    months = [r for r in rows if r[0] == "宣言した月"]
    assert len(months) == 24 and all(re.fullmatch(r"\d{4}-\d{2}", r[1]) for r in months)
    assert len({r[6] for r in rows[1:]}) == 1  # one computed-at time for all rows
