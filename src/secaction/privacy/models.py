"""A person's requests about their own data, and the record of each retention run.

docs/privacy-and-retention.md, "Correction and deletion" and "Retention".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DataRequest(models.Model):
    """One request by a signed-in person: correct my data, or delete my account. Never deleted.

    A deletion request is SCHEDULED with ``due_at`` = requested + ``PRIVACY_DELETION_GRACE_DAYS``; until then
    the person may cancel it (STOPPED by themselves) or staff may stop it (STOPPED with a note); when it is due,
    ``privacy.services.deletions_due_apply`` anonymises the person and marks it DONE. A correction request is
    PENDING until staff mark it ANSWERED.
    """

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("訂正の依頼")
        DELETION = "deletion", _("アカウント削除の依頼")

    class Status(models.TextChoices):
        PENDING = "pending", _("受付")
        SCHEDULED = "scheduled", _("削除予定")
        STOPPED = "stopped", _("中止")
        DONE = "done", _("削除済み(匿名化)")
        ANSWERED = "answered", _("対応済み")

    kind = models.CharField(_("種類"), max_length=12, choices=Kind.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("依頼者"), on_delete=models.PROTECT, related_name="+"
    )
    # A plain id: the organisation the person belonged to when asking (may be none).
    organization_id = models.BigIntegerField(_("事業者ID"), null=True, blank=True)
    body = models.TextField(_("依頼の内容"), blank=True)
    status = models.CharField(_("状態"), max_length=12, choices=Status.choices, db_index=True)
    requested_at = models.DateTimeField(_("依頼日時"))
    due_at = models.DateTimeField(_("削除予定日時"), null=True, blank=True, db_index=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("対応者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("対応日時"), null=True, blank=True)
    note = models.TextField(_("事務局のメモ"), blank=True)

    class Meta:
        verbose_name = _("保有データに関する依頼")
        verbose_name_plural = _("保有データに関する依頼")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(kind="deletion", status="scheduled"),
                name="privacy_one_scheduled_deletion_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class RetentionRun(models.Model):
    """One run of the retention rules (``privacy.retention``): when, whether a dry run, and per rule how many."""

    ran_at = models.DateTimeField(_("実行日時"), db_index=True)
    dry_run = models.BooleanField(_("確認のみ(変更なし)"), default=False)
    results = models.JSONField(_("規則ごとの件数"), default=dict)

    class Meta:
        verbose_name = _("保存期間の適用")
        verbose_name_plural = _("保存期間の適用")
        ordering = ["-ran_at", "-id"]

    def __str__(self) -> str:
        return f"{self.ran_at:%Y-%m-%d %H:%M}"
