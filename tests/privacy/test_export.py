"""The export holds the person's data and their organisation's, and no other person's."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from secaction.core.errors import AccessDenied
from secaction.core.services import audit_record, mail_send
from secaction.privacy.export import GATHERERS
from secaction.privacy.selectors import data_export_for_user
from tests.declarations.conftest import add_member, make_org, make_user

pytestmark = pytest.mark.django_db


def test_the_export_has_the_person_and_their_organisation(owner, member, org, declared):
    mail_send(to=owner.email, template="privacy/mail/deletion_stopped", context={"reason": "x"})
    audit_record(actor=member, action="organization.update", target=org, before={"a": 1}, after={"a": 2})

    data = data_export_for_user(owner)

    assert data["account"]["email"] == "owner@example.jp"
    assert data["organization"]["name"] == "株式会社みどり商店"
    [membership] = data["memberships"]
    assert membership["role"] == "owner" and membership["user_is_you"] is True
    [declaration] = data["declarations"]
    assert declaration["declaration_id"] == declared.declaration_id
    assert declaration["submitted_by_is_you"] is True and declaration["events"]
    [mail] = [m for m in data["outgoing_mail"] if m["template"] == "privacy/mail/deletion_stopped"]
    assert mail["to"] == "owner@example.jp" and "body_text" not in mail and "send_text" not in mail
    # The member's edit of the organisation is there, but not who the member is.
    [event] = [e for e in data["audit_events"] if e["action"] == "organization.update"]
    assert event["actor_is_you"] is False
    assert set(data) >= {key for key, _ in (g(owner, org) for g in GATHERERS)}


def test_the_export_carries_no_other_persons_data(owner, member, org, declared):
    other_org = make_org("株式会社よそ", contact_email="yoso@example.jp")
    stranger = add_member(other_org, make_user("stranger@example.jp"), role="owner")
    mail_send(to=member.email, template="privacy/mail/deletion_stopped", context={"reason": "x"})
    mail_send(to=stranger.email, template="privacy/mail/deletion_stopped", context={"reason": "x"})

    text = json.dumps(data_export_for_user(owner), ensure_ascii=False)

    assert "member@example.jp" not in text
    assert "stranger@example.jp" not in text and "株式会社よそ" not in text
    assert "pbkdf2" not in text and "password" not in text


def test_a_person_without_organisation_gets_their_account_only():
    person = make_user("alone@example.jp")
    data = data_export_for_user(person)
    assert data["account"]["email"] == "alone@example.jp"
    assert data["organization"] is None and data["declarations"] == []


def test_nobody_signed_out_gets_an_export():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(AccessDenied):
        data_export_for_user(AnonymousUser())


def test_the_json_download_and_the_printable_page(client, owner, declared):
    client.force_login(owner)
    response = client.get(reverse("privacy:export_json"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"
    assert json.loads(response.content)["account"]["email"] == "owner@example.jp"

    page = client.get(reverse("privacy:export_html")).content.decode()
    assert declared.declaration_id in page and "owner@example.jp" in page


def test_the_pages_need_a_log_in(client):
    for name in ["index", "export_json", "export_html", "correction", "deletion"]:
        response = client.get(reverse(f"privacy:{name}"))
        assert response.status_code == 302 and "login" in response["Location"]


def test_the_export_has_the_persons_inquiries_without_internal_notes_and_their_acceptances(owner, member):
    from secaction.inquiries.services import inquiry_note_add, inquiry_reply, inquiry_submit
    from secaction.legal.selectors import legal_documents_current
    from secaction.legal.services import acceptance_record

    office = make_user("office@example.jp")
    office.is_staff = True
    office.save()
    mine = inquiry_submit(
        owner, category="logo", subject="ロゴの色", body="白黒で使えますか", name="山田", email=owner.email
    )
    theirs = inquiry_submit(
        member, category="other", subject="別件", body="担当者の質問", name="佐藤", email=member.email
    )
    assert mine is not None and theirs is not None
    inquiry_note_add(office, mine, "内部メモ: 規約の第3条を案内")
    inquiry_reply(office, mine, "白黒でもお使いいただけます。")
    acceptance_record(owner, legal_documents_current().values(), "login")

    data = data_export_for_user(owner)

    [inquiry] = data["inquiries"]
    assert inquiry["subject"] == "ロゴの色" and "assignee_id" not in inquiry
    assert [m["body"] for m in inquiry["messages"]] == ["白黒で使えますか", "白黒でもお使いいただけます。"]
    text = json.dumps(data, ensure_ascii=False)
    assert "内部メモ" not in text and "担当者の質問" not in text
    assert {(a["document"], a["how"]) for a in data["legal_acceptances"]} >= {
        ("privacy", "login"),
        ("terms", "login"),
    }
