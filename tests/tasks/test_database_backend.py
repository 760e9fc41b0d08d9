"""Every background task, run the way production runs it: queued in the database, done by `db_worker`.

The rest of the suite uses the immediate backend, which calls the function in
process and so never checks that arguments survive JSON, that the row exists
when the worker looks for it, or that the task is importable by path. These
tests switch to ``django_tasks_db.DatabaseBackend`` and run the real worker.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import task_backends
from django_tasks.base import Task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

import secaction
from secaction.core.models import OutgoingMail
from secaction.core.services import mail_queue, mail_retry_delay

pytestmark = pytest.mark.django_db(transaction=True)

# Each task below has a test that runs it through the database worker: in this module, or for the
# institutions' tasks in tests/tasks/test_institution_tasks.py, the back office's in test_backoffice_tasks.py,
# the mail-outs' in tests/mailouts/test_delivery_worker.py, the continuation reminders' in
# test_continuation_tasks.py.
COVERED = {
    "secaction.backoffice.tasks.data_export_build_task",
    "secaction.backoffice.tasks.data_exports_purge_periodic",
    "secaction.institutions.tasks.bulk_upload_check",
    "secaction.institutions.tasks.bulk_uploads_purge_periodic",
    "secaction.institutions.tasks_webhooks.webhook_deliveries_send",
    "secaction.institutions.tasks_webhooks.webhook_delivery_send",
    "secaction.institutions.tasks_webhooks.webhook_fan_out",
    "secaction.institutions.tasks_webhooks.webhook_sweep",
    "secaction.continuation.tasks.continuation_reminders_periodic",
    "secaction.core.tasks.mail_deliver",
    "secaction.core.tasks.mail_sweep",
    "secaction.core.tasks.task_results_prune",
    "secaction.declarations.tasks.declaration_logo_mail",
    "secaction.declarations.tasks.declaration_checks",
    "secaction.mailouts.tasks.mailout_batch_send",
    "secaction.policies.tasks.handbook_mail_send",
    "secaction.mailouts.tasks_build.mailout_build_task",
    "secaction.mailouts.tasks_sweep.mailouts_sweep",
    "secaction.privacy.tasks.privacy_daily",
}


@pytest.fixture
def database_tasks(settings):
    """Queue tasks in the database, as `make run` and production do.

    django_tasks caches backend instances in ``task_backends``; its own
    ``setting_changed`` receiver rebuilds that cache when ``TASKS`` changes,
    both here and when pytest-django restores the setting afterwards. The
    assertion proves the cache really was reset.
    """
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "mail", "mailout"]}
    }
    assert isinstance(task_backends["default"], DatabaseBackend)
    yield


def run_worker() -> None:
    call_command(
        "db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", "--no-reload", verbosity=0
    )


def _queue(to: str) -> OutgoingMail:
    return mail_queue(to=to, subject="件名", body_text="本文", language="ja", template="test")


def statuses() -> list[tuple[str, str]]:
    return list(DBTaskResult.objects.order_by("enqueued_at").values_list("task_path", "status"))


def test_every_task_in_the_project_is_covered_here():
    found = set()
    for module in pkgutil.walk_packages(secaction.__path__, "secaction."):
        if module.name.rsplit(".", 1)[-1].startswith("tasks"):  # tasks.py and tasks_<part>.py
            for name, value in vars(importlib.import_module(module.name)).items():
                if isinstance(value, Task):
                    found.add(f"{module.name}.{name}")
    assert found == COVERED, "a new @task needs a database-backend test in this module"


def test_mail_is_queued_only_after_commit_and_sent_by_the_worker(database_tasks):
    with transaction.atomic():
        row = _queue("worker@example.jp")
        assert not DBTaskResult.objects.exists()  # nothing for a worker to find before the commit
    assert statuses() == [("secaction.core.tasks.mail_deliver", "READY")]
    assert DBTaskResult.objects.get().args_kwargs == {"args": [row.pk], "kwargs": {}}
    assert mail.outbox == []

    run_worker()

    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.SENT
    assert [m.to for m in mail.outbox] == [["worker@example.jp"]]
    assert statuses() == [("secaction.core.tasks.mail_deliver", "SUCCESSFUL")]


def test_nothing_is_queued_when_the_transaction_rolls_back(database_tasks):
    with pytest.raises(RuntimeError), transaction.atomic():
        _queue("worker@example.jp")
        raise RuntimeError("boom")
    assert not DBTaskResult.objects.exists()
    run_worker()
    assert mail.outbox == [] and not OutgoingMail.objects.exists()


def test_a_failed_delivery_is_deferred_in_the_queue_not_retried_at_once(database_tasks):
    row = _queue("retry@example.jp")
    before = timezone.now()
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("smtp down")):
        run_worker()
    after = timezone.now()
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutgoingMail.Status.RETRYING, 1)
    first, retry = DBTaskResult.objects.order_by("enqueued_at")
    assert first.status == "SUCCESSFUL" and retry.status == "READY"
    assert retry.args_kwargs == {"args": [row.pk], "kwargs": {}}
    # Bracketed by the clock before and after the run, so a slow machine cannot fail it.
    delay = mail_retry_delay(1)
    assert delay >= dt.timedelta(seconds=30)
    assert before + delay <= retry.run_after <= after + delay

    assert retry.run_after == row.next_attempt_at

    # Once the delay has passed, the next worker run delivers it.
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    OutgoingMail.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    run_worker()
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutgoingMail.Status.SENT, 2)
    assert [m.to for m in mail.outbox] == [["retry@example.jp"]]


def test_handbook_requests_go_through_the_queue_to_each_staff_member(database_tasks):
    from secaction.policies.handbook import handbook_build
    from secaction.policies.models import HandbookRecipient
    from secaction.policies.services import (
        handbook_adopt,
        handbook_recipients_add,
        handbook_version_create,
    )
    from tests.policies.factories import member_make, organization_make

    org = organization_make(name="有限会社キュー")
    owner = member_make(org)
    version = handbook_version_create(
        organization=org,
        actor=owner,
        title="情報セキュリティハンドブック",
        intro="はじめに",
        contact="代表",
        rules=handbook_build(None),
        assessment_ref=None,
    )
    handbook_adopt(version=version, actor=owner)
    created, _ = handbook_recipients_add(
        version=version, emails=["sato@example.jp", "suzuki@example.jp"], actor=owner
    )
    assert statuses() == [("secaction.policies.tasks.handbook_mail_send", "READY")]
    assert DBTaskResult.objects.get().args_kwargs == {
        "args": [[r.pk for r in created], "request"],
        "kwargs": {},
    }

    run_worker()  # the handbook task queues one mail each; the same batch delivers them

    assert sorted(m.to[0] for m in mail.outbox) == ["sato@example.jp", "suzuki@example.jp"]
    for message in mail.outbox:
        token = HandbookRecipient.objects.get(email=message.to[0]).token
        assert token in message.body
    assert sorted(statuses()) == [
        ("secaction.core.tasks.mail_deliver", "SUCCESSFUL"),
        ("secaction.core.tasks.mail_deliver", "SUCCESSFUL"),
        ("secaction.policies.tasks.handbook_mail_send", "SUCCESSFUL"),
    ]


CHECKS_TASK = "secaction.declarations.tasks.declaration_checks"


def test_automatic_checks_run_by_the_worker_after_an_immediate_issue(database_tasks):
    from secaction.declarations import services
    from secaction.declarations.models import (
        ProgrammeSettings,
        ReviewFinding,
        ReviewMode,
        Status,
        TermsVersion,
    )
    from tests.declarations.conftest import add_member, make_org, make_user

    ProgrammeSettings.objects.update_or_create(pk=1, defaults={"review_mode": ReviewMode.IMMEDIATE})
    terms = TermsVersion.objects.filter(is_current=True).first() or TermsVersion.objects.create(
        version="1.0", title="規約", body="本文", published_at=timezone.now(), is_current=True
    )
    org = make_org("テスト株式会社")
    owner = add_member(org, make_user("checks@example.jp"), role="owner")
    decl = services.declaration_submit(
        organization=org,
        user=owner,
        level="one_star",
        pledged_principles=[1, 2, 3, 4, 5],
        terms_version=terms,
    )
    # The declarer has the ID; the checks wait in the queue for a worker.
    assert decl.status == Status.ACTIVE and decl.declaration_id
    checks = DBTaskResult.objects.get(task_path=CHECKS_TASK)
    assert checks.status == "READY" and checks.args_kwargs == {"args": [decl.pk], "kwargs": {}}
    assert not ReviewFinding.objects.exists()

    run_worker()
    checks.refresh_from_db()
    assert checks.status == "SUCCESSFUL" and checks.return_value == 1
    assert list(ReviewFinding.objects.values_list("declaration_id", "kind")) == [(decl.pk, "suspicious_name")]


LOGO_TASK = "secaction.declarations.tasks.declaration_logo_mail"
LOGO_SUBJECT = "ロゴマークのダウンロードのご案内"


def _accepted_declaration(owner_email: str):
    """A declaration submitted in reviewed mode and accepted by staff; the queue holds what that left."""
    from secaction.declarations import services
    from secaction.declarations.models import ProgrammeSettings, ReviewMode, TermsVersion
    from tests.declarations.conftest import add_member, make_org, make_user

    ProgrammeSettings.objects.update_or_create(pk=1, defaults={"review_mode": ReviewMode.REVIEWED})
    # A transactional test flushes the table the data migration filled, so make sure terms exist.
    terms = TermsVersion.objects.filter(is_current=True).first() or TermsVersion.objects.create(
        version="1.0", title="規約", body="本文", published_at=timezone.now(), is_current=True
    )
    org = make_org("株式会社ロゴ便")
    owner = add_member(org, make_user(owner_email), role="owner")
    staff = make_user(f"office-{owner_email}", staff=True)
    decl = services.declaration_submit(
        organization=org,
        user=owner,
        level="one_star",
        pledged_principles=[1, 2, 3, 4, 5],
        terms_version=terms,
    )
    decl = services.declaration_accept(declaration=decl, staff=staff)
    return decl, owner


def _logo_task() -> DBTaskResult:
    return DBTaskResult.objects.get(task_path=LOGO_TASK)


def _make_due(result: DBTaskResult) -> None:
    DBTaskResult.objects.filter(pk=result.pk).update(run_after=timezone.now() - dt.timedelta(seconds=1))


def test_logo_mail_is_deferred_by_the_delay_and_sent_once_by_the_worker(database_tasks):
    from secaction.declarations.models import Declaration
    from secaction.declarations.tasks import declaration_logo_mail

    before = timezone.now()
    decl, _owner = _accepted_declaration("logo@example.jp")
    logo = _logo_task()
    assert logo.status == "READY"
    assert logo.args_kwargs == {"args": [decl.pk, decl.declaration_id], "kwargs": {}}
    assert logo.run_after == decl.declared_at + dt.timedelta(days=7)
    assert before + dt.timedelta(days=7) <= logo.run_after <= timezone.now() + dt.timedelta(days=7)

    run_worker()  # delivers 自己宣言完了のお知らせ and 受理のご連絡; the logo task is not due yet
    subjects = [m.subject for m in mail.outbox]
    assert any("申込み受理のご連絡" in s for s in subjects)
    assert not any(LOGO_SUBJECT in s for s in subjects)
    assert _logo_task().status == "READY"
    assert Declaration.objects.get(pk=decl.pk).logo_mail_sent_at is None

    _make_due(logo)  # a week later
    mail.outbox.clear()
    run_worker()  # the logo task queues the mail; the same batch delivers it
    assert _logo_task().status == "SUCCESSFUL" and _logo_task().return_value is True
    assert [(m.to, LOGO_SUBJECT in m.subject) for m in mail.outbox] == [(["logo@example.jp"], True)]
    assert Declaration.objects.get(pk=decl.pk).logo_mail_sent_at is not None

    # Enqueued again (an operator re-running it, a duplicate): the worker sends nothing more.
    declaration_logo_mail.enqueue(decl.pk, decl.declaration_id)
    mail.outbox.clear()
    run_worker()
    assert mail.outbox == []
    assert sorted(
        DBTaskResult.objects.filter(task_path=LOGO_TASK).values_list("return_value", flat=True)
    ) == [
        False,
        True,
    ]


def test_a_declaration_withdrawn_before_the_delay_gets_no_logo_mail(database_tasks):
    from secaction.declarations import services
    from secaction.declarations.models import Declaration

    decl, owner = _accepted_declaration("gone@example.jp")
    services.declaration_withdraw(declaration=decl, user=owner, reason="事業を終了しました")
    _make_due(_logo_task())
    mail.outbox.clear()
    run_worker()
    assert _logo_task().status == "SUCCESSFUL" and _logo_task().return_value is False
    assert not any(LOGO_SUBJECT in m.subject for m in mail.outbox)
    assert Declaration.objects.get(pk=decl.pk).logo_mail_sent_at is None


PRUNE_TASK = "secaction.core.tasks.task_results_prune"
NOW = dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def fixed_clock():
    """Every ``timezone.now()`` (the worker's, the prune command's, ours) answers NOW."""
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield NOW


def _finished_mail_result(status: str, days_ago: int) -> str:
    from secaction.core.tasks import mail_deliver

    result = mail_deliver.enqueue(0)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=status, started_at=NOW, finished_at=NOW - dt.timedelta(days=days_ago)
    )
    return str(result.id)


def _waiting_prunes() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=PRUNE_TASK, status="READY"))


def test_old_task_results_are_pruned_by_a_task_that_comes_back_the_next_day(database_tasks, fixed_clock):
    from secaction.core.tasks import mail_deliver, task_results_prune_schedule

    old = _finished_mail_result("SUCCESSFUL", days_ago=15)
    recent = _finished_mail_result("SUCCESSFUL", days_ago=13)
    failed = _finished_mail_result("FAILED", days_ago=30)  # failed ones are kept 60 days
    failed_old = _finished_mail_result("FAILED", days_ago=61)
    waiting = str(mail_deliver.using(run_after=NOW + dt.timedelta(days=30)).enqueue(0).id)

    assert task_results_prune_schedule() is True
    assert task_results_prune_schedule() is False  # one run waiting is enough
    run_worker()

    left = {str(pk) for pk in DBTaskResult.objects.exclude(task_path=PRUNE_TASK).values_list("pk", flat=True)}
    assert left == {recent, failed, waiting}
    assert old not in left and failed_old not in left
    assert DBTaskResult.objects.get(task_path=PRUNE_TASK, status="SUCCESSFUL").return_value == "pruned"
    [next_run] = _waiting_prunes()
    assert next_run.run_after == NOW + dt.timedelta(days=1)


def test_two_prune_chains_started_at_once_become_one(database_tasks, fixed_clock):
    from secaction.core.tasks import task_results_prune

    task_results_prune.enqueue()  # as if two deploy hosts had both found nothing waiting
    task_results_prune.enqueue()
    run_worker()
    assert len(_waiting_prunes()) == 1
    assert DBTaskResult.objects.filter(task_path=PRUNE_TASK, status="SUCCESSFUL").count() == 2


def test_a_failed_prune_still_schedules_the_next_one(database_tasks, fixed_clock):
    from secaction.core.tasks import task_results_prune

    task_results_prune.enqueue()
    with mock.patch("secaction.core.tasks.call_command", side_effect=RuntimeError("database gone")):
        run_worker()
    assert DBTaskResult.objects.get(task_path=PRUNE_TASK, status="FAILED")
    [next_run] = _waiting_prunes()
    assert next_run.run_after == NOW + dt.timedelta(days=1)


def test_migrate_starts_the_prune_chain_and_flush_does_not(database_tasks, fixed_clock):
    from django.core.management.sql import emit_post_migrate_signal

    emit_post_migrate_signal(0, False, "default")  # what flush sends: no plan
    assert _waiting_prunes() == []
    emit_post_migrate_signal(0, False, "default", plan=[])  # what migrate sends
    emit_post_migrate_signal(0, False, "default", plan=[])  # a second deploy
    [first_run] = _waiting_prunes()
    assert first_run.run_after == NOW


def test_nothing_is_scheduled_on_the_immediate_backend():
    from secaction.core.tasks import task_results_prune_schedule

    assert task_results_prune_schedule() is False
    assert not DBTaskResult.objects.exists()


SWEEP_TASK = "secaction.core.tasks.mail_sweep"


def test_the_sweeper_fails_tasks_of_dead_workers_and_requeues_their_mail(database_tasks, settings):
    """A worker SIGKILLed mid-send leaves its task RUNNING and the mail SENDING: the sweeper recovers both."""
    from secaction.core.selectors import health_get
    from secaction.core.tasks import mail_sweep

    settings.TASK_RUNNING_TIMEOUT_SECONDS = 60
    settings.MAIL_SENDING_TIMEOUT_SECONDS = 60
    settings.MAIL_SWEEP_SECONDS = 300
    row = _queue("lost@example.jp")
    task = DBTaskResult.objects.get()
    long_ago = timezone.now() - dt.timedelta(minutes=5)
    # What the dead worker left: its task claimed, the mail claimed.
    DBTaskResult.objects.filter(pk=task.pk).update(status="RUNNING", started_at=long_ago)
    OutgoingMail.objects.filter(pk=row.pk).update(status="sending", claimed_at=long_ago, claim_token="dead")
    health = health_get()
    assert health["ok"] is False and health["tasks"]["stuck"] == 1 and health["mail"]["sending"] == 1

    mail_sweep.enqueue()
    before = timezone.now()
    run_worker()  # the sweep, then the delivery it queued

    task.refresh_from_db()
    assert task.status == "FAILED" and task.exception_class_path == "secaction.core.errors.WorkerLost"
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutgoingMail.Status.SENT, 1)
    assert [m.to for m in mail.outbox] == [["lost@example.jp"]]
    assert [m.message()["Message-ID"] for m in mail.outbox] == [row.message_id]
    swept = DBTaskResult.objects.get(task_path=SWEEP_TASK, status="SUCCESSFUL")
    assert swept.return_value == {"stale_tasks": 1, "requeued_mails": 1, "expired_secrets": 0}
    [next_sweep] = DBTaskResult.objects.filter(task_path=SWEEP_TASK, status="READY")
    assert next_sweep.run_after >= before + dt.timedelta(seconds=300)
    assert health_get()["ok"] is True


def test_the_sweeper_leaves_alone_a_mail_a_task_is_waiting_for(database_tasks, settings):
    from secaction.core.services import mail_sweep_now

    settings.MAIL_SWEEP_SECONDS = 0
    row = _queue("waiting@example.jp")  # its task is READY in the queue
    assert mail_sweep_now()["requeued_mails"] == 0
    assert DBTaskResult.objects.filter(task_path="secaction.core.tasks.mail_deliver").count() == 1
    DBTaskResult.objects.all().delete()  # the task row is gone (pruned by hand, lost)
    assert mail_sweep_now()["requeued_mails"] == 1
    run_worker()
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.SENT


def test_the_daily_privacy_task_anonymises_due_deletions_applies_retention_and_comes_back(
    database_tasks, fixed_clock
):
    from secaction.privacy.models import DataRequest, RetentionRun
    from secaction.privacy.tasks import privacy_daily_start
    from tests.declarations.conftest import make_user

    person = make_user("leaving@example.jp")
    DataRequest.objects.create(
        kind="deletion",
        user=person,
        status="scheduled",
        requested_at=NOW,
        due_at=NOW - dt.timedelta(seconds=1),
    )
    privacy_daily_start(plan=[])
    privacy_daily_start(plan=[])  # a second deploy: one chain
    run_worker()

    person.refresh_from_db()
    assert person.email == f"deleted-{person.pk}@invalid" and not person.is_active
    assert DataRequest.objects.get().status == "done"
    assert RetentionRun.objects.filter(dry_run=False).count() == 1
    [next_run] = DBTaskResult.objects.filter(
        task_path="secaction.privacy.tasks.privacy_daily", status="READY"
    )
    assert next_run.run_after == NOW + dt.timedelta(days=1)
