"""A declaration's public history and what it answered on a given day (pure; no database).

The history is the declaration's ``RegistryChange`` rows in order, kept compactly on its
``RegistryEntry.history`` as ``[[epoch_seconds, level, status], …]`` (the state *after* each change:
started and level changes are ``active``, an end is ``withdrawn`` or ``cancelled``) so the single
lookup reads it in the same row. Whole seconds are enough: flooring never moves an instant to
another day, and every answer here is about a day in Japan.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

JAPAN = ZoneInfo("Asia/Tokyo")
ACTIVE = "active"
TWO_STAR = "two_star"
ENDED = ("withdrawn", "cancelled")
# The answer "as of" a day before the declaration started: nothing was declared yet.
NOT_YET_DECLARED = "not_yet_declared"


@dataclass(frozen=True)
class HistoryPoint:
    """The public state from ``at`` on (until the next point)."""

    at: dt.datetime  # aware, UTC
    level: str
    status: str

    @property
    def date(self) -> dt.date:
        """The day in Japan on which this change happened."""
        return self.at.astimezone(JAPAN).date()


def history_pack(points: Iterable[tuple[dt.datetime, str, str]]) -> list[list[Any]]:
    """The compact stored form of ``(occurred_at, level, status)`` triples, oldest first."""
    return [[int(at.timestamp() // 1), level, status] for at, level, status in points]


def history_unpack(stored: Any) -> list[HistoryPoint]:
    """The points of a stored history (a list, or its JSON text as a plain cursor returns it), in order.

    Anything malformed yields an empty history rather than an error: the public answer must not fail.
    """
    if isinstance(stored, str | bytes):
        try:
            stored = json.loads(stored)
        except ValueError:
            return []
    if not isinstance(stored, list):
        return []
    points: list[HistoryPoint] = []
    for item in stored:
        try:
            seconds, level, status = item
            points.append(HistoryPoint(dt.datetime.fromtimestamp(int(seconds), tz=dt.UTC), level, status))
        except (TypeError, ValueError, OverflowError, OSError):
            continue
    points.sort(key=lambda p: p.at)  # stable: changes at the same second keep their order
    return points


def history_fallback(
    level: str, status: str, declared_at: dt.datetime | None, ended_at: dt.datetime | None
) -> list[HistoryPoint]:
    """A history from the record's own dates, for a declaration whose changes were never recorded.

    The same rule as the backfill for declarations without events: a start at ``declared_at`` at
    today's level, and an end at ``ended_at`` when it has ended. Pending declarations have none.
    """
    points: list[HistoryPoint] = []
    if declared_at is not None and (status == ACTIVE or status in ENDED):
        points.append(HistoryPoint(declared_at.astimezone(dt.UTC), level, ACTIVE))
        if status in ENDED:
            points.append(HistoryPoint((ended_at or declared_at).astimezone(dt.UTC), level, status))
    return points


def end_of_day_japan(day: dt.date) -> dt.datetime:
    """The first instant after ``day`` in Japan (an answer "as of" the day holds just before it)."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=JAPAN)


def status_as_of(points: Sequence[HistoryPoint], day: dt.date) -> tuple[str | None, str]:
    """The ``(level, status)`` that held at the end of ``day`` in Japan time.

    Replays the points up to the end of the day; before the first one, ``(None, "not_yet_declared")``.
    A change at 23:59:59 JST counts for that day; one at 00:00:00 JST of the next day does not.
    """
    limit = end_of_day_japan(day)
    state: tuple[str | None, str] = (None, NOT_YET_DECLARED)
    for point in points:
        if point.at >= limit:
            break
        state = (point.level, point.status)
    return state


def two_star_since(points: Sequence[HistoryPoint]) -> dt.date | None:
    """The Japan date on which the latest unbroken ★★ period began; None if it was never ★★.

    A period is unbroken while the declaration stays active at ★★ (its end, if it ended at ★★, does
    not erase the date: the answer for an ended declaration says when its ★★ began).
    """
    since: dt.date | None = None
    was_two_star = False
    for point in points:
        now_two_star = point.status == ACTIVE and point.level == TWO_STAR
        if now_two_star and not was_two_star:
            since = point.date
        was_two_star = now_two_star
    return since


def level_history(points: Sequence[HistoryPoint]) -> list[dict[str, Any]]:
    """The dated list of public states: ``[{"date", "level", "status"}]``, oldest first."""
    return [{"date": p.date, "level": p.level, "status": p.status} for p in points]


class AsOfError(ValueError):
    """A date "as of" which nobody can answer; ``code`` is ``as_of_invalid`` or ``as_of_future``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def today_japan(now: dt.datetime) -> dt.date:
    """The current day in Japan, the last day an answer "as of" can be given for."""
    return now.astimezone(JAPAN).date()


def as_of_check(day: dt.date, today: dt.date) -> dt.date:
    """``day`` if it can be answered: not after ``today`` (Japan), whose end has not come yet."""
    if day > today:
        raise AsOfError(
            "as_of_future",
            _("未来の日付(%(day)s)の状態はお答えできません。今日(%(today)s)までの日付を指定してください。")
            % {"day": day.isoformat(), "today": today.isoformat()},
        )
    return day


# Dashes people type between year, month and day in Japanese text (NFKC already folds the full-width
# hyphen-minus).
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff70", "-"))


def as_of_parse(raw: str, today: dt.date) -> dt.date:
    """A ``YYYY-MM-DD`` date (ASCII or full-width digits, surrounding spaces ignored), checked by ``as_of_check``."""
    text = unicodedata.normalize("NFKC", raw).strip().translate(_DASHES)
    try:
        if len(text) != 10 or text[4] != "-" or text[7] != "-":
            raise ValueError(text)
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise AsOfError(
            "as_of_invalid",
            _("日付は「2026-05-31」のように、年(4桁)-月(2桁)-日(2桁)で、実在する日を指定してください。"),
        ) from None
    return as_of_check(day, today)
