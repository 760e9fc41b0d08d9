"""Composing, test sending, scheduling and building a mail-out (the office's side, before delivery)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.models import AuditEvent, OutgoingMail
from secaction.mailouts import services
from secaction.mailouts.models import Mailout, Recipient, Suppression
from secaction.mailouts.selectors import mailout_recipients_count
from secaction.surveys.models import Invitation, Survey

from .factories import declarer, draft, staff

pytestmark = pytest.mark.django_db

BODY_SURVEY = "{name} 御中\n回答はこちら: {survey_url}"


@pytest.fixture
def started(monkeypatch: Any) -> list[int]:
    """Helper A's ``mailout_deliveries_start`` (not in this branch): record the calls."""
    calls: list[int] = []
    monkeypatch.setattr("secaction.mailouts.services.build.mailout_deliveries_start", calls.append)
    return calls


@pytest.fixture
def db_tasks(settings: Any) -> None:
    """Queue tasks in the database, as production does (the test settings run them immediately)."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "mail", "mailout"]}
    }


def _fields(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "kind": "notice",
        "subject_ja": "お知らせ",
        "subject_en": "",
        "body_ja": "{name} 御中",
        "body_en": "",
        "filters": {"levels": ["two_star"]},
        "rate_per_second": 50,
    }
    values.update(overrides)
    return values


def _survey(actor: Any, status: str = Survey.Status.OPEN, kind: str = Survey.Kind.INVITATION) -> Survey:
    return Survey.objects.create(title_ja="実態調査", status=status, kind=kind, created_by=actor)


def _refusal(call: Any) -> dict[str, list[str]]:
    with pytest.raises(ServiceError) as caught:
        call()
    exc = caught.value
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}


def test_create_keeps_the_validated_filter_and_is_audited():
    office = staff()
    mailout = services.mailout_create(office, **_fields())
    assert mailout.status == Mailout.Status.DRAFT and mailout.created_by == office
    assert mailout.filters["levels"] == ["two_star"] and mailout.filters["statuses"] == ["active"]
    assert AuditEvent.objects.filter(action="mailout.create", object_id=str(mailout.pk)).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"subject_ja": "  "}, "subject_ja"),
        ({"body_ja": ""}, "body_ja"),
        ({"subject_en": "Notice"}, "body_en"),  # English is both or none
        ({"body_en": "Body"}, "subject_en"),
        ({"rate_per_second": 0}, "rate_per_second"),
        ({"rate_per_second": 501}, "rate_per_second"),
        ({"kind": "spam"}, "kind"),
        ({"filters": {"levels": ["five_star"]}}, "levels"),
        ({"body_ja": "{survey_url}"}, "body_ja"),  # a notice has no survey link
        ({"kind": "invitation"}, "survey"),
        ({"kind": "reminder"}, "survey"),
    ],
)
def test_create_refuses_with_a_message_next_to_the_field(overrides, field):
    office = staff()
    assert field in _refusal(lambda: services.mailout_create(office, **_fields(**overrides)))


def test_an_invitation_needs_the_survey_link_in_each_language():
    office = staff()
    survey = _survey(office)
    fields = _fields(
        kind="invitation", survey=survey, body_ja="ご協力ください", subject_en="Survey", body_en="Please"
    )
    assert set(_refusal(lambda: services.mailout_create(office, **fields))) == {"body_ja", "body_en"}
    ok = services.mailout_create(
        office, **{**fields, "body_ja": BODY_SURVEY, "body_en": "Answer: {survey_url}"}
    )
    assert ok.survey == survey
    wizard = _survey(office, kind=Survey.Kind.WIZARD)
    assert "survey" in _refusal(lambda: services.mailout_create(office, **{**fields, "survey": wizard}))


def test_rate_limits_at_the_edges_are_accepted():
    office = staff()
    assert services.mailout_create(office, **_fields(rate_per_second=1)).rate_per_second == 1
    assert services.mailout_create(office, **_fields(rate_per_second=500)).rate_per_second == 500


def test_outsiders_may_not_compose():
    outsider = staff("someone@example.jp")
    outsider.is_staff = False
    with pytest.raises(AccessDenied):
        services.mailout_create(outsider, **_fields())


def test_update_changes_only_a_draft():
    office = staff()
    mailout = services.mailout_create(office, **_fields())
    updated = services.mailout_update(office, mailout, **_fields(subject_ja="改訂版"))
    assert updated.subject_ja == "改訂版"
    assert AuditEvent.objects.get(action="mailout.update").after == {"subject_ja": "改訂版"}
    Mailout.objects.filter(pk=mailout.pk).update(status=Mailout.Status.SENDING)
    with pytest.raises(ServiceError):
        services.mailout_update(office, mailout, **_fields(subject_ja="もう一度"))


def test_test_send_queues_each_language_to_the_staff_member_only(django_capture_on_commit_callbacks):
    office = staff()
    declarer(contact_email="real@example.jp")
    mailout = services.mailout_create(
        office, **_fields(subject_en="Notice", body_en="Dear {name}", subject_ja="お知らせ {name}")
    )
    with django_capture_on_commit_callbacks(execute=False):
        assert services.mailout_test_send(office, mailout) == 2
    rows = OutgoingMail.objects.order_by("language")
    assert [(m.to, m.language) for m in rows] == [("office@example.jp", "en"), ("office@example.jp", "ja")]
    assert rows[0].subject == "[テスト] Notice" and "Dear (" in rows[0].send_text
    assert rows[1].subject.startswith("[テスト] お知らせ") and "/mail/unsubscribe/" in rows[1].send_text
    assert not Recipient.objects.exists() and mail.outbox == []


def test_schedule_now_queues_the_build_and_refuses_an_empty_audience(
    db_tasks, django_capture_on_commit_callbacks
):
    office = staff()
    empty = services.mailout_create(office, **_fields())
    assert _refusal(lambda: services.mailout_schedule(office, empty, at=None))["__all__"][0].startswith(
        "条件に合う宛先が0件"
    )
    declarer(contact_email="two@example.jp", level="two_star")
    with django_capture_on_commit_callbacks(execute=True):
        scheduled = services.mailout_schedule(office, empty, at=None)
    assert scheduled.status == Mailout.Status.BUILDING
    [task] = DBTaskResult.objects.all()
    assert task.task_path == "secaction.mailouts.tasks_build.mailout_build_task" and task.args_kwargs[
        "args"
    ] == [empty.pk]
    assert (
        "既に送信予約"
        in _refusal(lambda: services.mailout_schedule(office, scheduled, at=None))["__all__"][0]
    )


def test_schedule_later_runs_the_build_at_that_time(db_tasks, django_capture_on_commit_callbacks):
    office = staff()
    declarer(contact_email="two@example.jp", level="two_star")
    mailout = services.mailout_create(office, **_fields())
    assert "at" in _refusal(
        lambda: services.mailout_schedule(office, mailout, at=timezone.now() - dt.timedelta(minutes=1))
    )
    at = timezone.now() + dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        scheduled = services.mailout_schedule(office, mailout, at=at)
    assert (scheduled.status, scheduled.scheduled_at) == (Mailout.Status.SCHEDULED, at)
    assert DBTaskResult.objects.get().run_after == at


def test_a_survey_mail_needs_an_open_survey():
    office = staff()
    survey = _survey(office, status=Survey.Status.DRAFT)
    declarer(contact_email="a@example.jp")
    mailout = services.mailout_create(
        office, **_fields(kind="invitation", survey=survey, body_ja=BODY_SURVEY, filters={})
    )
    assert "回答受付中" in _refusal(lambda: services.mailout_schedule(office, mailout, at=None))["__all__"][0]


def test_build_inserts_one_recipient_per_address_with_a_message_id(started):
    office = staff()
    declarer(contact_email="a@example.jp", level="two_star", owner_language="en", name="株式会社エー")
    declarer(contact_email="A@example.jp", level="two_star")
    declarer(contact_email="b@example.jp", level="two_star")
    declarer(contact_email="one@example.jp")
    Suppression.objects.create(email="b@example.jp", reason=Suppression.Reason.BOUNCED)
    mailout = draft(office, filters={"levels": ["two_star"]}, status=Mailout.Status.BUILDING)

    assert services.mailout_build(mailout.pk) == 1
    [row] = Recipient.objects.filter(mailout=mailout)
    assert (row.email, row.language, row.name, row.status) == (
        "a@example.jp",
        "en",
        "株式会社エー",
        "pending",
    )
    assert row.message_id.startswith("<") and row.message_id.endswith(">")
    mailout.refresh_from_db()
    assert (mailout.recipients_total, started) == (1, [mailout.pk])

    assert services.mailout_build(mailout.pk) == 1  # a re-run inserts nothing and starts deliveries again
    assert Recipient.objects.count() == 1 and started == [mailout.pk, mailout.pk]


def test_build_of_a_cancelled_or_draft_mail_out_does_nothing(started):
    office = staff()
    declarer(contact_email="a@example.jp")
    for status in (Mailout.Status.CANCELLED, Mailout.Status.DRAFT, Mailout.Status.SENDING):
        mailout = draft(office, status=status)
        assert services.mailout_build(mailout.pk) == 0
    assert not Recipient.objects.exists() and started == []


def test_building_an_invitation_invites_with_an_attribute_snapshot(started):
    office = staff()
    survey = _survey(office)
    org = declarer(
        contact_email="a@example.jp", level="two_star", prefecture="27", industry="E", employees="6-20"
    )
    mailout = draft(
        office, kind="invitation", survey=survey, body_ja=BODY_SURVEY, status=Mailout.Status.SCHEDULED
    )
    assert services.mailout_build(mailout.pk) == 1
    invitation = Invitation.objects.get(survey=survey)
    assert (invitation.organization_id, invitation.email) == (org.pk, "a@example.jp")
    assert (invitation.level, invitation.prefecture, invitation.industry, invitation.size) == (
        "two_star",
        "27",
        "E",
        "6-20",
    )


def test_a_second_invitation_reaches_only_those_not_invited_yet(started):
    office = staff()
    survey = _survey(office)
    declarer(contact_email="first@example.jp")
    first = draft(
        office, kind="invitation", survey=survey, body_ja=BODY_SURVEY, status=Mailout.Status.BUILDING
    )
    assert services.mailout_build(first.pk) == 1
    declarer(contact_email="FIRST@example.jp")  # the same address again, on another organisation
    declarer(contact_email="later@example.jp")
    second = draft(
        office, kind="invitation", survey=survey, body_ja=BODY_SURVEY, status=Mailout.Status.BUILDING
    )
    assert mailout_recipients_count(second) == 1
    assert services.mailout_build(second.pk) == 1
    assert list(Recipient.objects.filter(mailout=second).values_list("email", flat=True)) == [
        "later@example.jp"
    ]
    assert Invitation.objects.filter(survey=survey).count() == 2


def test_a_reminder_goes_to_unanswered_invitees_and_marks_them(started):
    office = staff()
    survey = _survey(office)
    org = declarer(contact_email="waiting@example.jp", name="株式会社まだ")
    for email, status in [
        ("waiting@example.jp", "invited"),
        ("halfway@example.jp", "started"),
        ("done@example.jp", "answered"),
        ("gone@example.jp", "invited"),
    ]:
        Invitation.objects.create(
            survey=survey,
            token_hash=email,
            email=email,
            status=status,
            organization_id=org.pk if email.startswith("waiting") else None,
        )
    Suppression.objects.create(email="gone@example.jp", reason=Suppression.Reason.UNSUBSCRIBED)
    reminder = services.mailout_create(office, **_fields(kind="reminder", survey=survey, body_ja=BODY_SURVEY))
    assert reminder.filters == {}
    Mailout.objects.filter(pk=reminder.pk).update(status=Mailout.Status.BUILDING)

    assert services.mailout_build(reminder.pk) == 2
    assert dict(Recipient.objects.values_list("email", "name")) == {
        "halfway@example.jp": "",
        "waiting@example.jp": "株式会社まだ",
    }
    reminded = set(Invitation.objects.filter(reminded_at__isnull=False).values_list("email", flat=True))
    assert reminded == {"waiting@example.jp", "halfway@example.jp", "gone@example.jp"}


def test_a_build_that_fails_half_way_leaves_no_recipients(started, monkeypatch):
    """One transaction: a worker that dies mid-build leaves nothing, and the task builds it all again."""
    from secaction.mailouts.services import build

    office = staff()
    for n in range(5):
        declarer(contact_email=f"r{n}@example.jp")
    mailout = draft(office, status=Mailout.Status.BUILDING)
    monkeypatch.setattr(build, "CHUNK", 2)
    real_write = build._write
    writes: list[int] = []

    def write_then_die(rows):
        writes.append(len(rows))
        if len(writes) == 2:
            raise RuntimeError("worker lost")
        real_write(rows)

    monkeypatch.setattr(build, "_write", write_then_die)
    with pytest.raises(RuntimeError):
        services.mailout_build(mailout.pk)
    assert not Recipient.objects.exists() and started == []
    monkeypatch.setattr(build, "_write", real_write)
    assert services.mailout_build(mailout.pk) == 5
    assert Recipient.objects.filter(mailout=mailout).values("message_id").distinct().count() == 5
