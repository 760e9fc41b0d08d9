"""The back office's tasks run by the real database worker: a large CSV export built with progress,
and the purge chain of old exports."""
# ruff: noqa: F811 - the database_tasks fixture is imported and requested by name

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from secaction.backoffice import services
from secaction.backoffice.models import DataExport
from tests.registry.factories import make_org

from .test_database_backend import database_tasks, run_worker  # noqa: F401 (the fixture, by name)

pytestmark = pytest.mark.django_db(transaction=True)


def _ready(path: str) -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=path, status="READY"))


def test_a_large_export_is_built_by_the_worker_with_progress(
    database_tasks: Any, settings: Any, django_user_model: Any, monkeypatch: Any
) -> None:
    office = django_user_model.objects.create_superuser(email="office-w@example.jp", password="pw-123456789")
    for n in range(5):
        make_org(name=f"株式会社ワーカー{n}", prefecture="13")
    make_org(name="大阪の会社", prefecture="27")
    settings.EXPORT_SYNC_MAX_ROWS = 2
    monkeypatch.setattr(services, "CHUNK_SIZE", 2)
    seen: list[int] = []
    real_update = services.DataExport.objects.filter

    def spy(*args: Any, **kwargs: Any) -> Any:
        qs = real_update(*args, **kwargs)
        original = qs.update

        def update(**values: Any) -> int:
            if set(values) == {"rows_done"}:
                seen.append(values["rows_done"])
            return original(**values)

        qs.update = update  # type: ignore[method-assign]
        return qs

    monkeypatch.setattr(services.DataExport.objects, "filter", spy)
    with transaction.atomic():
        answer = services.data_export_request(
            office, label="organizations.organization", query="prefecture__exact=13"
        )
        assert not _ready("secaction.backoffice.tasks.data_export_build_task")  # nothing before the commit
    assert answer.export is not None and answer.content is None
    assert len(_ready("secaction.backoffice.tasks.data_export_build_task")) == 1

    run_worker()

    export = DataExport.objects.get(pk=answer.export.pk)
    assert (export.status, export.rows_done, export.rows_total) == ("done", 5, 5)
    assert seen == [2, 4]  # progress written every chunk while the file was built
    content = bytes(export.content or b"")
    assert content.count(b"\r\n") == 6 and "大阪の会社".encode() not in content


def test_the_purge_chain_deletes_old_exports_and_comes_back(
    database_tasks: Any, settings: Any, django_user_model: Any
) -> None:
    from secaction.backoffice.tasks import data_exports_purge_periodic

    office = django_user_model.objects.create_superuser(email="office-p@example.jp", password="pw-123456789")
    old = DataExport.objects.create(created_by=office, model_label="core.auditevent", filename="old.csv")
    DataExport.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    kept = DataExport.objects.create(created_by=office, model_label="core.auditevent", filename="new.csv")
    settings.EXPORT_PURGE_SECONDS = 3600
    before = timezone.now()
    data_exports_purge_periodic.enqueue()

    run_worker()

    assert list(DataExport.objects.values_list("pk", flat=True)) == [kept.pk]
    [again] = _ready("secaction.backoffice.tasks.data_exports_purge_periodic")
    assert again.run_after >= before + dt.timedelta(seconds=3600)
