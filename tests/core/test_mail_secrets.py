"""Staff reading the mail journal in the back office never see a usable token (issue 10, finding 1).

Every kind of mail the portal sends is produced the way the product produces it: allauth's sign-up
confirmation, password reset and e-mail change, an invitation, the handbook request and reminder, and the
declaration mails. For each, the token is taken from the mail *actually sent* (or from the record that
holds it) and must not appear in the back office's list or in the mail's page; the sent link itself works.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from secaction.core.models import OutgoingMail
from secaction.core.redaction import REDACTED, secrets_redact

pytestmark = [pytest.mark.django_db]

URL = re.compile(r"https?://[^\s\"'<>]+")


def _sent_urls() -> list[str]:
    urls = []
    for message in mail.outbox:
        urls += URL.findall(message.body)
        for content, _mimetype in getattr(message, "alternatives", []):
            urls += URL.findall(str(content))
    return urls


def _declaration_accepted(org, owner) -> None:
    from secaction.declarations import services
    from secaction.declarations.models import ProgrammeSettings, ReviewMode, TermsVersion
    from tests.declarations.conftest import make_user

    ProgrammeSettings.objects.update_or_create(pk=1, defaults={"review_mode": ReviewMode.REVIEWED})
    terms = TermsVersion.objects.filter(is_current=True).first() or TermsVersion.objects.create(
        version="1.0", title="規約", body="本文", published_at=timezone.now(), is_current=True
    )
    decl = services.declaration_submit(
        organization=org,
        user=owner,
        level="one_star",
        pledged_principles=[1, 2, 3, 4, 5],
        terms_version=terms,
    )
    services.declaration_accept(declaration=decl, staff=make_user("reviewer@example.jp", staff=True))


def _staff_html(client, django_user_model) -> str:
    office = django_user_model.objects.create_superuser(email="office@example.jp", password="pw-123456789")
    client.force_login(office)
    pages = [reverse("admin:core_outgoingmail_changelist")]
    pages += [
        reverse("admin:core_outgoingmail_change", args=[pk])
        for pk in OutgoingMail.objects.values_list("pk", flat=True)
    ]
    html = ""
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        html += response.content.decode()
    return html


@override_settings(BACKOFFICE_REQUIRE_MFA=False, MAIL_KEEP_SENT_SECRETS=False)
def test_no_token_from_any_mail_the_portal_sends_reaches_the_back_office(
    client, django_user_model, django_capture_on_commit_callbacks
):
    from allauth.account.models import EmailAddress

    from secaction.organizations.models import Invitation
    from secaction.organizations.services import invitation_create
    from secaction.policies.handbook import handbook_build
    from secaction.policies.models import HandbookRecipient
    from secaction.policies.services import (
        handbook_adopt,
        handbook_recipients_add,
        handbook_remind,
        handbook_version_create,
    )
    from tests.declarations.conftest import add_member, make_org, make_user

    with django_capture_on_commit_callbacks(execute=True):
        # allauth: sign-up confirmation, password reset, e-mail change confirmation.
        client.post(
            reverse("account_signup"),
            {
                "email": "new@example.jp",
                "password1": "pw-Signup-2026x",
                "password2": "pw-Signup-2026x",
                "legal_agree": "on",
            },
        )
        client.logout()
        owner = make_user("owner@example.jp")
        EmailAddress.objects.update_or_create(
            user=owner, email=owner.email, defaults={"verified": True, "primary": True}
        )
        client.post(reverse("account_reset_password"), {"email": "owner@example.jp"})
        client.force_login(owner)
        client.post(reverse("account_email"), {"action_add": "", "email": "owner2@example.jp"})
        client.logout()

        # An invitation, the handbook request and reminder.
        org = make_org("株式会社秘密商店")
        add_member(org, owner, role="owner")
        invitation_create(owner, org, "invitee@example.jp")
        version = handbook_version_create(
            organization=org,
            actor=owner,
            title="ハンドブック",
            intro="はじめに",
            contact="代表",
            rules=handbook_build(None),
            assessment_ref=None,
        )
        handbook_adopt(version=version, actor=owner)
        created, _ = handbook_recipients_add(version=version, emails=["staff1@example.jp"], actor=owner)

        # A declaration received and accepted (its mails carry links to public and members' pages only).
        _declaration_accepted(org, owner)
    later = timezone.now() + timezone.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        handbook_remind(version=version, recipients=created, actor=owner, now=later)

    templates = set(OutgoingMail.objects.values_list("template", flat=True))
    assert {
        "account/email/email_confirmation_signup",
        "account/email/password_reset_key",
        "account/email/email_confirmation",
        "organizations/email/invitation",
        "policies/mail/handbook_request",
        "policies/mail/handbook_reminder",
        "declarations/email/accepted",
    } <= templates, templates

    # The secrets, from the mails actually sent and from the records behind them.
    urls = _sent_urls()
    secrets = {Invitation.objects.get().token, HandbookRecipient.objects.get().token}
    for url in urls:
        if m := re.search(r"/password/reset/key/([^/]+)/", url):
            secrets.add(m.group(1).split("-", 1)[1])
        if m := re.search(r"/confirm-email/([^/]+)/", url):
            secrets.add(m.group(1))
    assert len(secrets) >= 5  # invitation, handbook, reset key, two confirmation keys
    assert all(any(secret in url for url in urls) for secret in secrets)  # they really were sent

    # The reset link sent works (it is a real credential) …
    reset = next(u for u in urls if "/password/reset/key/" in u)
    assert client.get(reset.split("://", 1)[1].partition("/")[2].join(["/", ""])).status_code in (200, 302)

    # … and staff never see any of them.
    html = _staff_html(client, django_user_model)
    leaked = sorted(secret for secret in secrets if secret in html)
    assert leaked == []
    assert REDACTED in html
    assert not OutgoingMail.objects.exclude(send_text="").exists()  # sent: the sendable copy is gone


def test_declaration_mails_keep_their_public_links(django_capture_on_commit_callbacks):
    """Redaction takes credentials only: public pages named in a mail stay readable."""
    text = "詳しくは http://127.0.0.1:8000/registry/verify/SA1-2026-000123/ と http://127.0.0.1:8000/org/mypage/ をご覧ください。"
    assert secrets_redact(text) == text
    token = "Zk3xQ9vL2mN8pR4tW6yB1cD5fG7hJ0kA"
    assert token not in secrets_redact(f"http://127.0.0.1:8000/org/invitation/{token}/")
    assert token not in secrets_redact(f"https://elsewhere.example/r/{token}")
    assert token not in secrets_redact(f"https://elsewhere.example/r?a=1&amp;token={token}&b=2")
    assert "b=2" in secrets_redact(f"https://elsewhere.example/r?a=1&token={token}&b=2")
