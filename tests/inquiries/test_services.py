"""The inquiries services: submit (honeypot, rate limit, reference, acknowledgement), the office's actions,
the inquirer's replies, and their audit rows."""

from __future__ import annotations

import pytest
from django.core import signing

from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.models import AuditEvent, OutgoingMail
from secaction.inquiries import services
from secaction.inquiries.models import Inquiry, InquiryMessage, Status
from secaction.inquiries.selectors import inquiries_for_user, inquiries_search, inquiry_thread
from secaction.inquiries.tokens import reply_token_make
from tests.inquiries.conftest import add_member, make_org, make_user, submit

pytestmark = pytest.mark.django_db


def test_submit_files_the_inquiry_with_a_reference_and_acknowledges_it():
    inquiry = submit(None)
    assert inquiry.reference == f"Q-{inquiry.created_at.year}-{inquiry.pk:06d}"
    assert inquiry.status == Status.NEW and inquiry.user is None and inquiry.organization is None
    [message] = inquiry.messages.all()
    assert message.author_kind == "declarer" and "色を変えて" in message.body
    mail = OutgoingMail.objects.get(to="asker@example.jp")
    assert inquiry.reference in mail.subject and inquiry.reference in mail.body_text
    assert "メールでお届けします" in mail.body_text
    actions = set(AuditEvent.objects.filter(object_id=str(inquiry.pk)).values_list("action", flat=True))
    assert actions == {"inquiry.submit", "inquiry.message.declarer"}


def test_logged_in_inquiry_is_linked_to_the_user_and_organisation_and_uses_their_language(org):
    user = add_member(org, make_user("en-user@example.jp", language="en"))
    inquiry = submit(user, email=user.email)
    assert inquiry.user == user and inquiry.organization == org and inquiry.language == "en"
    mail = OutgoingMail.objects.get(to=user.email)
    assert mail.language == "en" and "/contact/mine/" in mail.body_text


def test_honeypot_writes_nothing():
    assert (
        services.inquiry_submit(
            None,
            category="other",
            subject="s",
            body="b",
            name="n",
            email="bot@example.jp",
            honeypot="http://spam",
        )
        is None
    )
    assert not Inquiry.objects.exists() and not OutgoingMail.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"), [("category", "nonsense"), ("subject", "  "), ("body", ""), ("body", "x" * 8001)]
)
def test_submit_refuses_bad_input(field, value):
    with pytest.raises(ServiceError):
        submit(None, **{field: value})
    assert not Inquiry.objects.exists()


def test_rate_limit_per_email_address(settings):
    settings.INQUIRY_LIMIT_PER_EMAIL = 2
    submit(None, ip="192.0.2.1")
    submit(None, ip="192.0.2.2")
    with pytest.raises(ServiceError, match="しばらく"):
        submit(None, ip="192.0.2.3")
    submit(None, email="other@example.jp", ip="192.0.2.4")  # another address is not limited
    assert Inquiry.objects.count() == 3


def test_rate_limit_per_client_address(settings):
    settings.INQUIRY_LIMIT_PER_IP = 2
    submit(None, email="a@example.jp")
    submit(None, email="b@example.jp")
    with pytest.raises(ServiceError):
        submit(None, email="c@example.jp")
    submit(None, email="d@example.jp", ip="198.51.100.7")
    assert Inquiry.objects.count() == 3


def test_staff_reply_is_kept_mailed_and_answers(staff):
    inquiry = submit(None)
    services.inquiry_reply(staff, inquiry, "変えないでください。")
    inquiry.refresh_from_db()
    assert inquiry.status == Status.ANSWERED
    assert inquiry.messages.filter(author_kind="staff", is_internal_note=False).count() == 1
    mail = OutgoingMail.objects.filter(to="asker@example.jp").latest("pk")
    assert "変えないでください。" in mail.body_text and inquiry.reference in mail.subject
    # The stored copy is redacted; the sendable one carries a working signed link.
    assert "[redacted]" in mail.body_text and "/contact/reply/" in mail.send_text
    assert AuditEvent.objects.filter(action="inquiry.message.staff", actor=staff).exists()
    services.inquiry_reply(staff, inquiry, "ご質問です。", waiting=True)
    inquiry.refresh_from_db()
    assert inquiry.status == Status.WAITING


def test_reply_in_english_for_an_english_inquiry(staff):
    from django.utils import translation

    with translation.override("en"):
        inquiry = submit(None)
    assert inquiry.language == "en"
    services.inquiry_reply(staff, inquiry, "Please do not.")
    mail = OutgoingMail.objects.latest("pk")
    assert mail.language == "en" and "【" not in mail.subject


def test_note_is_internal_and_not_mailed(staff, owner):
    inquiry = submit(owner, email=owner.email)
    before = OutgoingMail.objects.count()
    services.inquiry_note_add(staff, inquiry, "電話で確認済み")
    assert OutgoingMail.objects.count() == before
    assert [m.body for m in inquiry_thread(staff, inquiry).messages][-1] == "電話で確認済み"
    assert "電話で確認済み" not in [m.body for m in inquiry_thread(owner, inquiry).messages]
    assert AuditEvent.objects.filter(action="inquiry.note").count() == 1


def test_assign_and_status_change(staff):
    inquiry = submit(None)
    colleague = make_user("colleague@example.jp", staff=True)
    services.inquiry_assign(staff, inquiry, colleague)
    inquiry.refresh_from_db()
    assert inquiry.assignee == colleague and inquiry.status == Status.OPEN
    with pytest.raises(ServiceError):
        services.inquiry_assign(staff, inquiry, make_user())
    services.inquiry_status_change(staff, inquiry, Status.CLOSED)
    inquiry.refresh_from_db()
    assert inquiry.status == Status.CLOSED
    with pytest.raises(ServiceError):
        services.inquiry_status_change(staff, inquiry, "gone")
    event = AuditEvent.objects.filter(action="inquiry.status").latest("pk")
    assert event.before == {"status": "open"} and event.after == {"status": "closed"}


def test_declarer_and_organisation_member_reply_others_may_not(org, owner, member, staff):
    inquiry = submit(owner, email=owner.email)
    services.inquiry_reply(staff, inquiry, "回答です。")
    services.inquiry_declarer_reply(member, inquiry, "補足です。")
    inquiry.refresh_from_db()
    assert inquiry.status == Status.OPEN
    assert inquiry.messages.filter(author=member).exists()
    stranger = add_member(make_org("株式会社よそ"), make_user("stranger@example.jp"))
    with pytest.raises(AccessDenied):
        services.inquiry_declarer_reply(stranger, inquiry, "横から")
    with pytest.raises(AccessDenied):
        inquiry_thread(stranger, inquiry)
    assert list(inquiries_for_user(member)) == [inquiry]
    assert list(inquiries_for_user(stranger)) == []


def test_token_reply_answers_that_inquiry_only():
    inquiry = submit(None)
    services.inquiry_token_reply(reply_token_make(inquiry.pk, inquiry.email), "ありがとうございます。")
    assert inquiry.messages.filter(author_kind="declarer", author=None).count() == 2
    other = submit(None, email="other@example.jp")
    for bad in (
        "garbage",
        reply_token_make(other.pk, inquiry.email),
        signing.dumps({"i": other.pk}, salt="x"),
    ):
        with pytest.raises(AccessDenied):
            services.inquiry_token_reply(bad, "x")
    assert InquiryMessage.objects.filter(inquiry=other).count() == 1


def test_search_finds_reference_email_subject_and_message_text(staff):
    first = submit(None, subject="APIの鍵")
    second = submit(None, email="b@example.jp", body="検証ページが開きません")
    assert list(inquiries_search(staff, text=first.reference)) == [first]
    assert list(inquiries_search(staff, text="b@example.jp")) == [second]
    assert list(inquiries_search(staff, text="APIの鍵")) == [first]
    assert list(inquiries_search(staff, text="検証ページ")) == [second]
    assert set(inquiries_search(staff, status="new")) == {first, second}
    with pytest.raises(AccessDenied):
        inquiries_search(make_user(), text="x")
