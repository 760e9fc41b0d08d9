"""``core.bulk.rows_insert``: COPY on PostgreSQL, bulk_create elsewhere; conflicts skipped when asked."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from secaction.core.bulk import rows_insert
from secaction.core.models import OutgoingMail

pytestmark = pytest.mark.django_db

# Every NOT NULL column: model defaults are not database defaults, so COPY must be given them.
COLUMNS = (
    "to",
    "language",
    "template",
    "subject",
    "body_text",
    "body_html",
    "send_text",
    "send_html",
    "message_id",
    "status",
    "attempts",
    "last_error",
    "queued_at",
    "next_attempt_at",
    "claim_token",
    "task_id",
    "created_at",
)


def _row(n: int) -> tuple[object, ...]:
    now = timezone.now()
    return (
        f"a{n}@example.jp",
        "ja",
        "t",
        "s",
        "b",
        "",
        "",
        "",
        f"<{n}@example.jp>",
        "sent",
        0,
        "",
        now,
        now,
        "",
        "",
        now,
    )


def test_rows_are_inserted_with_their_values():
    assert rows_insert(OutgoingMail, COLUMNS, [_row(n) for n in range(3)]) == 3
    assert sorted(OutgoingMail.objects.values_list("to", "message_id")) == [
        (f"a{n}@example.jp", f"<{n}@example.jp>") for n in range(3)
    ]


def test_conflicting_rows_are_skipped_and_not_counted_when_asked():
    rows_insert(OutgoingMail, COLUMNS, [_row(0), _row(1)])
    assert rows_insert(OutgoingMail, COLUMNS, [_row(1), _row(2), _row(3)], ignore_conflicts=True) == 2
    assert OutgoingMail.objects.count() == 4


def test_a_conflict_fails_the_insert_unless_asked_to_skip():
    rows_insert(OutgoingMail, COLUMNS, [_row(0)])
    with pytest.raises(IntegrityError), transaction.atomic():
        rows_insert(OutgoingMail, COLUMNS, [_row(0)])


def test_nothing_to_insert_is_zero():
    assert rows_insert(OutgoingMail, COLUMNS, []) == 0
