"""Every request made with a key counts on the key's row for the day (Japan time); keyless lookups count nothing."""

# ruff: noqa: F811 - the fixtures imported from portal_fixtures are requested by name
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from secaction.institutions.models import ApiUsageDay
from secaction.institutions.selectors import api_usage_get, usage_period_parse
from secaction.institutions.services import api_key_issue, api_key_revoke, api_usage_record
from secaction.institutions.usage import usage_day
from tests.institutions.portal_fixtures import institution, office  # noqa: F401
from tests.registry.factories import make_declaration, make_org

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()  # the rate limiter's counters
    yield
    cache.clear()


def _verify(client, key: str, ids: list[str]):
    return client.post(
        "/api/v1/declarations/verify",
        {"ids": ids},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )


def _freeze(monkeypatch, moment: dt.datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_two_keyed_calls_on_one_day_count_two_requests(client, office, institution):
    row, key = api_key_issue(contact="c@example.jp", holder=institution, actor=office)
    assert _verify(client, key, ["50000000000"]).status_code == 200
    assert _verify(client, key, ["50000000000", "123"]).status_code == 200
    usage = ApiUsageDay.objects.get(api_key=row)
    assert usage.day == usage_day()
    assert usage.requests == 2


def test_rows_are_added_without_counting_another_request(office, institution):
    row, _key = api_key_issue(contact="c@example.jp", holder=institution, actor=office)
    api_usage_record(row.pk)  # the request
    api_usage_record(row.pk, rows=100, requests=0)  # the batch it checked
    api_usage_record(row.pk, rows=50_000, requests=0)  # an upload
    usage = ApiUsageDay.objects.get(api_key=row)
    assert (usage.requests, usage.rows) == (1, 50_100)
    api_usage_record(row.pk, rows=0, requests=0)  # nothing to count: no write
    assert ApiUsageDay.objects.get(api_key=row).requests == 1


def test_one_statement_per_record(office, institution, django_assert_num_queries):
    row, _key = api_key_issue(contact="c@example.jp", holder=institution, actor=office)
    with django_assert_num_queries(1):
        api_usage_record(row.pk, rows=3)
    with django_assert_num_queries(1):
        api_usage_record(row.pk, rows=4)
    assert ApiUsageDay.objects.get(api_key=row).rows == 7


def test_keyless_lookup_counts_nothing(client, office, institution):
    _row, key = api_key_issue(contact="c@example.jp", holder=institution, actor=office)
    declaration = make_declaration(make_org())
    assert client.get(f"/api/v1/declarations/{declaration.declaration_id}").status_code == 200
    assert client.get("/api/v1/declarations/40000000018").status_code == 404
    # The public lookup never reads a key, even one sent along: its fast path stays one read.
    sent = client.get(
        f"/api/v1/declarations/{declaration.declaration_id}", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert sent.status_code == 200
    assert not ApiUsageDay.objects.exists()


def test_refused_keys_count_nothing(client, office, institution):
    row, key = api_key_issue(contact="c@example.jp", holder=institution, actor=office)
    api_key_revoke(api_key=row, actor=office)
    assert _verify(client, key, ["50000000000"]).status_code == 401
    assert _verify(client, "sa_not-a-key", ["50000000000"]).status_code == 401
    assert not ApiUsageDay.objects.exists()


def test_the_day_is_japan_time(monkeypatch, office, institution):
    row, _key = api_key_issue(contact="c@example.jp", holder=institution, actor=office)
    _freeze(monkeypatch, dt.datetime(2026, 4, 1, 14, 59, tzinfo=dt.UTC))  # 23:59 on 1 April in Tokyo
    api_usage_record(row.pk)
    _freeze(monkeypatch, dt.datetime(2026, 4, 1, 15, 0, tzinfo=dt.UTC))  # 00:00 on 2 April in Tokyo
    api_usage_record(row.pk)
    api_usage_record(row.pk, rows=5)
    days = dict(ApiUsageDay.objects.filter(api_key=row).values_list("day", "requests"))
    assert days == {dt.date(2026, 4, 1): 1, dt.date(2026, 4, 2): 2}


def test_usage_over_a_period_per_key_and_per_day(monkeypatch, office, institution):
    a, _ = api_key_issue(contact="a@example.jp", holder=institution, actor=office)
    b, _ = api_key_issue(contact="b@example.jp", holder=institution, actor=office)
    other, _ = api_key_issue(institution="別の機関", contact="x@example.jp", actor=office)
    today = dt.date(2026, 6, 30)
    for key, day, requests, rows in [
        (a, today, 3, 30),
        (b, today, 2, 0),
        (a, today - dt.timedelta(days=29), 1, 1),  # the first day of a 30-day window
        (a, today - dt.timedelta(days=30), 7, 7),  # outside 30 days, inside 90
        (other, today, 9, 9),  # not this institution's
    ]:
        ApiUsageDay.objects.create(api_key=key, day=day, requests=requests, rows=rows)
    _freeze(monkeypatch, dt.datetime(2026, 6, 30, 3, 0, tzinfo=dt.UTC))
    usage = api_usage_get(institution=institution, days=30)
    assert usage.since == dt.date(2026, 6, 1)
    assert [(d.day, d.requests, d.rows) for d in usage.per_day] == [
        (today, 5, 30),
        (dt.date(2026, 6, 1), 1, 1),
    ]
    assert len(usage.per_key) == 3
    assert (usage.requests, usage.rows) == (6, 31)
    assert api_usage_get(institution=institution, days=90).requests == 13
    assert api_usage_get(api_key=b, days=30).requests == 2


@pytest.mark.parametrize(
    ("value", "days"), [(None, 30), ("", 30), ("90", 90), ("30", 30), ("7", 30), ("abc", 30), ("-1", 30)]
)
def test_usage_period_parse(value, days):
    assert usage_period_parse(value) == days


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_are_all_counted(office, institution):
    """On PostgreSQL, requests of one key from many workers at once: the upsert loses none."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections (PostgreSQL)")
    row, _key = api_key_issue(contact="c@example.jp", holder=institution, actor=office)
    start = threading.Barrier(8)

    def worker() -> None:
        from django.db import connection as own

        start.wait()
        for _ in range(5):
            api_usage_record(row.pk, rows=2)
        own.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    usage = ApiUsageDay.objects.get(api_key=row)
    assert (usage.requests, usage.rows) == (40, 80)


@pytest.mark.parametrize(
    ("value", "top"), [(0, 1), (1, 1), (3, 5), (120, 200), (9800, 10000), (10001, 20000)]
)
def test_the_chart_axis_top_is_readable(value, top):
    from secaction.institutions.views import _ceiling

    assert _ceiling(value) == top


def test_an_upload_through_the_api_counts_its_rows_not_a_second_request(client: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from secaction.accounts.models import User
    from secaction.institutions.models import ApiUsageDay, Institution
    from secaction.institutions.services import api_key_issue

    office = User.objects.create_user(email="office-usage@example.jp", is_staff=True)
    holder = Institution.objects.create(name="県の補助金事務局(利用件数)")
    row, key = api_key_issue(contact="c@example.jp", actor=office, holder=holder)
    csv = b"declaration_id\n41234567895\n40000000018\n"
    response = client.post(
        "/api/v1/uploads",
        {"file": SimpleUploadedFile("ids.csv", csv, content_type="text/csv")},
        headers={"authorization": f"Bearer {key}"},
    )
    assert response.status_code == 202, response.content
    usage = ApiUsageDay.objects.get(api_key=row)
    assert (usage.requests, usage.rows) == (1, 2)


def test_a_batch_counts_its_rows_once_with_its_request(client: Any) -> None:
    from secaction.accounts.models import User
    from secaction.institutions.models import ApiUsageDay, Institution
    from secaction.institutions.services import api_key_issue

    office = User.objects.create_user(email="office-batch@example.jp", is_staff=True)
    holder = Institution.objects.create(name="県の補助金事務局(一括)")
    row, key = api_key_issue(contact="c@example.jp", actor=office, holder=holder)
    response = client.post(
        "/api/v1/declarations/verify",
        {"ids": ["41234567895", "40000000018", "123"]},
        content_type="application/json",
        headers={"authorization": f"Bearer {key}"},
    )
    assert response.status_code == 200, response.content
    usage = ApiUsageDay.objects.get(api_key=row)
    assert (usage.requests, usage.rows) == (1, 3)
