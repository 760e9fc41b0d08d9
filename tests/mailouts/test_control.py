"""Pause, resume and cancel of a mail-out by the office; the progress figures the progress page polls."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.models import AuditEvent
from secaction.mailouts.models import Mailout, Recipient
from secaction.mailouts.selectors import mailout_progress_get, mailout_progress_json
from secaction.mailouts.services import mailout_cancel, mailout_pause, mailout_resume

from .conftest import mailout_make, statuses

pytestmark = pytest.mark.django_db


def test_pause_then_resume_requeues_the_chains(office, settings, django_capture_on_commit_callbacks):
    mailout = mailout_make(office, recipients=3, status="sending")
    paused = mailout_pause(office, mailout)
    assert paused.status == "paused"
    with pytest.raises(ServiceError, match="送信中の一斉メールだけ"):
        mailout_pause(office, paused)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        resumed = mailout_resume(office, paused)
    assert len(callbacks) == settings.MAILOUT_CHAINS
    resumed.refresh_from_db()
    assert resumed.status == "done" and statuses(resumed) == {"sent": 3}
    with pytest.raises(ServiceError, match="一時停止中の一斉メールだけ"):
        mailout_resume(office, resumed)
    actions = list(AuditEvent.objects.filter(object_id=str(mailout.pk)).values_list("action", flat=True))
    assert "mailout.pause" in actions and "mailout.resume" in actions


def test_cancel_stops_what_was_not_sent_and_keeps_what_was(office):
    mailout = mailout_make(office, recipients=4, status="sending")
    rows = list(Recipient.objects.filter(mailout=mailout).order_by("id"))
    Recipient.objects.filter(pk=rows[0].pk).update(status="sent", sent_at=timezone.now())
    Recipient.objects.filter(pk=rows[1].pk).update(status="retrying")
    Recipient.objects.filter(pk=rows[2].pk).update(status="sending", claim_token="abc")
    with pytest.raises(ServiceError, match="理由"):
        mailout_cancel(office, mailout, reason="  ")
    cancelled = mailout_cancel(office, mailout, reason="本文に誤りがあったため")
    assert cancelled.status == "cancelled" and cancelled.finished_at is not None
    assert statuses(mailout) == {"sent": 1, "cancelled": 3}
    event = AuditEvent.objects.get(action="mailout.cancel")
    assert event.message == "本文に誤りがあったため"
    with pytest.raises(ServiceError, match="中止できません"):
        mailout_cancel(office, cancelled, reason="もう一度")


def test_only_staff_control_a_mailout(office, django_user_model):
    from tests.organizations.conftest import make_user

    mailout = mailout_make(office, status="sending")
    member = make_user(django_user_model, "member@example.jp")
    for call in (
        lambda: mailout_pause(member, mailout),
        lambda: mailout_resume(member, mailout),
        lambda: mailout_cancel(member, mailout, reason="x"),
    ):
        with pytest.raises(AccessDenied):
            call()
    assert Mailout.objects.get(pk=mailout.pk).status == "sending"


def test_progress_is_one_query_and_estimates_the_end(office, django_assert_num_queries):
    now = timezone.now()
    mailout = mailout_make(office, recipients=10, status="sending")
    Mailout.objects.filter(pk=mailout.pk).update(started_at=now - dt.timedelta(minutes=10))
    mailout.refresh_from_db()
    rows = list(Recipient.objects.filter(mailout=mailout).order_by("id"))
    # 3 sent in the last minute, 1 long ago; 1 bounced, 1 failed, 1 cancelled; 3 still to go.
    for row in rows[:3]:
        Recipient.objects.filter(pk=row.pk).update(status="sent", sent_at=now - dt.timedelta(seconds=20))
    Recipient.objects.filter(pk=rows[3].pk).update(status="sent", sent_at=now - dt.timedelta(minutes=5))
    for row, status in zip(rows[4:7], ["bounced", "failed", "cancelled"], strict=True):
        Recipient.objects.filter(pk=row.pk).update(status=status)
    with django_assert_num_queries(1):
        progress = mailout_progress_get(mailout, now=now)
    assert (progress.total, progress.sent, progress.bounced, progress.failed, progress.cancelled) == (
        10,
        4,
        1,
        1,
        1,
    )
    assert progress.remaining == 3 and progress.percent == 70.0
    assert progress.rate_per_second == 0.1  # 3 in the last 60 s
    assert progress.estimated_end == now + dt.timedelta(seconds=60)
    data = mailout_progress_json(progress)
    assert (data["status"], data["rows_done"], data["rows_total"], data["error"]) == ("running", 7, 10, "")
    assert data["estimated_end_iso"] == progress.estimated_end.isoformat()
    assert data["estimated_end"] and data["rate"] == 0.1


def test_progress_json_matches_the_job_progress_states(office):
    mailout = mailout_make(office, recipients=2, status="done")
    Recipient.objects.filter(mailout=mailout).update(status="sent", sent_at=timezone.now())
    data = mailout_progress_json(mailout_progress_get(mailout))
    assert (data["status"], data["rows_done"], data["percent"], data["estimated_end"]) == (
        "done",
        2,
        100.0,
        None,
    )
    Mailout.objects.filter(pk=mailout.pk).update(status="cancelled")
    mailout.refresh_from_db()
    cancelled = mailout_progress_json(mailout_progress_get(mailout))
    assert cancelled["status"] == "failed" and cancelled["error"] == cancelled["status_label"] == "中止"
