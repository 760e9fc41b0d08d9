"""Claims: which recipients a batch may take, and that no two claimers ever get the same row."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from secaction.mailouts.models import Mailout, Recipient
from secaction.mailouts.services import recipients_claim, slot_reserve

from .conftest import mailout_make


@pytest.mark.django_db
def test_a_claim_takes_pending_due_retries_and_stale_claims_only(office, settings):
    settings.MAILOUT_CLAIM_TIMEOUT_SECONDS = 300
    now = timezone.now()
    mailout = mailout_make(office, recipients=6, status="sending")
    rows = list(Recipient.objects.filter(mailout=mailout).order_by("id"))
    S = Recipient.Status
    updates = [
        (S.PENDING, None, None),
        (S.RETRYING, now - dt.timedelta(seconds=1), None),  # due
        (S.RETRYING, now + dt.timedelta(hours=1), None),  # not yet
        (S.SENDING, None, now - dt.timedelta(seconds=301)),  # its worker died
        (S.SENDING, None, now - dt.timedelta(seconds=10)),  # a live worker has it
        (S.SENT, None, None),
    ]
    for row, (status, next_attempt_at, claimed_at) in zip(rows, updates, strict=True):
        Recipient.objects.filter(pk=row.pk).update(
            status=status, next_attempt_at=next_attempt_at, claimed_at=claimed_at, claim_token="old"
        )
    token, claimed = recipients_claim(mailout.pk, limit=10, now=now)
    assert [r.pk for r in claimed] == [rows[0].pk, rows[1].pk, rows[3].pk]
    assert all(r.claim_token == token and r.status == "sending" and r.claimed_at == now for r in claimed)
    assert [r.attempts for r in claimed] == [1, 1, 1]
    # Nothing left to claim now; a second claimer gets nothing.
    assert recipients_claim(mailout.pk, limit=10, now=now)[1] == []


@pytest.mark.django_db
def test_claims_split_the_rows_and_respect_the_limit(office):
    mailout = mailout_make(office, recipients=5, status="sending")
    now = timezone.now()
    first = recipients_claim(mailout.pk, limit=3, now=now)[1]
    second = recipients_claim(mailout.pk, limit=3, now=now)[1]
    assert (len(first), len(second)) == (3, 2)
    assert not {r.pk for r in first} & {r.pk for r in second}


@pytest.mark.django_db
def test_slots_are_consecutive(office):
    mailout = mailout_make(office, status="sending")
    now = timezone.now()
    assert slot_reserve(mailout.pk, count=20, rate=10, now=now) == now
    assert slot_reserve(mailout.pk, count=20, rate=10, now=now) == now + dt.timedelta(seconds=2)
    later = now + dt.timedelta(minutes=5)  # an idle mail-out does not owe its past slots
    assert slot_reserve(mailout.pk, count=5, rate=10, now=later) == later
    mailout.refresh_from_db()
    assert mailout.next_slot_at == later + dt.timedelta(seconds=0.5)


def _postgres() -> bool:
    return bool(connection.vendor == "postgresql")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not _postgres(), reason="row locks (SKIP LOCKED) need PostgreSQL: run with DATABASE_URL=postgres://..."
)
def test_concurrent_claimers_on_postgresql_never_share_a_row(office):
    mailout = mailout_make(office, recipients=600, status="sending")
    now = timezone.now()
    results: list[list[int]] = []
    lock = threading.Lock()
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def claimer() -> None:
        try:
            barrier.wait()
            mine: list[int] = []
            while True:
                _token, claimed = recipients_claim(mailout.pk, limit=25, now=now)
                if not claimed:
                    break
                mine += [r.pk for r in claimed]
            with lock:
                results.append(mine)
        except BaseException as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=claimer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    claimed = [pk for mine in results for pk in mine]
    assert len(claimed) == len(set(claimed)) == 600
    assert sum(1 for mine in results if mine) >= 2  # the claimers really ran side by side
    assert Mailout.objects.get(pk=mailout.pk).recipients.filter(status="sending").count() == 600
