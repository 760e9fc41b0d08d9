"""The change log's backfill (data migration 0006) and the entries' compact histories kept by every writer."""

from __future__ import annotations

import datetime as dt
import importlib
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from secaction.declarations.models import DeclarationEvent
from secaction.registry.backfill import registry_changes_backfill, registry_histories_refresh
from secaction.registry.history import history_unpack, status_as_of
from secaction.registry.models import RegistryChange, RegistryEntry
from secaction.registry.services import registry_rebuild

from .factories import make_declaration

pytestmark = pytest.mark.django_db
JST = ZoneInfo("Asia/Tokyo")


def jst(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=JST)


def _event(declaration, kind: str, level: str, status: str, at: dt.datetime) -> None:
    event = DeclarationEvent.objects.create(declaration=declaration, kind=kind, level=level, status=status)
    DeclarationEvent.objects.filter(pk=event.pk).update(created_at=at)  # created_at is auto_now_add


def _forget_history() -> None:
    """The state before the change log existed: no changes, no histories."""
    RegistryChange.objects.all().delete()
    RegistryEntry.objects.update(history=None)


def _changes(declaration) -> list[tuple[str, str, str, dt.datetime]]:
    return [
        (c.kind, c.level, c.status, c.occurred_at)
        for c in RegistryChange.objects.filter(declaration_id=declaration.pk).order_by("occurred_at", "id")
    ]


@pytest.fixture
def old_data():
    """Declarations made before the change log: one with events, two imported (no events), one pending."""
    with_events = make_declaration(level="two_star", status="withdrawn", declared_at=jst(2025, 4, 1, 9))
    _event(with_events, "submitted", "one_star", "pending", jst(2025, 3, 31, 18))
    _event(with_events, "issued", "one_star", "active", jst(2025, 4, 1, 9))
    _event(with_events, "upgraded", "two_star", "active", jst(2025, 10, 1, 23, 59, 59))
    _event(with_events, "withdrawn", "two_star", "withdrawn", jst(2026, 2, 1, 0, 0, 0))
    imported_active = make_declaration(level="one_star", declared_at=jst(2020, 1, 15, 12), imported=True)
    imported_cancelled = make_declaration(
        level="two_star",
        status="cancelled",
        declared_at=jst(2019, 6, 1),
        ended_at=jst(2021, 6, 30, 17),
        imported=True,
    )
    pending = make_declaration(status="pending", declared_at=None)
    _forget_history()
    return with_events, imported_active, imported_cancelled, pending


def test_backfill_from_events_and_from_dates(old_data):
    with_events, imported_active, imported_cancelled, pending = old_data
    added = registry_changes_backfill(connection)
    assert added == 3 + 1 + 2
    assert _changes(with_events) == [
        ("started", "one_star", "active", jst(2025, 4, 1, 9)),
        ("level_changed", "two_star", "active", jst(2025, 10, 1, 23, 59, 59)),
        ("ended", "two_star", "withdrawn", jst(2026, 2, 1)),
    ]
    assert _changes(imported_active) == [("started", "one_star", "active", jst(2020, 1, 15, 12))]
    assert _changes(imported_cancelled) == [
        ("started", "two_star", "active", jst(2019, 6, 1)),
        ("ended", "two_star", "cancelled", jst(2021, 6, 30, 17)),
    ]
    assert _changes(pending) == []  # nothing public happened yet
    assert set(RegistryChange.objects.values_list("declaration_code", flat=True)) == {
        with_events.declaration_id,
        imported_active.declaration_id,
        imported_cancelled.declaration_id,
    }


def test_backfill_is_idempotent_and_leaves_recorded_declarations_alone(old_data):
    with_events, *_ = old_data
    registry_changes_backfill(connection)
    before = list(RegistryChange.objects.order_by("id").values_list("id", "kind", "occurred_at"))
    assert registry_changes_backfill(connection) == 0
    assert list(RegistryChange.objects.order_by("id").values_list("id", "kind", "occurred_at")) == before
    # A declaration recorded live is not backfilled again.
    live = make_declaration()
    assert registry_changes_backfill(connection) == 0
    assert len(_changes(live)) == 1


def test_backfill_in_small_ranges_gives_the_same_rows(old_data):
    registry_changes_backfill(connection, step=1)
    assert RegistryChange.objects.count() == 6


def test_histories_are_refreshed_and_answer_as_of(old_data):
    with_events, imported_active, imported_cancelled, pending = old_data
    registry_changes_backfill(connection)
    registry_histories_refresh(connection, step=2)
    entry = RegistryEntry.objects.get(declaration_id=with_events.pk)
    points = history_unpack(entry.history)
    assert status_as_of(points, dt.date(2025, 3, 31)) == (None, "not_yet_declared")
    assert status_as_of(points, dt.date(2025, 9, 30)) == ("one_star", "active")
    assert status_as_of(points, dt.date(2025, 10, 1)) == ("two_star", "active")
    assert status_as_of(points, dt.date(2026, 1, 31)) == ("two_star", "active")
    assert status_as_of(points, dt.date(2026, 2, 1)) == ("two_star", "withdrawn")
    assert RegistryEntry.objects.get(declaration_id=pending.pk).history is None
    cancelled = history_unpack(RegistryEntry.objects.get(declaration_id=imported_cancelled.pk).history)
    assert [p.status for p in cancelled] == ["active", "cancelled"]


def test_the_data_migration_runs_both(old_data):
    with_events, *_ = old_data
    migration = importlib.import_module("secaction.registry.migrations.0006_backfill_history")

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection  # type: ignore[attr-defined]
    migration.backfill(None, editor)
    migration.backfill(None, editor)  # twice: still the same rows
    assert RegistryChange.objects.count() == 6
    assert len(RegistryEntry.objects.get(declaration_id=with_events.pk).history) == 3


def test_live_writes_keep_the_history_in_step():
    declaration = make_declaration(level="one_star")
    declaration.level = "two_star"
    declaration.save()
    declaration.status, declaration.ended_at = "cancelled", timezone.now()
    declaration.save()
    entry = RegistryEntry.objects.get(declaration_id=declaration.pk)
    assert [(p.level, p.status) for p in history_unpack(entry.history)] == [
        ("one_star", "active"),
        ("two_star", "active"),
        ("two_star", "cancelled"),
    ]
    assert len(entry.history) == RegistryChange.objects.filter(declaration_id=declaration.pk).count()


def test_the_rebuild_restores_histories_from_the_change_log():
    declaration = make_declaration(level="one_star")
    declaration.level = "two_star"
    declaration.save()
    expected = RegistryEntry.objects.get(declaration_id=declaration.pk).history
    RegistryEntry.objects.update(history=None)
    registry_rebuild()
    assert RegistryEntry.objects.get(declaration_id=declaration.pk).history == expected
    assert RegistryChange.objects.filter(declaration_id=declaration.pk).count() == 2
