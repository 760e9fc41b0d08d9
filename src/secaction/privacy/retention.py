"""Retention periods and the rules that apply them (docs/privacy-and-retention.md, "Retention").

One :class:`RetentionRule` per kind of record: its name, the setting holding its period, what it does, a
queryset counting what is due and a step applying it. ``retention_apply`` runs them all, in a dry run or
for real, and records the run (``RetentionRun``). Run by ``manage.py retention_apply [--dry-run]`` and daily
by ``privacy.tasks.privacy_daily``. Nothing a declarer did is deleted: rules blank or anonymise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from secaction.accounts.models import User
from secaction.core.models import AuditEvent, OutgoingMail
from secaction.core.services import audit_record
from secaction.institutions.models import BulkUpload, InstitutionContact
from secaction.institutions.services.uploads import bulk_uploads_purge
from secaction.organizations.models import Invitation, Membership

from .anonymise import user_anonymise
from .models import RetentionRun

# The settings holding each period, in days (settings.py, from the environment).
RETENTION_SIGNUP = "RETENTION_UNVERIFIED_SIGNUP_DAYS"
RETENTION_INVITATION = "RETENTION_INVITATION_DAYS"
RETENTION_MAIL_BODY = "RETENTION_MAIL_BODY_DAYS"
RETENTION_AUDIT = "RETENTION_AUDIT_DAYS"


def _days(setting: str, now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=getattr(settings, setting))


@dataclass(frozen=True)
class RetentionRule:
    name: str
    setting: str  # the period, in days
    does: str  # one line for the command's output and the docs
    due: Callable[[dt.datetime], QuerySet]  # type: ignore[type-arg]
    apply: Callable[[dt.datetime], int] | None  # None: report only


# --- unverified sign-ups ------------------------------------------------------


def _unverified_due(now: dt.datetime) -> QuerySet[User]:
    """Sign-ups whose only addresses are unverified, who never logged in and belong nowhere.

    Accounts with no allauth address at all (made by staff or an import) and contacts of institutions are
    not sign-ups, and are left alone.
    """
    verified = EmailAddress.objects.filter(verified=True).values("user_id")
    unverified = EmailAddress.objects.filter(verified=False).values("user_id")
    return (
        User.objects.filter(
            pk__in=unverified,
            is_active=True,
            is_staff=False,
            last_login__isnull=True,
            date_joined__lt=_days(RETENTION_SIGNUP, now),
        )
        .exclude(pk__in=verified)
        .exclude(pk__in=Membership.objects.values("user_id"))
        .exclude(pk__in=InstitutionContact.objects.values("user_id"))
        .order_by("pk")
    )


def _unverified_apply(now: dt.datetime) -> int:
    done = 0
    for user in _unverified_due(now):
        with transaction.atomic():
            user_anonymise(user, reason="retention: unverified sign-up")
        done += 1
    return done


# --- expired invitations ----------------------------------------------------------


def _invitations_due(now: dt.datetime) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        accepted_at__isnull=True, expires_at__lt=_days(RETENTION_INVITATION, now)
    ).exclude(email__endswith="@invalid")


def _invitations_apply(now: dt.datetime) -> int:
    done = 0
    for invitation in _invitations_due(now):
        invitation.email = f"invitation-{invitation.pk}@invalid"
        invitation.revoked_at = invitation.revoked_at or now
        invitation.save(update_fields=["email", "revoked_at"])
        done += 1
    if done:
        audit_record(
            actor=None,
            action="retention.invitations",
            object_type="organizations.invitation",
            message=str(done),
        )
    return done


# --- mail bodies ----------------------------------------------------------------------


def _mail_due(now: dt.datetime) -> QuerySet[OutgoingMail]:
    finished = [OutgoingMail.Status.SENT, OutgoingMail.Status.FAILED]
    return OutgoingMail.objects.filter(
        status__in=finished, created_at__lt=_days(RETENTION_MAIL_BODY, now)
    ).exclude(body_text="", body_html="", send_text="", send_html="")


def _mail_apply(now: dt.datetime) -> int:
    done = _mail_due(now).update(body_text="", body_html="", send_text="", send_html="")
    if done:
        audit_record(
            actor=None, action="retention.mail_bodies", object_type="core.outgoingmail", message=str(done)
        )
    return done


# --- task results -------------------------------------------------------------------


def _tasks_due(now: dt.datetime) -> QuerySet[DBTaskResult]:
    return DBTaskResult.objects.filter(
        Q(status=TaskResultStatus.SUCCESSFUL, finished_at__lt=_days("TASK_RESULTS_KEEP_DAYS", now))
        | Q(status=TaskResultStatus.FAILED, finished_at__lt=_days("TASK_RESULTS_KEEP_FAILED_DAYS", now))
    )


def _tasks_apply(now: dt.datetime) -> int:
    """django-tasks-db's own pruning, as the daily ``core.tasks.task_results_prune`` runs it."""
    count = _tasks_due(now).count()
    call_command(
        "prune_db_task_results",
        queue_name="*",
        min_age_days=settings.TASK_RESULTS_KEEP_DAYS,
        failed_min_age_days=settings.TASK_RESULTS_KEEP_FAILED_DAYS,
        verbosity=0,
    )
    return count


# --- audit events (report only) ----------------------------------------------------


def _audit_due(now: dt.datetime) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(created_at__lt=_days(RETENTION_AUDIT, now))


# --- uploaded CSVs ----------------------------------------------------------------------


def _uploads_due(now: dt.datetime) -> QuerySet[BulkUpload]:
    return BulkUpload.objects.filter(created_at__lt=_days("BULK_UPLOAD_RETENTION_DAYS", now)).exclude(
        status=BulkUpload.Status.PURGED
    )


def _uploads_apply(now: dt.datetime) -> int:
    return bulk_uploads_purge(now=now)


RULES: list[RetentionRule] = [
    RetentionRule(
        "unverified_signups",
        RETENTION_SIGNUP,
        "anonymise accounts never verified and never signed in",
        _unverified_due,
        _unverified_apply,
    ),
    RetentionRule(
        "expired_invitations",
        RETENTION_INVITATION,
        "replace the address of unaccepted invitations past their expiry",
        _invitations_due,
        _invitations_apply,
    ),
    RetentionRule(
        "mail_bodies",
        RETENTION_MAIL_BODY,
        "blank the bodies of sent or failed mail, keep metadata",
        _mail_due,
        _mail_apply,
    ),
    RetentionRule(
        "task_results",
        "TASK_RESULTS_KEEP_DAYS",
        "prune finished task results (django-tasks-db)",
        _tasks_due,
        _tasks_apply,
    ),
    RetentionRule(
        "audit_events",
        RETENTION_AUDIT,
        "report only: the audit log is append-only and kept",
        _audit_due,
        None,
    ),
    RetentionRule(
        "uploaded_csvs",
        "BULK_UPLOAD_RETENTION_DAYS",
        "purge the files of institutions' bulk uploads",
        _uploads_due,
        _uploads_apply,
    ),
]


def retention_apply(*, dry_run: bool, now: dt.datetime | None = None) -> RetentionRun:
    """Run every rule: count what is due (dry run) or apply it; record and return the run.

    ``results`` maps each rule's name to ``{"due": n, "done": m}`` (``done`` is 0 in a dry run and for
    report-only rules).
    """
    now = now or timezone.now()
    results: dict[str, dict[str, int]] = {}
    for rule in RULES:
        due = rule.due(now).count()
        done = 0
        if not dry_run and rule.apply is not None and due:
            done = rule.apply(now)
        results[rule.name] = {"due": due, "done": done}
    return RetentionRun.objects.create(ran_at=now, dry_run=dry_run, results=results)
