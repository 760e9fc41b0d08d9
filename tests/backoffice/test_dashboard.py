"""The back-office dashboard: its figures on a fixed clock (Japan-time day and month boundaries), each
figure's link opening an admin list with the same rows, staff only, and a bounded number of queries."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from django.utils import timezone

from secaction.backoffice.selectors import Dashboard, dashboard_get
from secaction.core.models import OutgoingMail
from secaction.declarations.models import Declaration, DeclarationEvent, EventKind, ReviewFinding
from secaction.institutions.models import ApiKey, ApiUsageDay, Institution
from secaction.supporters.models import Supporter, SupporterKind
from tests.declarations.conftest import make_org, make_user
from tests.i18n.japanese import japanese_left

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_no_mfa")]

JST = ZoneInfo("Asia/Tokyo")
_ids = itertools.count(1)


@pytest.fixture
def _no_mfa():
    with override_settings(BACKOFFICE_REQUIRE_MFA=False):
        yield


def _fix_clock(monkeypatch, moment: dt.datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)


def _declaration(declared_at: dt.datetime | None, level: str = "one_star", status: str = "active", **extra):
    return Declaration.objects.create(
        organization=make_org(),
        level=level,
        status=status,
        declared_at=declared_at,
        declaration_id=f"{60000000000 + next(_ids)}",
        **extra,
    )


def _event(decl: Declaration, kind: str, at: dt.datetime) -> None:
    event = DeclarationEvent.objects.create(declaration=decl, kind=kind, level=decl.level, status=decl.status)
    DeclarationEvent.objects.filter(pk=event.pk).update(created_at=at)


def _mail(status: str, next_attempt_at: dt.datetime) -> None:
    n = next(_ids)
    OutgoingMail.objects.create(
        to=f"m{n}@example.jp",
        language="ja",
        template="t",
        subject="s",
        body_text="b",
        message_id=f"<{n}@test>",
        status=status,
        next_attempt_at=next_attempt_at,
    )


def jst(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=JST)


@pytest.fixture
def first_of_december(monkeypatch):
    """00:30 on 1 December in Japan, still 30 November in UTC: both a day and a month boundary."""
    _fix_clock(monkeypatch, jst(2026, 12, 1, 0, 30))


def test_new_declarations_by_level_today_and_this_month_follow_japan_time(first_of_december):
    _declaration(jst(2026, 11, 30, 23, 59))  # yesterday and last month in Japan, though "today" in UTC
    _declaration(jst(2026, 12, 1, 0, 0))
    _declaration(jst(2026, 12, 1, 0, 10), level="two_star")
    _declaration(jst(2026, 12, 1, 0, 20), level="two_star", status="withdrawn")  # still new today
    _declaration(jst(2026, 12, 1, 0, 5), imported=True)  # moved from the old system: not new
    _declaration(None, status="pending")  # not declared yet
    d = dashboard_get()
    assert d.today == dt.date(2026, 12, 1)
    assert (d.new_today.one_star.count, d.new_today.two_star.count, d.new_today.total) == (1, 2, 3)
    assert (d.new_this_month.one_star.count, d.new_this_month.two_star.count) == (1, 2)
    months = {m.month: (m.one_star, m.two_star) for m in d.by_month}
    assert len(d.by_month) == 12
    assert d.by_month[0].month == dt.date(2026, 1, 1) and d.by_month[-1].month == dt.date(2026, 12, 1)
    assert months[dt.date(2026, 11, 1)] == (1, 0)
    assert months[dt.date(2026, 12, 1)] == (1, 2)


def test_mid_month_today_and_month_differ(monkeypatch):
    _fix_clock(monkeypatch, jst(2026, 12, 15, 12, 0))
    _declaration(jst(2026, 12, 14, 23, 59))
    _declaration(jst(2026, 12, 15, 0, 0))
    _declaration(jst(2025, 12, 31, 23, 0))  # 13 months ago: outside the chart
    _declaration(jst(2026, 1, 1, 0, 0), level="two_star")  # the chart's first month
    d = dashboard_get()
    assert (d.new_today.one_star.count, d.new_this_month.one_star.count) == (1, 2)
    assert d.by_month[0].month == dt.date(2026, 1, 1)
    assert (d.by_month[0].one_star, d.by_month[0].two_star) == (0, 1)
    assert sum(m.one_star + m.two_star for m in d.by_month) == 3


def test_upgrades_withdrawals_and_cancellations_this_month(first_of_december):
    upgraded = _declaration(jst(2026, 6, 1, 9), level="two_star")
    _event(upgraded, EventKind.UPGRADED, jst(2026, 12, 1, 0, 1))
    _event(upgraded, EventKind.UPGRADED, jst(2026, 12, 1, 0, 2))  # one declaration, counted once
    old = _declaration(jst(2026, 6, 1, 9), level="two_star")
    _event(old, EventKind.UPGRADED, jst(2026, 11, 30, 23, 59))  # last month in Japan
    withdrawn = _declaration(jst(2026, 6, 1, 9), status="withdrawn")
    _event(withdrawn, EventKind.WITHDRAWN, jst(2026, 12, 1, 0, 10))
    cancelled = _declaration(jst(2026, 6, 1, 9), status="cancelled")
    _event(cancelled, EventKind.CANCELLED, jst(2026, 12, 1, 0, 20))
    _event(cancelled, EventKind.WITHDRAWN, jst(2026, 11, 2, 0, 0))
    d = dashboard_get()
    assert (d.upgrades.count, d.withdrawals.count, d.cancellations.count) == (1, 1, 1)


def test_queues_with_their_oldest_items(first_of_december):
    submitted = jst(2026, 11, 20, 10, 0)
    _declaration(None, status="pending", submitted_at=submitted)
    _declaration(None, status="pending", submitted_at=jst(2026, 11, 28, 10, 0))
    flagged = _declaration(jst(2026, 11, 1, 9))
    ReviewFinding.objects.create(declaration=flagged, kind="duplicate_name", message="m")
    ReviewFinding.objects.create(
        declaration=flagged, kind="duplicate_name", message="m", resolved_at=jst(2026, 11, 2, 0, 0)
    )
    org = make_org()
    Supporter.objects.create(
        organization=org,
        kind=SupporterKind.values[0],
        description="d",
        contact="c@example.jp",
        agreed_at=submitted,
        agreed_by=make_user(),
        applied_at=submitted,
    )
    d = dashboard_get()
    assert d.review_queue.count == 2 and d.review_queue.oldest == submitted
    assert d.open_findings.count == 1
    assert d.supporter_queue.count == 1 and d.supporter_queue.oldest == submitted
    assert d.identity_conflicts.count == d.identity_change_requests.count == d.claim_requests.count == 0


@override_settings(HEALTH_FAILED_WINDOW_SECONDS=86400)
def test_failed_mails_counted_in_the_health_window_only(first_of_december):
    now = jst(2026, 12, 1, 0, 30)
    _mail(OutgoingMail.Status.FAILED, now - dt.timedelta(hours=23))
    _mail(OutgoingMail.Status.FAILED, now - dt.timedelta(hours=25))  # given up before the window
    _mail(OutgoingMail.Status.SENT, now - dt.timedelta(hours=1))
    d = dashboard_get()
    assert d.failed_mails.count == 1 and d.failed_window_hours == 24


def test_api_usage_per_institution_today_and_30_days(first_of_december):
    office = make_user(staff=True)
    holder = Institution.objects.create(name="県の補助金窓口")
    keys = [
        ApiKey.objects.create(
            institution="県の補助金窓口",
            contact="c",
            key_prefix=f"p{n}",
            key_hash=f"h{n}",
            holder=holder,
            created_by=office,
        )
        for n in range(2)
    ]
    legacy = ApiKey.objects.create(
        institution="旧い機関", contact="c", key_prefix="p9", key_hash="h9", created_by=office
    )
    today = dt.date(2026, 12, 1)
    ApiUsageDay.objects.create(api_key=keys[0], day=today, requests=5)
    ApiUsageDay.objects.create(api_key=keys[1], day=today, requests=2)
    ApiUsageDay.objects.create(api_key=keys[1], day=today - dt.timedelta(days=29), requests=10)
    ApiUsageDay.objects.create(api_key=keys[1], day=today - dt.timedelta(days=30), requests=1000)  # too old
    ApiUsageDay.objects.create(api_key=legacy, day=today - dt.timedelta(days=1), requests=3)
    rows = {r.institution: (r.today, r.last_30_days) for r in dashboard_get().api_usage}
    assert rows == {"県の補助金窓口": (7, 17), "旧い機関": (0, 3)}


def test_query_count_is_bounded(first_of_december, django_assert_max_num_queries):
    for n in range(5):
        decl = _declaration(jst(2026, 11, 1 + n, 9), level="two_star")
        _event(decl, EventKind.UPGRADED, jst(2026, 12, 1, 0, 1))
    dashboard_get()  # the first read creates the programme settings row
    with django_assert_max_num_queries(14):  # 12 + running mail-outs + open surveys (one query each)
        assert dashboard_get().upgrades.count == 5


@pytest.fixture
def office(client):
    client.force_login(make_user("office@example.jp", staff=True))
    return client


def _links(d: Dashboard) -> dict[str, tuple[str, int]]:
    figures = {
        "new_today_one": d.new_today.one_star,
        "new_today_two": d.new_today.two_star,
        "new_month_one": d.new_this_month.one_star,
        "new_month_two": d.new_this_month.two_star,
        "upgrades": d.upgrades,
        "withdrawals": d.withdrawals,
        "cancellations": d.cancellations,
        "findings": d.open_findings,
        "failed_mails": d.failed_mails,
        "supporters": d.supporter_queue,
        "conflicts": d.identity_conflicts,
        "changes": d.identity_change_requests,
        "claims": d.claim_requests,
    }
    return {name: (f.url, f.count) for name, f in figures.items()}


def test_each_figure_links_to_an_admin_list_with_the_same_rows(office, first_of_december):
    _declaration(jst(2026, 12, 1, 0, 0))
    _declaration(jst(2026, 11, 30, 23, 59), level="two_star")
    upgraded = _declaration(jst(2026, 6, 1, 9), level="two_star")
    _event(upgraded, EventKind.UPGRADED, jst(2026, 12, 1, 0, 1))
    _event(upgraded, EventKind.UPGRADED, jst(2026, 12, 1, 0, 2))
    withdrawn = _declaration(jst(2026, 6, 1, 9), status="withdrawn")
    _event(withdrawn, EventKind.WITHDRAWN, jst(2026, 11, 30, 12, 0))  # last month: not in the list
    ReviewFinding.objects.create(declaration=upgraded, kind="duplicate_name", message="m")
    _mail(OutgoingMail.Status.FAILED, jst(2026, 12, 1, 0, 0))
    d = dashboard_get()
    assert d.new_today.one_star.count == 1 and d.upgrades.count == 1 and d.withdrawals.count == 0
    for name, (url, count) in _links(d).items():
        response = office.get(url)
        assert response.status_code == 200, (name, url)
        assert response.context["cl"].result_count == count, (name, url)
    assert office.get(d.review_queue.url).status_code == 200


def test_dashboard_page_shows_the_figures_and_chart(office, first_of_december):
    _declaration(jst(2026, 12, 1, 0, 0), level="two_star")
    html = office.get("/backoffice/").content.decode()
    d = dashboard_get()
    assert "ダッシュボード" in html and "<svg" in html
    assert f'href="{d.new_today.two_star.url.replace("&", "&amp;")}">1</a>' in html


def test_dashboard_is_for_staff_only(client, first_of_december):
    _declaration(jst(2026, 12, 1, 0, 0))
    response = client.get("/backoffice/")
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(make_user("declarer@example.jp"))
    response = client.get("/backoffice/")
    assert response.status_code == 302 and "login" in response["Location"]
    assert "ダッシュボード" not in response.content.decode()


def test_dashboard_in_english_has_no_japanese(client, first_of_december):
    client.force_login(make_user("office-en@example.jp", staff=True, language="en"))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    holder = Institution.objects.create(name="県の補助金窓口")
    key = ApiKey.objects.create(
        institution=holder.name,
        contact="c",
        key_prefix="p1",
        key_hash="h1",
        holder=holder,
        created_by=make_user(staff=True),
    )
    ApiUsageDay.objects.create(api_key=key, day=dt.date(2026, 12, 1), requests=5)
    _declaration(jst(2026, 12, 1, 0, 0))
    html = client.get("/backoffice/").content.decode()
    assert '<html lang="en"' in html
    section = html[html.index('<section class="dashboard"') : html.index("</section>")]
    assert "Dashboard" in section
    assert japanese_left(section, (holder.name,)) == []


def test_the_declarations_list_opens_only_the_dashboards_event_lookups(office):
    # The dashboard needs events__kind / events__created_at; other lookups across relations stay refused.
    url = "/backoffice/declarations/declaration/"
    assert office.get(url, {"events__kind": "upgraded"}).status_code == 200
    assert office.get(url, {"events__actor__password__startswith": "p"}).status_code == 400
