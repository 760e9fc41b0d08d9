"""registry/history.py: the compact history and the answer "as of" a day in Japan (pure, no database)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from secaction.registry.history import (
    NOT_YET_DECLARED,
    AsOfError,
    HistoryPoint,
    as_of_parse,
    end_of_day_japan,
    history_fallback,
    history_pack,
    history_unpack,
    level_history,
    status_as_of,
    today_japan,
    two_star_since,
)

JST = ZoneInfo("Asia/Tokyo")


def jst(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=JST)


def points(*rows: tuple[dt.datetime, str, str]) -> list[HistoryPoint]:
    return history_unpack(history_pack(rows))


# Started ★ on 2026-04-01 10:00 JST, ★★ from 2026-06-15 23:59:59 JST, withdrawn 2026-09-01 00:00:00 JST.
LIFE = points(
    (jst(2026, 4, 1, 10, 0), "one_star", "active"),
    (jst(2026, 6, 15, 23, 59, 59), "two_star", "active"),
    (jst(2026, 9, 1, 0, 0, 0), "two_star", "withdrawn"),
)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2025, 1, 1), (None, NOT_YET_DECLARED)),
        (dt.date(2026, 3, 31), (None, NOT_YET_DECLARED)),  # the day before the start
        (dt.date(2026, 4, 1), ("one_star", "active")),  # the start day itself
        (dt.date(2026, 6, 14), ("one_star", "active")),
        (dt.date(2026, 6, 15), ("two_star", "active")),  # upgraded at 23:59:59 JST: counts for that day
        (dt.date(2026, 8, 31), ("two_star", "active")),  # withdrawn at 00:00 JST the next day: not yet
        (dt.date(2026, 9, 1), ("two_star", "withdrawn")),
        (dt.date(2030, 1, 1), ("two_star", "withdrawn")),
    ],
)
def test_status_as_of_replays_up_to_the_end_of_the_day_in_japan(day, expected):
    assert status_as_of(LIFE, day) == expected


def test_timezone_edge_a_utc_afternoon_is_the_next_day_in_japan():
    # 2026-03-31T15:00:00Z is 2026-04-01 00:00 JST: nothing is declared on 3/31, it is on 4/1.
    history = points((dt.datetime(2026, 3, 31, 15, 0, tzinfo=dt.UTC), "one_star", "active"))
    assert status_as_of(history, dt.date(2026, 3, 31)) == (None, NOT_YET_DECLARED)
    assert status_as_of(history, dt.date(2026, 4, 1)) == ("one_star", "active")
    # One second earlier is still 3/31 in Japan.
    earlier = points((dt.datetime(2026, 3, 31, 14, 59, 59, tzinfo=dt.UTC), "one_star", "active"))
    assert status_as_of(earlier, dt.date(2026, 3, 31)) == ("one_star", "active")


def test_changes_on_the_same_day_end_with_the_last_one():
    history = points(
        (jst(2026, 5, 1, 9), "one_star", "active"),
        (jst(2026, 5, 1, 12), "two_star", "active"),
        (jst(2026, 5, 1, 18), "two_star", "cancelled"),
    )
    assert status_as_of(history, dt.date(2026, 5, 1)) == ("two_star", "cancelled")
    assert status_as_of(history, dt.date(2026, 4, 30)) == (None, NOT_YET_DECLARED)


def test_empty_history_was_never_declared():
    assert status_as_of([], dt.date(2026, 5, 1)) == (None, NOT_YET_DECLARED)
    assert two_star_since([]) is None
    assert level_history([]) == []


def test_end_of_day_is_midnight_japan_of_the_next_day():
    assert end_of_day_japan(dt.date(2026, 12, 31)) == jst(2027, 1, 1)
    assert end_of_day_japan(dt.date(2026, 12, 31)).astimezone(dt.UTC) == dt.datetime(
        2026, 12, 31, 15, tzinfo=dt.UTC
    )


def test_two_star_since_is_the_start_of_the_latest_two_star_period():
    assert two_star_since(LIFE) == dt.date(2026, 6, 15)  # kept after the end at ★★
    never = points((jst(2026, 4, 1), "one_star", "active"), (jst(2026, 5, 1), "one_star", "withdrawn"))
    assert two_star_since(never) is None
    from_start = points((jst(2026, 4, 1), "two_star", "active"))
    assert two_star_since(from_start) == dt.date(2026, 4, 1)
    again = points(
        (jst(2026, 4, 1), "two_star", "active"),
        (jst(2026, 5, 1), "one_star", "active"),
        (jst(2026, 7, 1), "two_star", "active"),
    )
    assert two_star_since(again) == dt.date(2026, 7, 1)
    down = points((jst(2026, 4, 1), "two_star", "active"), (jst(2026, 5, 1), "one_star", "active"))
    assert two_star_since(down) == dt.date(2026, 4, 1)  # the latest ★★ period, though ★ now


def test_level_history_is_dated_in_japan():
    assert level_history(LIFE) == [
        {"date": dt.date(2026, 4, 1), "level": "one_star", "status": "active"},
        {"date": dt.date(2026, 6, 15), "level": "two_star", "status": "active"},
        {"date": dt.date(2026, 9, 1), "level": "two_star", "status": "withdrawn"},
    ]


def test_pack_floors_to_seconds_without_changing_the_day():
    at = jst(2026, 6, 15, 23, 59, 59, 999999)
    (point,) = points((at, "one_star", "active"))
    assert point.date == dt.date(2026, 6, 15)
    assert history_pack([(at, "one_star", "active")]) == [[int(at.timestamp()), "one_star", "active"]]


@pytest.mark.parametrize(
    "stored", [None, "", "not json", "{}", 5, [["x", "one_star", "active"]], [[1, 2]], [None]]
)
def test_unpack_of_anything_malformed_is_empty_not_an_error(stored):
    assert history_unpack(stored) == []


def test_unpack_reads_json_text_and_sorts_stably():
    text = '[[200, "two_star", "active"], [100, "one_star", "active"], [200, "two_star", "cancelled"]]'
    assert [(p.level, p.status) for p in history_unpack(text)] == [
        ("one_star", "active"),
        ("two_star", "active"),
        ("two_star", "cancelled"),
    ]


def test_fallback_from_the_record_dates():
    declared, ended = jst(2026, 4, 1), jst(2026, 8, 1)
    assert [(p.level, p.status) for p in history_fallback("two_star", "active", declared, None)] == [
        ("two_star", "active")
    ]
    withdrawn = history_fallback("one_star", "withdrawn", declared, ended)
    assert [(p.date, p.status) for p in withdrawn] == [
        (dt.date(2026, 4, 1), "active"),
        (dt.date(2026, 8, 1), "withdrawn"),
    ]
    assert history_fallback("one_star", "pending", None, None) == []
    assert history_fallback("one_star", "pending", declared, None) == []


TODAY = dt.date(2026, 12, 7)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-05-31", dt.date(2026, 5, 31)),
        (" 2026-05-31 ", dt.date(2026, 5, 31)),
        ("２０２６−０５−３１", dt.date(2026, 5, 31)),  # full-width digits and minus
        ("2026-12-07", TODAY),  # today is answerable (as it stands now)
        ("1999-01-01", dt.date(1999, 1, 1)),
    ],
)
def test_as_of_parse_accepts(raw, expected):
    assert as_of_parse(raw, TODAY) == expected


@pytest.mark.parametrize(
    "raw",
    ["", "2026-5-31", "2026/05/31", "20260531", "2026-02-30", "2026-13-01", "abcd-ef-gh", "2026-05-31T00:00"],
)
def test_as_of_parse_refuses_malformed_dates_with_a_japanese_message(raw):
    with pytest.raises(AsOfError) as caught:
        as_of_parse(raw, TODAY)
    assert caught.value.code == "as_of_invalid"
    assert "2026-05-31" in str(caught.value)


def test_as_of_parse_refuses_the_future():
    with pytest.raises(AsOfError) as caught:
        as_of_parse("2026-12-08", TODAY)
    assert caught.value.code == "as_of_future"
    assert "未来" in str(caught.value)


def test_today_is_the_day_in_japan():
    assert today_japan(dt.datetime(2026, 12, 7, 14, 59, 59, tzinfo=dt.UTC)) == dt.date(2026, 12, 7)
    assert today_japan(dt.datetime(2026, 12, 7, 15, 0, tzinfo=dt.UTC)) == dt.date(2026, 12, 8)
