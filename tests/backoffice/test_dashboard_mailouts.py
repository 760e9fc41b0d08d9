"""The dashboard's running mail-outs (sent / total, linked to the mail-out's admin page) and open surveys
(responses, invitations, rate, linked to the survey's admin page), each one query whatever the data size."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.test import override_settings
from django.utils import timezone

from secaction.backoffice.selectors import dashboard_get
from secaction.mailouts.models import Mailout, Recipient
from secaction.surveys.models import Invitation, Response, Survey
from tests.declarations.conftest import make_user
from tests.i18n.japanese import japanese_left

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("tests.backoffice.dashboard_admin_urls"),
]
_ids = itertools.count(1)
NOW = dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _clock_and_no_mfa(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    with override_settings(BACKOFFICE_REQUIRE_MFA=False):
        yield


@pytest.fixture
def staff():
    return make_user("office@example.jp", staff=True)


def _mailout(staff, status: str, recipients: dict[str, int], subject: str = "お知らせ") -> Mailout:
    total = sum(recipients.values())
    mailout = Mailout.objects.create(
        subject_ja=subject,
        body_ja="本文",
        status=status,
        created_by=staff,
        recipients_total=total,
        started_at=NOW,
    )
    Recipient.objects.bulk_create(
        Recipient(mailout=mailout, email=f"r{(n := next(_ids))}@example.jp", message_id=f"<{n}@t>", status=s)
        for s, count in recipients.items()
        for _ in range(count)
    )
    return mailout


def _survey(
    staff, *, status=Survey.Status.OPEN, kind=Survey.Kind.INVITATION, invited=0, answered=0
) -> Survey:
    survey = Survey.objects.create(title_ja=f"調査{next(_ids)}", status=status, kind=kind, created_by=staff)
    Invitation.objects.bulk_create(
        Invitation(survey=survey, token_hash=f"h{next(_ids)}", email=f"i{next(_ids)}@example.jp")
        for _ in range(invited)
    )
    Response.objects.bulk_create(
        Response(survey=survey, survey_version=1, source=kind, submitted_on=NOW.date())
        for _ in range(answered)
    )
    return survey


def test_running_mailouts_with_their_progress(staff):
    sending = _mailout(staff, Mailout.Status.SENDING, {"sent": 3, "pending": 5, "failed": 1, "bounced": 1})
    paused = _mailout(staff, Mailout.Status.PAUSED, {"sent": 1, "pending": 1})
    _mailout(staff, Mailout.Status.BUILDING, {})
    for done in (
        Mailout.Status.DONE,
        Mailout.Status.DRAFT,
        Mailout.Status.CANCELLED,
        Mailout.Status.SCHEDULED,
    ):
        _mailout(staff, done, {"sent": 2})
    rows = dashboard_get().mailouts
    assert [(r.status, r.sent, r.failed, r.total) for r in rows] == [
        ("送信中", 3, 2, 10),
        ("一時停止", 1, 0, 2),
        ("宛先を準備中", 0, 0, 0),
    ]
    assert rows[0].percent == 50 and rows[2].percent == 0
    assert rows[0].url == f"/backoffice/mailouts/mailout/{sending.pk}/change/"
    assert rows[1].url.endswith(f"/mailout/{paused.pk}/change/")


def test_open_surveys_with_responses_invitations_and_rate(staff):
    survey = _survey(staff, invited=8, answered=2)
    wizard = _survey(staff, kind=Survey.Kind.WIZARD, answered=3)
    _survey(staff, status=Survey.Status.CLOSED, invited=4, answered=4)
    _survey(staff, status=Survey.Status.DRAFT)
    rows = {r.url: r for r in dashboard_get().surveys}
    assert set(rows) == {
        f"/backoffice/surveys/survey/{survey.pk}/change/",
        f"/backoffice/surveys/survey/{wizard.pk}/change/",
    }
    row = rows[f"/backoffice/surveys/survey/{survey.pk}/change/"]
    assert (row.title, row.responses, row.invitations, row.rate) == (survey.title_ja, 2, 8, 25.0)
    wizard_row = rows[f"/backoffice/surveys/survey/{wizard.pk}/change/"]
    assert (wizard_row.responses, wizard_row.invitations, wizard_row.rate) == (3, 0, None)


def test_each_list_is_one_query_whatever_the_number_of_rows(staff, django_assert_num_queries):
    from secaction.backoffice import selectors

    for n in (1, 4):
        for _ in range(n):
            _mailout(staff, Mailout.Status.SENDING, {"sent": 2, "pending": 2})
            _survey(staff, invited=3, answered=1)
        with django_assert_num_queries(1):
            assert len(selectors._running_mailouts()) >= n
        with django_assert_num_queries(1):
            assert len(selectors._open_surveys()) >= n


def test_dashboard_shows_them_and_the_links_open(client, staff):
    mailout = _mailout(staff, Mailout.Status.SENDING, {"sent": 1, "pending": 3}, subject="★★の皆さまへ")
    survey = _survey(staff, invited=4, answered=1)
    client.force_login(staff)
    html = client.get("/backoffice/").content.decode()
    assert "送信中の一斉メール" in html and "★★の皆さまへ" in html and "1 / 4" in html
    assert "回答受付中のアンケート" in html and survey.title_ja in html and "25.0%" in html
    assert f'href="/backoffice/mailouts/mailout/{mailout.pk}/change/"' in html
    assert client.get(f"/backoffice/mailouts/mailout/{mailout.pk}/change/").status_code == 200
    assert client.get(f"/backoffice/surveys/survey/{survey.pk}/change/").status_code == 200


def test_dashboard_sections_in_english_have_no_japanese_but_the_data(client):
    staff = make_user("office-en@example.jp", staff=True, language="en")
    _mailout(staff, Mailout.Status.SENDING, {"sent": 1})  # no English subject: shown marked lang="ja"
    english = _mailout(staff, Mailout.Status.SENDING, {"sent": 1}, subject="お知らせ2")
    Mailout.objects.filter(pk=english.pk).update(subject_en="A notice")
    survey = _survey(staff, invited=1)
    Survey.objects.filter(pk=survey.pk).update(title_en="Survey 2027")
    client.force_login(staff)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/backoffice/").content.decode()
    section = html[html.index('id="dashboard-mailouts"') : html.index('id="dashboard-api"')]
    assert "Mail-outs being sent" in section and "Open surveys" in section
    assert "A notice" in section and "Survey 2027" in section and "お知らせ2" not in section
    assert japanese_left(section) == []
