"""Cross-cutting records: the audit log and the outgoing-mail journal."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AuditEvent(models.Model):
    """One state change: who did it, when, to what, and the values before and after.

    Rows are append-only; nothing in the product updates or deletes them.
    """

    created_at = models.DateTimeField(_("日時"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("実行者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text too, so the log still says who acted after an account is gone.
    actor_label = models.CharField(_("実行者(表示名)"), max_length=255, blank=True)
    # 操作 and 対象 mean "the action taken" and "what it was taken on" here, not a table's buttons or an offer's
    # audience elsewhere: the context keeps their English apart.
    action = models.CharField(pgettext_lazy("監査ログ", "操作"), max_length=100, db_index=True)
    object_type = models.CharField(_("対象の種類"), max_length=100, db_index=True)
    object_id = models.CharField(_("対象ID"), max_length=64, db_index=True)
    object_repr = models.CharField(pgettext_lazy("監査ログ", "対象"), max_length=255, blank=True)
    before = models.JSONField(_("変更前"), null=True, blank=True)
    after = models.JSONField(_("変更後"), null=True, blank=True)
    message = models.TextField(_("メモ"), blank=True)

    class Meta:
        verbose_name = _("監査ログ")
        verbose_name_plural = _("監査ログ")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


class OutgoingMail(models.Model):
    """A rendered e-mail and its delivery state; the source of truth for what was sent.

    ``body_text`` / ``body_html`` are the copy anyone may read (the back office shows them): every link that
    carries a token is redacted (``core.redaction``). The sendable copy, with working links, lives in
    ``send_text`` / ``send_html`` only until the mail is sent, or until ``MAIL_SECRET_KEEP_DAYS`` have passed
    for a mail that was never sent; it is never shown in the back office.

    Delivery is claimed per row (``status`` SENDING, ``claim_token``, ``claimed_at``) in its own committed
    transaction, so one row is sent only by whoever holds the claim; ``message_id`` is fixed when the row is
    created and sent as the ``Message-ID`` header, so a receiver can recognise a resend after a lost claim.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("送信待ち")
        SENDING = "sending", _("送信中")
        SENT = "sent", _("送信済み")
        RETRYING = "retrying", _("再送待ち")
        FAILED = "failed", _("送信失敗")

    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("送信日時"), null=True, blank=True)
    to = models.EmailField(_("宛先"), db_index=True)
    language = models.CharField(_("言語"), max_length=8)
    template = models.CharField(_("テンプレート"), max_length=200)
    subject = models.CharField(_("件名"), max_length=255)
    body_text = models.TextField(_("本文(テキスト)"))
    body_html = models.TextField(_("本文(HTML)"), blank=True)
    send_text = models.TextField(_("送信用本文(テキスト)"), blank=True, editable=False)
    send_html = models.TextField(_("送信用本文(HTML)"), blank=True, editable=False)
    message_id = models.CharField(_("メッセージID"), max_length=255, unique=True)
    status = models.CharField(
        _("状態"), max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("試行回数"), default=0)
    last_error = models.TextField(_("直近のエラー"), blank=True)
    # When retries started (creation, or a staff resend): the retry schedule gives up MAIL_RETRY_HOURS later.
    queued_at = models.DateTimeField(_("送信開始日時"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("次の送信予定"), default=timezone.now, db_index=True)
    claimed_at = models.DateTimeField(_("送信開始(ワーカー)"), null=True, blank=True)
    claim_token = models.CharField(_("送信権トークン"), max_length=32, blank=True, editable=False)
    # The queue row of the latest delivery task, so the sweeper re-enqueues only mails no task is waiting for.
    task_id = models.CharField(_("タスクID"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("送信メール")
        verbose_name_plural = _("送信メール")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
