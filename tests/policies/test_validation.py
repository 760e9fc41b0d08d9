import datetime as dt

from secaction.policies.validation import REMIND_INTERVAL, emails_parse, remind_allowed


def test_emails_are_split_validated_lowercased_and_deduplicated():
    valid, invalid = emails_parse(
        "A@example.jp, b@example.jp;c@example.jp\n a@EXAMPLE.jp  d@example.jp、e@example.jp"
    )
    assert valid == ["a@example.jp", "b@example.jp", "c@example.jp", "d@example.jp", "e@example.jp"]
    assert invalid == []


def test_invalid_addresses_are_reported_once():
    valid, invalid = emails_parse("ok@example.jp not-an-address x@ not-an-address <script>@x")
    assert valid == ["ok@example.jp"]
    assert invalid == ["not-an-address", "x@", "<script>@x"]


def test_empty_input():
    assert emails_parse("") == ([], [])
    assert emails_parse(" \n ,;") == ([], [])


def test_remind_once_a_day_and_never_after_confirmation():
    now = dt.datetime(2026, 1, 2, 12, tzinfo=dt.UTC)
    assert remind_allowed(confirmed_at=None, last_sent_at=now - REMIND_INTERVAL, now=now)
    assert not remind_allowed(
        confirmed_at=None, last_sent_at=now - REMIND_INTERVAL + dt.timedelta(seconds=1), now=now
    )
    assert not remind_allowed(confirmed_at=now, last_sent_at=now - dt.timedelta(days=3), now=now)
    assert remind_allowed(confirmed_at=None, last_sent_at=None, now=now)
