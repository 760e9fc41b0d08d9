"""Retention rules: each counts what is due in a dry run and applies it for real; the command prints both."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from secaction.accounts.models import User
from secaction.core.models import AuditEvent, OutgoingMail
from secaction.core.services import mail_queue
from secaction.institutions.models import BulkUpload
from secaction.organizations.models import Invitation
from secaction.privacy.models import RetentionRun
from secaction.privacy.retention import RULES, retention_apply
from tests.declarations.conftest import make_user
from tests.privacy.conftest import NOW

pytestmark = pytest.mark.django_db

OLD = NOW - dt.timedelta(days=400)


def _results(dry_run: bool) -> dict[str, dict[str, int]]:
    return retention_apply(dry_run=dry_run, now=NOW).results


def test_unverified_sign_ups_are_anonymised_not_deleted():
    stale = User.objects.create_user("stale@example.jp", "pw")
    EmailAddress.objects.create(user=stale, email=stale.email, verified=False, primary=True)
    User.objects.filter(pk=stale.pk).update(date_joined=OLD)
    fresh = User.objects.create_user("fresh@example.jp", "pw")  # joined now: within the period
    EmailAddress.objects.create(user=fresh, email=fresh.email, verified=False, primary=True)
    made_by_staff = User.objects.create_user(
        "no-address@example.jp", "pw"
    )  # no allauth address: not a sign-up
    User.objects.filter(pk=made_by_staff.pk).update(date_joined=OLD)
    verified = make_user("verified@example.jp")
    User.objects.filter(pk=verified.pk).update(date_joined=OLD)

    assert _results(dry_run=True)["unverified_signups"] == {"due": 1, "done": 0}
    stale.refresh_from_db()
    assert stale.email == "stale@example.jp"

    assert _results(dry_run=False)["unverified_signups"] == {"due": 1, "done": 1}
    stale.refresh_from_db()
    assert stale.email == f"deleted-{stale.pk}@invalid" and not stale.is_active
    assert User.objects.filter(pk__in=[fresh.pk, verified.pk, made_by_staff.pk], is_active=True).count() == 3
    assert _results(dry_run=False)["unverified_signups"] == {"due": 0, "done": 0}


def test_expired_invitations_lose_their_address(owner, org):
    old = Invitation.objects.create(
        organization=org, email="invitee@example.jp", invited_by=owner, expires_at=OLD
    )
    open_one = Invitation.objects.create(
        organization=org, email="open@example.jp", invited_by=owner, expires_at=NOW + dt.timedelta(days=3)
    )
    assert _results(dry_run=True)["expired_invitations"]["due"] == 1
    assert Invitation.objects.get(pk=old.pk).email == "invitee@example.jp"
    assert _results(dry_run=False)["expired_invitations"]["done"] == 1
    old.refresh_from_db()
    assert old.email == f"invitation-{old.pk}@invalid" and old.revoked_at == NOW
    assert Invitation.objects.get(pk=open_one.pk).email == "open@example.jp"


def test_old_mail_bodies_are_blanked_and_metadata_kept():
    old = mail_queue(to="a@example.jp", subject="件名", body_text="本文", language="ja", template="t")
    OutgoingMail.objects.filter(pk=old.pk).update(created_at=OLD, status="sent")
    recent = mail_queue(to="b@example.jp", subject="件名", body_text="本文", language="ja", template="t")
    OutgoingMail.objects.filter(pk=recent.pk).update(status="sent")

    assert _results(dry_run=True)["mail_bodies"] == {"due": 1, "done": 0}
    assert OutgoingMail.objects.get(pk=old.pk).body_text == "本文"
    assert _results(dry_run=False)["mail_bodies"] == {"due": 1, "done": 1}
    old.refresh_from_db()
    assert (old.body_text, old.send_text, old.subject, old.to) == ("", "", "件名", "a@example.jp")
    assert OutgoingMail.objects.get(pk=recent.pk).body_text == "本文"


def test_task_results_are_pruned_with_django_tasks_db(settings):
    from secaction.core.tasks import mail_deliver

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "mail"]}
    }
    old = mail_deliver.enqueue(0)
    young = mail_deliver.enqueue(0)
    DBTaskResult.objects.filter(pk=old.id).update(status="SUCCESSFUL", started_at=OLD, finished_at=OLD)
    DBTaskResult.objects.filter(pk=young.id).update(status="SUCCESSFUL", started_at=NOW, finished_at=NOW)
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        assert _results(dry_run=True)["task_results"] == {"due": 1, "done": 0}
        assert DBTaskResult.objects.count() == 2
        assert _results(dry_run=False)["task_results"] == {"due": 1, "done": 1}
    assert [str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)] == [str(young.id)]


def test_audit_events_are_reported_never_removed():
    event = AuditEvent.objects.create(action="x", object_type="t", object_id="1")
    AuditEvent.objects.filter(pk=event.pk).update(created_at=NOW - dt.timedelta(days=6 * 365))
    assert _results(dry_run=False)["audit_events"] == {"due": 1, "done": 0}
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_uploaded_csvs_are_purged_through_the_institutions_purge():
    assert _results(dry_run=True)["uploaded_csvs"] == {"due": 0, "done": 0}
    assert BulkUpload.objects.count() == 0  # the purge itself is tested in tests/institutions


def test_every_rule_names_a_period_setting(settings):
    for rule in RULES:
        assert isinstance(getattr(settings, rule.setting), int), rule.name


def test_the_command_dry_run_changes_nothing_and_records_the_run(clock):
    stale = User.objects.create_user("stale@example.jp", "pw")
    EmailAddress.objects.create(user=stale, email=stale.email, verified=False, primary=True)
    User.objects.filter(pk=stale.pk).update(date_joined=OLD)
    out = StringIO()
    call_command("retention_apply", "--dry-run", stdout=out)
    assert "unverified_signups (RETENTION_UNVERIFIED_SIGNUP_DAYS=30 days): would apply to 1" in out.getvalue()
    assert User.objects.get(pk=stale.pk).is_active
    assert RetentionRun.objects.get().dry_run is True

    out = StringIO()
    call_command("retention_apply", stdout=out)
    assert "unverified_signups (RETENTION_UNVERIFIED_SIGNUP_DAYS=30 days): applied to 1" in out.getvalue()
    assert "deletions_due: anonymised 0" in out.getvalue()
    assert not User.objects.get(pk=stale.pk).is_active
    assert RetentionRun.objects.filter(dry_run=False).count() == 1
