"""Writes of the registry read model (``RegistryEntry``).

The read model is derived from ``Declaration`` and ``Organization``; these
functions are the only writers. Signals call the single-row ones; the import
and load-data commands and ``registry_rebuild`` use the bulk ones.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from secaction.declarations.models import Declaration
from secaction.organizations.models import Organization

from .backfill import registry_histories_refresh
from .changes import registry_change_kind
from .history import history_pack
from .models import ChangeKind, PublicStatus, RegistryChange, RegistryEntry
from .normalize import search_text_build
from .signals import registry_changes_recorded

logger = logging.getLogger(__name__)

# Declaration.status -> what the public sees. "returned" means the declarer is
# correcting the application: still in progress, so "pending".
PUBLIC_STATUS = {
    "pending": PublicStatus.PENDING,
    "returned": PublicStatus.PENDING,
    "active": PublicStatus.ACTIVE,
    "withdrawn": PublicStatus.WITHDRAWN,
    "cancelled": PublicStatus.CANCELLED,
}

_ORG_FIELDS = ("name", "name_kana", "corporate_number", "prefecture", "industry", "identity_verified_at")


# Maintaining GIN indexes row by row is what makes a big load slow; building
# them once at the end is many times faster.
_BULK_DROPPED_INDEXES = ("registry_search_trgm", "registry_search_chars")


@contextmanager
def search_indexes_deferred(enabled: bool) -> Iterator[None]:
    """On PostgreSQL, drop the search GIN indexes for the duration and rebuild them after.

    Inside a transaction this is atomic too (PostgreSQL DDL is transactional), but
    the table is locked against readers until the commit.
    """
    if not enabled or connection.vendor != "postgresql":
        yield
        return
    indexes = [i for i in RegistryEntry._meta.indexes if i.name in _BULK_DROPPED_INDEXES]
    with connection.schema_editor() as editor:
        for index in indexes:
            editor.execute(f'DROP INDEX IF EXISTS "{index.name}"')

    def rebuild() -> None:
        with connection.cursor() as cursor:
            if connection.in_atomic_block:
                # Deferred foreign-key checks must run before an index can be built.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET maintenance_work_mem = '512MB'")
        with connection.schema_editor() as editor:
            for index in indexes:
                editor.add_index(RegistryEntry, index)

    try:
        yield
    except BaseException:
        # Inside a transaction the rollback brings the indexes back by itself.
        if not connection.in_atomic_block:
            rebuild()
        raise
    rebuild()


def _registry_entry_build(declaration: Declaration, organization: Organization) -> RegistryEntry:
    """An unsaved entry for a declaration that has an ID (the caller checks)."""
    return RegistryEntry(
        declaration_id=declaration.pk,
        declaration_code=declaration.declaration_id or "",
        organization_id=organization.pk,
        name=organization.name,
        name_kana=organization.name_kana,
        corporate_number=organization.corporate_number,
        prefecture=organization.prefecture,
        industry=organization.industry,
        level=declaration.level,
        status=PUBLIC_STATUS[declaration.status],
        declared_at=declaration.declared_at,
        updated_at=declaration.updated_at,
        ended_at=declaration.ended_at,
        identity_verified_at=organization.identity_verified_at,
        last_confirmed_at=declaration.last_confirmed_at,
        suspended_at=declaration.suspended_at,
        search_text=search_text_build(organization.name, organization.name_kana),
    )


def _registry_changes_for(
    entry: RegistryEntry, previous: tuple[str, str] | None, *, imported: bool = False
) -> list[RegistryChange]:
    """The public changes (unsaved) from ``previous`` to ``entry``'s state.

    An imported declaration that has already ended gets both its start and its end, dated as the older
    system dated them; anything else is dated now (or with the declaration's own date when it has one).
    """
    kind = registry_change_kind(previous, (entry.level, entry.status))
    if kind is None:
        return []
    now = timezone.now()

    def change(kind: ChangeKind, status: str, at: dt.datetime | None) -> RegistryChange:
        return RegistryChange(
            declaration_id=entry.declaration_id,
            declaration_code=entry.declaration_code,
            kind=kind,
            level=entry.level,
            status=status,
            occurred_at=at or now,
        )

    if kind == ChangeKind.ENDED and previous is None:
        return [
            change(ChangeKind.STARTED, PublicStatus.ACTIVE, entry.declared_at),
            change(ChangeKind.ENDED, entry.status, entry.ended_at),
        ]
    if kind == ChangeKind.STARTED:
        return [change(kind, entry.status, entry.declared_at if imported or previous is None else now)]
    if kind == ChangeKind.ENDED:
        return [change(kind, entry.status, entry.ended_at)]
    return [change(kind, entry.status, now)]


def _history_with(history: Any, changes: list[RegistryChange]) -> list[Any]:
    """The entry's compact history (``registry/history.py``) with ``changes`` appended."""
    kept = list(history) if isinstance(history, list) else []
    return kept + history_pack((c.occurred_at, c.level, c.status) for c in changes)


def registry_entry_sync(declaration: Declaration) -> RegistryEntry | None:
    """Bring one declaration's entry up to date, recording its public change; none without an ID."""
    if not declaration.declaration_id:
        RegistryEntry.objects.filter(declaration_id=declaration.pk).delete()
        return None
    stored = (
        RegistryEntry.objects.filter(declaration_id=declaration.pk)
        .values_list("level", "status", "history")
        .first()
    )
    previous = (stored[0], stored[1]) if stored else None
    entry = _registry_entry_build(declaration, declaration.organization)
    changes = _registry_changes_for(entry, previous)
    entry.history = _history_with(stored[2] if stored else [], changes)
    with transaction.atomic():
        entry.save()  # primary key is the declaration's: an UPDATE or an INSERT
        if changes:
            RegistryChange.objects.bulk_create(changes)
            registry_changes_recorded.send(sender=RegistryChange, changes=changes)
    return entry


def registry_entries_sync_organization(organization: Organization) -> int:
    """Copy an organisation's public fields onto its entries; returns the number of entries that changed.

    An entry whose public fields change gets a new ``updated_at``: the lookup's ``Last-Modified`` must move
    when a rename shows (an HTTP cache revalidating with ``If-Modified-Since`` would keep the old name).
    """
    values = {f: getattr(organization, f) for f in _ORG_FIELDS}
    unchanged = Q(**values)
    return (
        RegistryEntry.objects.filter(organization_id=organization.pk)
        .exclude(unchanged)
        .update(
            **values,
            search_text=search_text_build(organization.name, organization.name_kana),
            updated_at=timezone.now(),
        )
    )


def registry_entries_create_bulk(
    pairs: Iterable[tuple[Declaration, Organization]], batch_size: int = 5000, *, record_changes: bool = False
) -> int:
    """Insert entries for new declarations (with IDs) in batches; returns the number inserted.

    ``record_changes``: also record their public changes (an import of new declarations), not when the
    read model is only rebuilt.
    """
    count = 0
    batch: list[RegistryEntry] = []

    def flush() -> None:
        changes: list[RegistryChange] = []
        if record_changes:
            for entry in batch:
                mine = _registry_changes_for(entry, None, imported=True)
                entry.history = _history_with([], mine)
                changes += mine
        RegistryEntry.objects.bulk_create(batch, batch_size=batch_size)
        RegistryChange.objects.bulk_create(changes, batch_size=batch_size)

    for declaration, organization in pairs:
        if not declaration.declaration_id:
            continue
        batch.append(_registry_entry_build(declaration, organization))
        if len(batch) >= batch_size:
            flush()
            count += len(batch)
            batch = []
    if batch:
        flush()
        count += len(batch)
    return count


def _declaration_rows(batch_size: int) -> Iterator[tuple[Declaration, Organization]]:
    last_pk = 0
    while True:
        # Keyset pagination: constant cost per batch however large the table.
        chunk = list(
            Declaration.objects.filter(pk__gt=last_pk, declaration_id__isnull=False)
            .select_related("organization")
            .only(
                "pk",
                "declaration_id",
                "level",
                "status",
                "declared_at",
                "updated_at",
                "ended_at",
                "last_confirmed_at",
                "suspended_at",
                *(f"organization__{f}" for f in _ORG_FIELDS),
            )
            .order_by("pk")[:batch_size]
        )
        if not chunk:
            return
        for declaration in chunk:
            yield declaration, declaration.organization
        last_pk = chunk[-1].pk


def registry_rebuild(batch_size: int = 10000) -> int:
    """Recreate the whole read model from the declarations, in one transaction; returns the row count.

    Each entry's ``history`` is rebuilt from the change log (``RegistryChange``), which the rebuild
    itself never writes. Readers keep seeing the old rows until the commit (PostgreSQL's MVCC).
    """
    with transaction.atomic():
        RegistryEntry.objects.all().delete()
        count = registry_entries_create_bulk(_declaration_rows(batch_size), batch_size=batch_size)
        registry_histories_refresh(connection)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE registry_registryentry")
    logger.info("registry rebuilt: %d entries", count)
    return count


def _on_declaration_saved(sender: Any, instance: Declaration, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        registry_entry_sync(instance)


def _on_organization_saved(sender: Any, instance: Organization, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        registry_entries_sync_organization(instance)
