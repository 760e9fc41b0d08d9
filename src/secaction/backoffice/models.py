"""Exports of back-office lists to CSV, built in the background when large (docs/operators.md, "Exports").

Here and not in ``core``: an export reads declarations, organisations and supporters, and
writes with ``documents.csvwriter``; ``core`` sits below all of them (pyproject's layers),
while ``backoffice`` sits above every app it exports.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DataExport(models.Model):
    """One large CSV export: who asked, for which list and filter, its progress and its file (kept 7 days)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("待機中")
        RUNNING = "running", _("作成中")
        DONE = "done", _("完了")
        FAILED = "failed", _("失敗")

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    model_label = models.CharField(_("一覧"), max_length=60)
    query = models.CharField(_("絞り込み条件"), max_length=2000, blank=True)
    selected = models.JSONField(_("選択した行"), null=True, blank=True)
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(_("行数"), default=0)
    rows_done = models.PositiveIntegerField(_("処理済みの行数"), default=0)
    content = models.BinaryField(_("CSVファイル"), null=True, blank=True)
    filename = models.CharField(_("ファイル名"), max_length=200)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("完了日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("CSVエクスポート")
        verbose_name_plural = _("CSVエクスポート")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
