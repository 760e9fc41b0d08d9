"""Handbook versions, adoption, sending to staff, confirmation and reminders."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from secaction.core.errors import ServiceError
from secaction.core.models import AuditEvent, OutgoingMail
from secaction.policies.handbook import ITEM_NUMBERS, handbook_build
from secaction.policies.models import HandbookRecipient, HandbookVersion
from secaction.policies.services import (
    handbook_acknowledge,
    handbook_adopt,
    handbook_recipients_add,
    handbook_remind,
    handbook_version_create,
)

from .factories import member_make, organization_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return organization_make()


@pytest.fixture
def owner(org):
    return member_make(org, role="owner")


def _version(org, owner, answers=None):
    return handbook_version_create(
        organization=org,
        actor=owner,
        title="情報セキュリティハンドブック",
        intro="はじめに",
        contact="代表 山田",
        rules=handbook_build(answers),
        assessment_ref=None,
    )


def _edit_post_data(client, org):
    """The edit form as the browser would submit it, with its initial values."""
    response = client.get(reverse("policies:handbook_edit", args=[org.pk]) + "?start=diagnosis")
    form = response.context["form"]
    data = {}
    for field in form:
        value = field.value()
        if value is None or value is False:
            continue
        data[field.html_name] = "on" if value is True else value
    return data


def test_edit_builds_from_diagnosis_answers(client, org, owner, monkeypatch):
    from secaction.policies import selectors

    monkeypatch.setattr(
        selectors,
        "diagnosis_latest_for_organization",
        lambda o: ({n: "yes" if n % 2 else "no" for n in ITEM_NUMBERS}, 42),
    )
    client.force_login(owner)
    data = _edit_post_data(client, org)
    assert data["rule_1_status"] == "keep" and data["rule_2_status"] == "start"
    assert data["assessment_ref"] == 42
    data["rule_2_text"] = "自社版のウイルス対策ルール"
    data.pop("rule_3_included")
    response = client.post(reverse("policies:handbook_edit", args=[org.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    version = HandbookVersion.objects.get()
    by = {r["number"]: r for r in version.rules}
    assert by[2]["text"] == "自社版のウイルス対策ルール"
    assert by[3]["included"] is False and by[1]["included"] is True
    assert version.assessment_ref == 42
    body = client.get(reverse("policies:handbook_version", args=[org.pk, 1])).content.decode()
    assert "自社版のウイルス対策ルール" in body and "破られにくいパスワードを使う" not in body


def test_without_diagnosis_the_handbook_still_builds(client, org, owner):
    client.force_login(owner)
    response = client.get(reverse("policies:handbook_edit", args=[org.pk]))
    assert response.status_code == 200
    assert "全項目を「新しく始めるルール」" in response.content.decode()


def test_included_rule_with_empty_text_is_an_error_not_a_crash(client, org, owner):
    client.force_login(owner)
    data = _edit_post_data(client, org)
    data["rule_5_text"] = ""
    data["rule_7_status"] = "hacked"
    response = client.post(reverse("policies:handbook_edit", args=[org.pk]), data)
    assert response.status_code == 200
    assert "載せるルールの本文が空です" in response.content.decode()
    assert not HandbookVersion.objects.exists()


def test_versions_are_kept(org, owner):
    v1 = _version(org, owner)
    v2 = _version(org, owner, {1: "yes"})
    assert (v1.number, v2.number) == (1, 2)
    assert HandbookVersion.objects.filter(organization=org).count() == 2


def test_only_the_adopted_version_can_be_sent(org, owner):
    version = _version(org, owner)
    with pytest.raises(ServiceError):
        handbook_recipients_add(version=version, emails=["a@example.jp"], actor=owner)


def test_full_acknowledgement_flow(client, org, owner, django_capture_on_commit_callbacks, mailoutbox_text):
    version = _version(org, owner)
    client.force_login(owner)
    client.post(reverse("policies:handbook_adopt", args=[org.pk, version.number]))
    staff_url = reverse("policies:handbook_staff", args=[org.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(staff_url, {"emails": "Alice@example.jp, bob@example.jp\nalice@example.jp"})
    assert response.status_code == 302
    assert HandbookRecipient.objects.filter(version=version).count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.jp", "bob@example.jp"]
    assert OutgoingMail.objects.filter(template="policies/mail/handbook_request").count() == 2
    alice_mail = mailoutbox_text("alice@example.jp")
    alice = HandbookRecipient.objects.get(email="alice@example.jp")
    assert alice.link in alice_mail and org.name in alice_mail
    assert AuditEvent.objects.filter(action="handbook.ack_request").count() == 2

    # sending again to the same people does not duplicate
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(staff_url, {"emails": "bob@example.jp"}, follow=True)
    assert "既に送っています" in response.content.decode()
    assert len(mail.outbox) == 2

    # Alice confirms without an account
    client.logout()
    page = client.get(alice.link)
    assert page.status_code == 200 and "読んで理解しました" in page.content.decode()
    client.post(alice.link)
    alice.refresh_from_db()
    first = alice.confirmed_at
    assert first is not None
    client.post(alice.link)  # idempotent
    alice.refresh_from_db()
    assert alice.confirmed_at == first
    assert AuditEvent.objects.filter(action="handbook.ack_confirm").count() == 1
    assert "確認済み" in client.get(alice.link).content.decode()

    # the owner sees who has and has not confirmed
    client.force_login(owner)
    body = client.get(staff_url).content.decode()
    assert "確認済み 1/2 人" in body
    assert "未確認" in body


def test_reminders_are_limited_to_once_a_day(client, org, owner, django_capture_on_commit_callbacks):
    version = _version(org, owner)
    handbook_adopt(version=version, actor=owner)
    with django_capture_on_commit_callbacks(execute=True):
        handbook_recipients_add(version=version, emails=["a@example.jp", "b@example.jp"], actor=owner)
    a, b = HandbookRecipient.objects.order_by("email")
    handbook_acknowledge(recipient=b)
    mail.outbox.clear()

    # just sent: no reminder yet
    assert handbook_remind(version=version, recipients=[a, b], actor=owner) == []
    later = timezone.now() + dt.timedelta(hours=25)
    with django_capture_on_commit_callbacks(execute=True):
        reminded = handbook_remind(version=version, recipients=[a, b], actor=owner, now=later)
    assert [r.email for r in reminded] == ["a@example.jp"]  # b has confirmed
    assert [m.to for m in mail.outbox] == [["a@example.jp"]]
    assert "再送" in mail.outbox[0].subject
    a.refresh_from_db()
    assert a.send_count == 2
    assert (
        handbook_remind(version=version, recipients=[a], actor=owner, now=later + dt.timedelta(hours=1)) == []
    )
    assert AuditEvent.objects.filter(action="handbook.ack_remind").count() == 1

    # over HTTP: the button answers politely when nothing can be sent
    client.force_login(owner)
    response = client.post(
        reverse("policies:handbook_remind", args=[org.pk]), {"recipient": "all"}, follow=True
    )
    assert "再送できる相手がいません" in response.content.decode()
    assert (
        client.post(reverse("policies:handbook_remind", args=[org.pk]), {"recipient": "nope"}).status_code
        == 404
    )


def test_invalid_addresses_are_rejected_with_a_message(client, org, owner):
    version = _version(org, owner)
    handbook_adopt(version=version, actor=owner)
    client.force_login(owner)
    response = client.post(
        reverse("policies:handbook_staff", args=[org.pk]), {"emails": "ok@example.jp, broken@"}
    )
    assert response.status_code == 200
    assert "broken@" in response.content.decode()
    assert not HandbookRecipient.objects.exists()
    response = client.post(reverse("policies:handbook_staff", args=[org.pk]), {"emails": "   "})
    assert response.status_code == 200 and not HandbookRecipient.objects.exists()


def test_members_cannot_send_or_adopt(client, org, owner):
    version = _version(org, owner)
    member = member_make(org, role="member")
    client.force_login(member)
    assert client.post(reverse("policies:handbook_adopt", args=[org.pk, version.number])).status_code == 403
    handbook_adopt(version=version, actor=owner)
    assert client.get(reverse("policies:handbook_staff", args=[org.pk])).status_code == 200
    assert (
        client.post(reverse("policies:handbook_staff", args=[org.pk]), {"emails": "x@example.jp"}).status_code
        == 403
    )
    assert (
        client.post(reverse("policies:handbook_remind", args=[org.pk]), {"recipient": "all"}).status_code
        == 403
    )


def test_unknown_token_is_a_friendly_404(client):
    response = client.get("/policy/h/not-a-token/")
    assert response.status_code == 404
    assert "このリンクは使えません" in response.content.decode()
    assert client.post("/policy/h/not-a-token/").status_code == 404


def test_sending_happens_in_a_task_after_commit(org, owner, django_capture_on_commit_callbacks):
    version = _version(org, owner)
    handbook_adopt(version=version, actor=owner)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        handbook_recipients_add(version=version, emails=[f"s{i}@example.jp" for i in range(30)], actor=owner)
    assert mail.outbox == [] and not OutgoingMail.objects.exists()
    assert len(callbacks) == 1  # one task for the whole batch
    with django_capture_on_commit_callbacks(execute=True):
        callbacks[0]()
    assert OutgoingMail.objects.count() == 30


def test_rule_badges_follow_the_language_but_the_document_stays_japanese(client, org, owner, settings):
    from secaction.policies.handbook import STATUS_LABELS

    client.force_login(owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    owner.language = "en"
    owner.save(update_fields=["language"])
    html = client.get(reverse("policies:handbook_edit", args=[org.pk])).content.decode()
    assert ">New rule to start</span>" in html
    assert ">新しく始めるルール</span>" not in html
    assert STATUS_LABELS["keep"] == "続けるルール"  # what the PDF and DOCX print


def test_remind_only_touches_recipients_of_the_version_it_was_given(org, owner):
    version = _version(org, owner)
    handbook_adopt(version=version, actor=owner)
    other_org = organization_make()
    other_owner = member_make(other_org, role="owner")
    other_version = _version(other_org, other_owner)
    handbook_adopt(version=other_version, actor=other_owner)
    (theirs,), _ = handbook_recipients_add(version=other_version, emails=["t@example.jp"], actor=other_owner)
    later = timezone.now() + dt.timedelta(days=2)
    # an owner of ``org`` passes another organisation's recipient along with their own version
    assert handbook_remind(version=version, recipients=[theirs], actor=owner, now=later) == []
    theirs.refresh_from_db()
    assert theirs.send_count == 1


def test_member_writes_drafts_but_only_an_owner_adopts(org, owner):
    from secaction.core.errors import AccessDenied

    member = member_make(org, role="member")
    version = _version(org, member)  # any member may write a version
    with pytest.raises(AccessDenied, match="オーナー"):
        handbook_adopt(version=version, actor=member)
    with pytest.raises(AccessDenied):
        handbook_version_create(
            organization=org,
            actor=member_make(organization_make(), role="owner"),
            title="t",
            intro="",
            contact="",
            rules=handbook_build(None),
            assessment_ref=None,
        )
