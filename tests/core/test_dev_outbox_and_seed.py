import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command

from secaction.core.services import mail_queue
from secaction.organizations.models import Invitation, Membership, Organization
from secaction.organizations.validation import corporate_number_normalize

pytestmark = pytest.mark.django_db


def test_dev_outbox_lists_and_shows_mail_in_debug(client, settings):
    settings.DEBUG = True
    mail = mail_queue(
        to="a@example.jp",
        subject="ご登録の確認",
        body_text="https://example.jp/confirm/abc/",
        language="ja",
        template="t",
    )
    html = client.get("/dev/outbox/").content.decode()
    assert "ご登録の確認" in html and "a@example.jp" in html
    detail = client.get(f"/dev/outbox/{mail.pk}/").content.decode()
    assert '<a href="https://example.jp/confirm/abc/"' in detail


def test_dev_outbox_is_404_without_debug(client, settings):
    settings.DEBUG = False
    mail = mail_queue(to="a@example.jp", subject="s", body_text="b", language="ja", template="t")
    assert client.get("/dev/outbox/").status_code == 404
    assert client.get(f"/dev/outbox/{mail.pk}/").status_code == 404


def _state():
    return (
        sorted(Organization.objects.values_list("name", "corporate_number", "entity_type")),
        sorted(Membership.objects.values_list("user__email", "organization__name", "role", "is_active")),
        sorted(EmailAddress.objects.values_list("email", "verified", "primary")),
        Authenticator.objects.count(),
        Invitation.objects.count(),
    )


def test_seed_demo_is_idempotent_and_valid(settings, capsys, django_user_model):
    settings.DEBUG = True
    call_command("seed_demo")
    first = capsys.readouterr().out
    state = _state()
    call_command("seed_demo")
    second = capsys.readouterr().out
    assert _state() == state
    assert "nothing new" in second and "nothing new" not in first
    orgs = Organization.objects.all()
    assert orgs.count() >= 3
    assert orgs.filter(entity_type="sole_proprietor", corporate_number="").exists()
    for org in orgs.exclude(corporate_number=""):
        assert corporate_number_normalize(org.corporate_number) == org.corporate_number
    assert all(verified and primary for _e, verified, primary in state[2])
    staff = django_user_model.objects.get(email="staff@example.jp")
    assert staff.is_staff and Authenticator.objects.filter(user=staff, type="totp").exists()
    assert "otpauth://totp/" in first and "JBSWY3DPEHPK3PXP" in first and "Password" in first
    assert Membership.objects.filter(role="member").exists()
    from secaction.declarations.models import Declaration

    demo = Declaration.objects.get(organization__contact_email="owner@example.jp")
    assert demo.status == "active" and demo.level == "one_star" and demo.declaration_id.startswith("4")
    # the demo declarer and the demo supporter (a supporter must have declared); the second run added none
    assert Declaration.objects.exclude(organization__contact_email__endswith="@example.invalid").count() == 2
    # and the synthetic audience of mail-outs and surveys, made once
    synthetic = Organization.objects.filter(contact_email__endswith="@example.invalid")
    assert (
        synthetic.count() == 1200 and Declaration.objects.filter(organization__in=synthetic).count() == 1200
    )


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")


def test_demo_totp_code_matches_the_seeded_authenticator(settings, capsys, django_user_model):
    from allauth.mfa.totp.internal.auth import TOTP

    settings.DEBUG = True
    call_command("seed_demo")
    capsys.readouterr()
    call_command("demo_totp_code")
    code = capsys.readouterr().out.strip()
    assert re.fullmatch(r"\d{6}", code)
    staff = django_user_model.objects.get(email="staff@example.jp")
    assert TOTP(Authenticator.objects.get(user=staff, type="totp")).validate_code(code)
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo_totp_code")


def test_footer_links_to_the_outbox_only_in_debug(client, settings):
    settings.DEBUG = True
    assert "/dev/outbox/" in client.get("/").content.decode()
    settings.DEBUG = False
    assert "/dev/outbox/" not in client.get("/").content.decode()


def test_the_totp_command_printed_by_seed_demo_works_when_pasted(settings, capsys):
    """`make run` prints how to get the staff code; pasted into a plain shell, it must work."""
    import os
    import shlex
    import subprocess
    import sys
    from pathlib import Path

    settings.DEBUG = True
    call_command("seed_demo")
    printed = capsys.readouterr().out
    command = printed.split("print the current code with: ", 1)[1].splitlines()[0]
    words = shlex.split(command)
    assignments = dict(w.split("=", 1) for w in words if "=" in w and not w.startswith("-"))
    argv = [w for w in words if w.split("=", 1)[0] not in assignments]
    assert argv[0] == ".venv/bin/python"
    argv[0] = sys.executable  # the interpreter running the suite stands in for the project's venv
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE", "SECRET_KEY")}
    result = subprocess.run(
        argv,
        cwd=Path(__file__).resolve().parents[2],
        env={**env, **assignments},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"\d{6}", result.stdout.strip())


def test_dev_outbox_links_urls_next_to_japanese_and_never_renders_html(client, settings):
    settings.DEBUG = True
    body = (
        "確認はこちら:https://example.jp/confirm/Mg:1v/\n"
        "「https://example.jp/terms/」をお読みください。\n"
        "See https://example.jp/a?b=1&c=2.\n"
        '<script>alert(1)</script><a href="https://evil.example/">x</a>\n'
        'https://example.jp/"onmouseover="alert(1)\n'
    )
    mail = mail_queue(to="a@example.jp", subject="s", body_text=body, language="ja", template="t")
    detail = client.get(f"/dev/outbox/{mail.pk}/").content.decode()
    pre = detail.split('<pre class="mail">', 1)[1].split("</pre>", 1)[0]
    assert '確認はこちら:<a href="https://example.jp/confirm/Mg:1v/" rel="nofollow">' in pre
    assert '「<a href="https://example.jp/terms/" rel="nofollow">https://example.jp/terms/</a>」' in pre
    assert (
        '<a href="https://example.jp/a?b=1&amp;c=2" rel="nofollow">https://example.jp/a?b=1&amp;c=2</a>.'
        in pre
    )
    # The mail's own markup is text, and a quote ends the URL instead of opening an attribute.
    assert "<script>" not in pre and "&lt;script&gt;alert(1)&lt;/script&gt;" in pre
    # The URL inside the mail's markup is linked as text; the markup around it stays escaped.
    assert (
        '&lt;a href=&quot;<a href="https://evil.example/" rel="nofollow">https://evil.example/</a>&quot;&gt;x&lt;/a&gt;'
        in pre
    )
    assert 'href="https://example.jp/"' in pre and "onmouseover=&quot;" in pre
    assert pre.count("<a ") == 5 and pre.count("</a>") == 5


def test_dev_outbox_keeps_working_links_that_the_stored_copy_redacts(
    client, settings, django_capture_on_commit_callbacks
):
    """Developers follow the verification link in /dev/outbox/ (DEBUG only); the stored copy is redacted."""
    settings.DEBUG = True
    settings.MAIL_KEEP_SENT_SECRETS = True  # the default with DEBUG
    token = "Zk3xQ9vL2mN8pR4tW6yB1cD5fG7hJ0kA"
    with django_capture_on_commit_callbacks(execute=True):
        mail = mail_queue(
            to="a@example.jp",
            subject="s",
            body_text=f"http://127.0.0.1:8000/org/invitation/{token}/",
            language="ja",
            template="t",
        )
    mail.refresh_from_db()
    assert mail.status == "sent" and token not in mail.body_text
    assert token in client.get(f"/dev/outbox/{mail.pk}/").content.decode()
