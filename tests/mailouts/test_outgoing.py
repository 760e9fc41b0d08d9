"""The delivery's hot path: messages written directly equal Django's, the renderer equals the old rendering,
and the prepared SENT UPDATE is guarded by the claim like the ORM one."""

from __future__ import annotations

import email
import email.policy
import smtplib
import time
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core import signing
from django.utils import timezone

from secaction.mailouts.mime import MessageWriter, header_encode
from secaction.mailouts.models import Mailout, Recipient
from secaction.mailouts.outgoing import SentRecorder, django_message, message_builder
from secaction.mailouts.rendering import (
    MailoutRenderer,
    mailout_message_render,
    placeholders_fill,
    sender_footer,
    survey_url,
)
from secaction.mailouts.smtp import TwoPhaseSMTP
from secaction.mailouts.unsubscribe import unsubscribe_email, unsubscribe_url
from tests.mailouts.conftest import mailout_make

FROZEN = 1_800_000_000.0  # a fixed second: the unsubscribe token's timestamp and the Date header

SUBJECT_JA = "【重要】SECURITY ACTION のお知らせ {name} 様へ:宣言の更新手続きについてのご案内"
BODY_JA = "{name} 御中\r\n\r\n.先頭が点の行\n回答: {survey_url}\n{other} はそのまま\n"


def parsed(data: bytes) -> tuple[list[tuple[str, str]], str]:
    message = email.message_from_bytes(data, policy=email.policy.default)
    # Stripped: Django folds a long value onto the next line after "Name:", which reads back with a space.
    return [(name, str(value).strip()) for name, value in message.items()], message.get_content()


def recipient(mailout: Mailout, address: str, name: str, language: str) -> Recipient:
    return Recipient(
        pk=1, mailout=mailout, email=address, name=name, language=language, message_id="<m-1@example.jp>"
    )


@pytest.fixture
def frozen(monkeypatch: Any) -> None:
    monkeypatch.setattr(time, "time", lambda: FROZEN)


CASES = [
    ("ja", "株式会社テスト", {}),
    ("en", "Test Co., Ltd.", {}),
    ("en", "英語版なし", {"subject_en": "", "body_en": ""}),  # falls back to Japanese
    ("ja", "名前に {survey_url} を含む会社", {}),
    ("ja", "ASCII Inc", {"subject_ja": "Plain ASCII subject {name}"}),
    ("en", "長い" * 60, {"subject_en": "Notice for {name}"}),  # a long encoded subject, folded
]


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "name", "fields"), CASES)
def test_written_messages_parse_to_what_django_builds(office, frozen, language, name, fields):
    values = {"subject_ja": SUBJECT_JA, "body_ja": BODY_JA, "subject_en": "Notice {name}"}
    values["body_en"] = "Dear {name},\nAnswer here: {survey_url}\n"
    mailout = Mailout(pk=7, created_by=office, survey_id=3, **{**values, **fields})
    target = recipient(mailout, "someone@example.jp", name, language)
    ours = message_builder(mailout)(target)
    django = django_message(MailoutRenderer(mailout), target).message().as_bytes(linesep="\r\n")
    assert parsed(ours) == parsed(django)
    assert b"\r\n\r\n" in ours and b"\n" not in ours.replace(b"\r\n", b"")  # CRLF line ends only
    assert max(len(line) for line in ours.split(b"\r\n")) <= 998


@pytest.mark.django_db
def test_the_renderer_equals_the_parts_it_replaces(office, frozen):
    mailout = Mailout(pk=7, created_by=office, survey_id=3, subject_ja=SUBJECT_JA, body_ja=BODY_JA)
    address = "Someone@Example.jp"
    rendered = mailout_message_render(mailout, email=address, name="株式会社A", language="ja")
    link = unsubscribe_url(address)
    body = placeholders_fill(BODY_JA, {"name": "株式会社A", "survey_url": survey_url(3, address)})
    assert rendered.text == f"{body.rstrip()}\n\n--\n{sender_footer('ja', link)}\n"
    assert rendered.headers == {
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    assert rendered.subject == " ".join(placeholders_fill(SUBJECT_JA, {"name": "株式会社A"}).split())
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert unsubscribe_email(token) == "someone@example.jp"
    assert signing.loads(token, salt="secaction.mailouts.unsubscribe") == "someone@example.jp"


@pytest.mark.django_db
def test_what_the_writer_does_not_cover_is_built_by_django(office, frozen):
    long_line = "長" * 400  # 1,200 bytes: Django sends quoted-printable
    mailout = Mailout(pk=7, created_by=office, subject_ja="件名", body_ja=f"{{name}}\n{long_line}\n")
    writer = MessageWriter(from_email=django_settings.DEFAULT_FROM_EMAIL)
    assert writer.write(to="a@example.jp", subject="件名", text=long_line, headers={}) is None
    assert writer.write(to="名前@example.jp", subject="件名", text="本文", headers={}) is None
    assert writer.write(to="a@example.jp", subject="s", text="t", headers={"X-A": "改\n行"}) is None
    for target in (
        recipient(mailout, "a@example.jp", "A", "ja"),
        recipient(mailout, "ü@example.jp", "A", "ja"),
    ):
        ours = message_builder(mailout)(target)
        django = django_message(MailoutRenderer(mailout), target).message().as_bytes(linesep="\r\n")
        assert ours == django


def test_subjects_are_encoded_in_short_words_that_decode_back():
    value = "お知らせ" * 20 + " ASCII 🙂 混在"
    encoded = header_encode(value)
    assert all(len(line.strip()) <= 75 for line in encoded.split("\r\n"))
    assert (
        str(email.message_from_string(f"Subject: {encoded}\r\n\r\n", policy=email.policy.default)["Subject"])
        == value
    )
    assert header_encode("plain subject") == "plain subject"


@pytest.mark.django_db
def test_the_sent_update_is_guarded_by_the_claim(office):
    mailout = mailout_make(office, recipients=2)
    first, second = Recipient.objects.filter(mailout=mailout).order_by("id")
    Recipient.objects.filter(mailout=mailout).update(status=Recipient.Status.SENDING, claim_token="mine")
    second.claim_token = "mine"
    Recipient.objects.filter(pk=second.pk).update(claim_token="taken-back")
    moment = timezone.now()
    recorder = SentRecorder()
    try:
        assert recorder.mark_sent(first, "mine", lambda: moment) is True
        assert recorder.mark_sent(first, "mine", lambda: moment) is False  # already SENT
        assert recorder.mark_sent(second, "mine", lambda: moment) is False  # claim lost
    finally:
        recorder.close()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.sent_at, first.last_error) == (Recipient.Status.SENT, moment, "")
    assert second.status == Recipient.Status.SENDING


class _Recording(smtplib.SMTP):
    """An SMTP client that records its commands and answers 250, without a connection."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []
        self.does_esmtp = False
        self.esmtp_features: dict[str, str] = {}

    def putcmd(self, cmd: str, args: str = "") -> None:
        self.sent.append((cmd, args))

    def getreply(self) -> tuple[int, bytes]:
        return 250, b"OK"


@pytest.mark.parametrize("address", ["user1@example.jp", "a.b+c@sub.example.co.jp", "Name <x@example.jp>"])
def test_envelope_commands_are_the_ones_smtplib_sends(address):
    session = TwoPhaseSMTP.__new__(TwoPhaseSMTP)
    session.smtp = _Recording()
    reference = _Recording()
    assert session._command("mail", "FROM", address) == (250, b"OK")
    session._command("rcpt", "TO", address)
    reference.mail(address)
    reference.rcpt(address)
    assert session.smtp.sent == reference.sent
