"""The pure rules of one-time codes: making, hashing, comparing, expiry, tries, rate limits, masking."""

from __future__ import annotations

import datetime as dt

import pytest

from secaction.identity import codes

T0 = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)


def test_code_is_six_digits_and_keeps_leading_zeros() -> None:
    assert codes.code_generate(lambda n: 42) == "000042"
    assert codes.code_generate(lambda n: n - 1) == "999999"
    drawn: list[int] = []
    codes.code_generate(lambda n: drawn.append(n) or 0)
    assert drawn == [1_000_000]


def test_real_codes_are_random_digits() -> None:
    made = {codes.code_generate() for _ in range(50)}
    assert all(len(c) == 6 and c.isdigit() for c in made)
    assert len(made) > 40


def test_hash_is_bound_to_the_declaration_and_the_person(settings) -> None:
    h = codes.code_hash("123456", declaration_pk=1, user_pk=2)
    assert "123456" not in h and len(h) == 64
    assert h == codes.code_hash("123456", declaration_pk=1, user_pk=2)
    assert h != codes.code_hash("123456", declaration_pk=1, user_pk=3)
    assert h != codes.code_hash("123456", declaration_pk=9, user_pk=2)
    assert h != codes.code_hash("123457", declaration_pk=1, user_pk=2)
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    assert h != codes.code_hash("123456", declaration_pk=1, user_pk=2)


@pytest.mark.parametrize("typed", ["123456", "１２３４５６", " 123-456 ", "123 456"])
def test_typed_code_matches_with_any_width_spaces_or_hyphens(typed: str) -> None:
    stored = codes.code_hash("123456", declaration_pk=1, user_pk=2)
    assert codes.code_matches(typed, stored, declaration_pk=1, user_pk=2)


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "abcdef", "123457", "12345６7"])
def test_wrong_or_malformed_code_does_not_match(typed: str) -> None:
    stored = codes.code_hash("123456", declaration_pk=1, user_pk=2)
    assert not codes.code_matches(typed, stored, declaration_pk=1, user_pk=2)


def test_code_expires_exactly_fifteen_minutes_after_it_was_made() -> None:
    expires = codes.code_expires_at(T0)
    assert expires == T0 + dt.timedelta(minutes=15)
    assert not codes.code_is_expired(expires, expires - dt.timedelta(microseconds=1))
    assert codes.code_is_expired(expires, expires)
    assert codes.code_is_expired(expires, expires + dt.timedelta(seconds=1))


def test_five_tries() -> None:
    assert [codes.attempts_left(n) for n in range(7)] == [5, 4, 3, 2, 1, 0, 0]


def test_rate_limit_allows_three_in_an_hour_then_says_how_long_to_wait() -> None:
    sent = [T0, T0 + dt.timedelta(minutes=10), T0 + dt.timedelta(minutes=20)]
    assert codes.rate_limit_wait(sent[:2], 3, T0 + dt.timedelta(minutes=30)) is None
    wait = codes.rate_limit_wait(sent, 3, T0 + dt.timedelta(minutes=30))
    assert wait == dt.timedelta(minutes=30)  # until the first one is an hour old
    assert codes.minutes_ceil(wait) == 30
    # at the boundary the oldest leaves the window
    assert codes.rate_limit_wait(sent, 3, T0 + dt.timedelta(hours=1)) is None
    assert codes.rate_limit_wait(
        sent, 3, T0 + dt.timedelta(hours=1) - dt.timedelta(seconds=1)
    ) == dt.timedelta(seconds=1)


def test_rate_limit_ignores_old_and_future_sends_and_order() -> None:
    now = T0 + dt.timedelta(hours=2)
    old = [T0, T0 + dt.timedelta(minutes=1), T0 + dt.timedelta(minutes=2)]
    assert codes.rate_limit_wait(old, 3, now) is None
    mixed = [
        now - dt.timedelta(minutes=5),
        now - dt.timedelta(minutes=50),
        now - dt.timedelta(minutes=20),
        T0,
    ]
    assert codes.rate_limit_wait(mixed, 3, now) == dt.timedelta(minutes=10)
    assert codes.rate_limit_wait(mixed, 4, now) is None


@pytest.mark.parametrize(
    ("seconds", "minutes"), [(0, 1), (1, 1), (59, 1), (60, 1), (61, 2), (3599, 60), (3600, 60)]
)
def test_wait_is_told_in_whole_minutes_rounded_up(seconds: int, minutes: int) -> None:
    assert codes.minutes_ceil(dt.timedelta(seconds=seconds)) == minutes


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("taro@example.co.jp", "t***@e***.jp"),
        ("t@e.jp", "t***@e***.jp"),
        ("Info.Desk@Minato.example.com", "I***@M***.com"),
        ("user@localhost", "u***@l***"),
        ("", "***"),
        ("no-at-sign", "***"),
        ("@example.jp", "***"),
    ],
)
def test_email_mask_shows_only_first_letters_and_the_top_level_domain(address: str, masked: str) -> None:
    assert codes.email_mask(address) == masked
