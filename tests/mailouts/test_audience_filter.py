"""RecipientFilter: pure validation, round trip through Mailout.filters."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from secaction.core.errors import ServiceError
from secaction.mailouts.filters import (
    INDUSTRIES,
    LANGUAGES,
    LEVELS,
    PREFECTURES,
    SIZES,
    STATUSES,
    TRISTATE,
    RecipientFilter,
)


def test_the_default_is_every_active_declarer():
    flt = RecipientFilter.from_dict({})
    assert flt == RecipientFilter()
    assert flt.statuses == ("active",) and flt.levels == () and flt.language == "all"
    assert RecipientFilter.from_dict(None) == flt


def test_choices_are_deduplicated_and_kept_in_a_stable_order():
    flt = RecipientFilter.from_dict(
        {"levels": ["two_star", "one_star", "two_star"], "prefectures": ["27", "13"]}
    )
    assert flt.levels == ("one_star", "two_star")
    assert flt.prefectures == ("13", "27")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("levels", ["three_star"]),
        ("levels", "two_star"),  # a bare string is not a list of choices
        ("statuses", ["deleted"]),
        ("prefectures", ["48"]),
        ("industries", ["Z"]),
        ("sizes", ["1000-"]),
        ("sizes", [5]),
        ("identity_verified", "maybe"),
        ("supporter", True),
        ("language", "fr"),
        ("declared_from", "2026/04/01"),
        ("declared_to", 20260401),
        ("declared_from", dt.datetime(2026, 4, 1, tzinfo=dt.UTC)),
    ],
)
def test_a_bad_value_is_refused_next_to_its_field(field, value):
    with pytest.raises(ServiceError) as caught:
        RecipientFilter.from_dict({field: value})
    assert list(caught.value.message_dict) == [field]


def test_unknown_keys_are_refused():
    with pytest.raises(ServiceError) as caught:
        RecipientFilter.from_dict({"levels": [], "colour": "red"})
    assert "colour" in caught.value.message_dict["__all__"][0]


def test_a_range_that_ends_before_it_starts_is_refused():
    with pytest.raises(ServiceError) as caught:
        RecipientFilter.from_dict({"declared_from": "2026-05-01", "declared_to": "2026-04-30"})
    assert list(caught.value.message_dict) == ["declared_to"]
    same_day = RecipientFilter.from_dict({"declared_from": "2026-05-01", "declared_to": "2026-05-01"})
    assert same_day.declared_from == same_day.declared_to == dt.date(2026, 5, 1)


def test_every_problem_is_reported_at_once():
    with pytest.raises(ServiceError) as caught:
        RecipientFilter.from_dict({"levels": ["x"], "language": "fr", "declared_from": "bad"})
    assert set(caught.value.message_dict) == {"levels", "language", "declared_from"}


def _subset(values):
    return st.lists(st.sampled_from(values), unique=True)


filters = st.builds(
    lambda levels, statuses, prefs, inds, sizes, start, length, verified, supporter, language: (
        RecipientFilter(
            levels=tuple(v for v in LEVELS if v in levels),
            statuses=tuple(v for v in STATUSES if v in statuses),
            prefectures=tuple(v for v in PREFECTURES if v in prefs),
            industries=tuple(v for v in INDUSTRIES if v in inds),
            sizes=tuple(v for v in SIZES if v in sizes),
            declared_from=start,
            declared_to=(start + dt.timedelta(days=length)) if start and length is not None else None,
            identity_verified=verified,
            supporter=supporter,
            language=language,
        )
    ),
    _subset(LEVELS),
    _subset(STATUSES),
    _subset(PREFECTURES),
    _subset(INDUSTRIES),
    _subset(SIZES),
    st.none() | st.dates(min_value=dt.date(2017, 1, 1), max_value=dt.date(2030, 12, 31)),
    st.none() | st.integers(min_value=0, max_value=3000),
    st.sampled_from(TRISTATE),
    st.sampled_from(TRISTATE),
    st.sampled_from(LANGUAGES),
)


@given(filters)
def test_as_dict_round_trips_through_json(flt):
    assert RecipientFilter.from_dict(json.loads(json.dumps(flt.as_dict()))) == flt
