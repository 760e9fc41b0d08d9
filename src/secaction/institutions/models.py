"""Institutions that verify declarations (subsidy offices, business partners) and what they hold.

An ``Institution`` has contacts (portal accounts who see its usage, uploads and webhook log), API keys
(only their hash is stored), a daily usage count per key, bulk CSV uploads (kept 30 days) and webhooks
(per key) with their delivery log. docs/api.md explains the workflow for subsidy secretariats.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

KEY_PREFIX = "sa_"


def api_key_hash(key: str) -> str:
    """SHA-256 hex digest of a key.

    Keys are 256 random bits, so a fast hash is enough: there is nothing to
    brute-force, unlike a password. A slow hash would cost every API call.
    """
    return hashlib.sha256(key.encode()).hexdigest()


def api_key_new() -> str:
    """A fresh key: ``sa_`` and 43 URL-safe characters (32 random bytes)."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


class Institution(models.Model):
    """A subsidy office, a business partner or another body that checks declarations. Deactivated, never deleted."""

    class Kind(models.TextChoices):
        SUBSIDY_OFFICE = "subsidy_office", _("補助金の事務局")
        BUSINESS_PARTNER = "business_partner", _("取引先(発注元など)")
        OTHER = "other", _("その他")

    name = models.CharField(_("機関名"), max_length=200, unique=True)
    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices, default=Kind.SUBSIDY_OFFICE)
    note = models.TextField(_("メモ"), blank=True)
    is_active = models.BooleanField(_("有効"), default=True)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("検証機関")
        verbose_name_plural = _("検証機関")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class InstitutionContact(models.Model):
    """A person of the institution who signs in to the portal to see its usage, uploads and webhook log."""

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="contacts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    is_active = models.BooleanField(_("有効"), default=True)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("機関の担当者")
        verbose_name_plural = _("機関の担当者")
        constraints = [
            models.UniqueConstraint(fields=["institution", "user"], name="unique_institution_contact")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.institution}"


class ApiKey(models.Model):
    """Only the hash of the key is stored; the key itself is shown once, when issued.

    ``institution`` is the name written when the key was issued (kept as issued); ``holder`` the
    institution that holds it (keys issued before institutions existed have none).
    """

    holder = models.ForeignKey(
        Institution,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="api_keys",
        verbose_name=_("検証機関"),
    )
    institution = models.CharField(_("機関名"), max_length=200)
    contact = models.CharField(_("連絡先(担当者・メールアドレス)"), max_length=300)
    key_prefix = models.CharField(_("キーの先頭"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("発行者"),
    )
    created_at = models.DateTimeField(_("発行日時"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("失効日時"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最終利用日時"), null=True, blank=True)
    note = models.TextField(_("メモ"), blank=True)

    class Meta:
        db_table = "api_apikey"  # created by the api app before institutions existed
        verbose_name = _("APIキー")
        verbose_name_plural = _("APIキー")

    def __str__(self) -> str:
        return f"{self.institution} ({self.key_prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ApiUsageDay(models.Model):
    """How many keyed API requests one key made on one day (Japan time): one row per key and day."""

    api_key = models.ForeignKey(ApiKey, on_delete=models.PROTECT, related_name="usage_days")
    day = models.DateField(_("日付"))
    requests = models.PositiveIntegerField(_("リクエスト数"), default=0)
    rows = models.PositiveIntegerField(_("確認した件数"), default=0)

    class Meta:
        verbose_name = _("API利用状況(日別)")
        verbose_name_plural = _("API利用状況(日別)")
        constraints = [
            models.UniqueConstraint(fields=["api_key", "day"], name="one_usage_row_per_key_and_day")
        ]

    def __str__(self) -> str:
        return f"{self.api_key} {self.day}: {self.requests}"


def _upload_token() -> str:
    return secrets.token_urlsafe(16)


class BulkUpload(models.Model):
    """A CSV of IDs and/or 法人番号 to verify, uploaded by an institution; checked by a background task.

    The uploaded and result files live in the database (at most 50,000 rows: a few MB) and are purged
    after ``UPLOAD_RETENTION_DAYS`` (30); the row stays as a record of the upload.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("受付済み")
        RUNNING = "running", _("確認中")
        DONE = "done", _("完了")
        FAILED = "failed", _("失敗")
        PURGED = "purged", _("保存期間終了(削除済み)")

    public_id = models.CharField(max_length=32, unique=True, default=_upload_token, editable=False)
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="uploads")
    api_key = models.ForeignKey(ApiKey, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(_("ファイル名"), max_length=255)
    source = models.BinaryField(_("アップロードされたファイル"), editable=False)
    result = models.BinaryField(_("結果のファイル"), null=True, editable=False)
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(_("行数"), default=0)
    rows_done = models.PositiveIntegerField(_("確認済みの行数"), default=0)
    error = models.TextField(_("エラー"), blank=True)
    created_at = models.DateTimeField(_("アップロード日時"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("開始日時"), null=True, blank=True)
    finished_at = models.DateTimeField(_("終了日時"), null=True, blank=True)
    purged_at = models.DateTimeField(_("削除日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("一括確認のファイル")
        verbose_name_plural = _("一括確認のファイル")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.institution} {self.filename} ({self.get_status_display()})"


class Webhook(models.Model):
    """Where the portal posts each registry change for one key (HTTPS; signed with HMAC-SHA256)."""

    api_key = models.ForeignKey(ApiKey, on_delete=models.PROTECT, related_name="webhooks")
    url = models.URLField(_("送信先URL"), max_length=500)
    secret = models.CharField(_("署名用の秘密鍵"), max_length=64, editable=False)
    is_active = models.BooleanField(_("有効"), default=True)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("Webhook")
        verbose_name_plural = _("Webhook")

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One change sent (or to be sent) to one webhook; retried with backoff for 24 hours, then given up."""

    class Status(models.TextChoices):
        PENDING = "pending", _("送信待ち")
        DELIVERED = "delivered", _("送信済み")
        FAILED = "failed", _("失敗(再送を中止)")

    webhook = models.ForeignKey(Webhook, on_delete=models.PROTECT, related_name="deliveries")
    event_id = models.BigIntegerField(_("変更の番号"))
    payload = models.JSONField(_("送信内容"))
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("試行回数"), default=0)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True, db_index=True)
    next_attempt_at = models.DateTimeField(_("次の送信予定"), null=True, blank=True, db_index=True)
    delivered_at = models.DateTimeField(_("送信日時"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("直近の応答コード"), null=True, blank=True)
    last_error = models.TextField(_("直近のエラー"), blank=True)
    replay_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("再送元")
    )

    class Meta:
        verbose_name = _("Webhookの送信")
        verbose_name_plural = _("Webhookの送信")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["webhook", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.webhook} #{self.event_id} {self.status}"
