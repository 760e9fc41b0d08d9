"""Mail-outs to declarers: notices and survey invitations, sent in batches (docs/mail-outs.md).

One ``Mailout`` holds the composed text (Japanese and English) and the recipient filter; building it
writes one ``Recipient`` row per address (set-based, no body stored per row: the message is rendered
from the mail-out's text at send time). Batch tasks claim recipients, send them over one SMTP
connection and record each outcome; ``Recipient.message_id`` is fixed when the row is built and is the
idempotency key (the ``Message-ID`` header) of that message.

``Suppression`` is the list of addresses that get no more mail-outs: unsubscribed or hard-bounced.
Transactional mail (``core.services.mail_send``) does not look at it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from secaction.surveys.models import Survey


class Mailout(models.Model):
    class Kind(models.TextChoices):
        NOTICE = "notice", _("お知らせ")
        SURVEY_INVITATION = "invitation", _("アンケートの依頼")
        SURVEY_REMINDER = "reminder", _("アンケートの督促")
        # A system mail-out: built by an app above mailouts (never composed by staff), with per-recipient
        # placeholders from the builder that app registers in ``mailouts.links``.
        CONTINUATION = "continuation", _("継続確認のお願い")

    class Status(models.TextChoices):
        DRAFT = "draft", _("作成中")
        SCHEDULED = "scheduled", _("送信予約")
        BUILDING = "building", _("宛先を準備中")
        SENDING = "sending", _("送信中")
        PAUSED = "paused", _("一時停止")
        DONE = "done", _("送信完了")
        CANCELLED = "cancelled", _("中止")

    kind = models.CharField(_("種類"), max_length=12, choices=Kind.choices, default=Kind.NOTICE)
    status = models.CharField(
        _("状態"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    survey = models.ForeignKey(
        Survey,
        verbose_name=_("アンケート"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mailouts",
    )
    subject_ja = models.CharField(_("件名(日本語)"), max_length=200)
    subject_en = models.CharField(_("件名(英語)"), max_length=200, blank=True)
    body_ja = models.TextField(_("本文(日本語)"))
    body_en = models.TextField(_("本文(英語)"), blank=True)
    # The recipient filter as the form gave it (``mailouts.filters.RecipientFilter.as_dict``).
    filters = models.JSONField(_("宛先の条件"), default=dict, blank=True)
    rate_per_second = models.PositiveIntegerField(_("送信速度(通/秒)"), default=50)
    scheduled_at = models.DateTimeField(_("送信予定日時"), null=True, blank=True)
    # Global pacing across workers: a batch may start only at or after this instant (advanced per batch).
    next_slot_at = models.DateTimeField(null=True, blank=True, editable=False)
    recipients_total = models.PositiveIntegerField(_("宛先数"), default=0)
    # Empty for a system mail-out (``SYSTEM_KINDS``), which no staff member composed.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作成者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    started_at = models.DateTimeField(_("送信開始日時"), null=True, blank=True)
    finished_at = models.DateTimeField(_("送信終了日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("一斉メール")
        verbose_name_plural = _("一斉メール")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject_ja


# Kinds built by the system (``services.mailout_system_create``), never composed or built from a filter.
SYSTEM_KINDS = frozenset({Mailout.Kind.CONTINUATION.value})


class Recipient(models.Model):
    """One address of one mail-out and what happened to its message."""

    class Status(models.TextChoices):
        PENDING = "pending", _("送信待ち")
        SENDING = "sending", _("送信中")
        SENT = "sent", _("送信済み")
        RETRYING = "retrying", _("再送待ち")
        FAILED = "failed", _("送信失敗")
        BOUNCED = "bounced", _("宛先不明(送信不能)")
        CANCELLED = "cancelled", _("中止")

    # No index of its own: (mailout, status, id) and (mailout, email) lead with it, and every index is one
    # more write for each of the engine's per-message updates.
    mailout = models.ForeignKey(Mailout, on_delete=models.PROTECT, related_name="recipients", db_index=False)
    organization_id = models.BigIntegerField(_("事業者ID"), null=True, blank=True)
    email = models.EmailField(_("宛先"))
    language = models.CharField(_("言語"), max_length=8, default="ja")
    name = models.CharField(_("事業者名"), max_length=200, blank=True)
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.PENDING)
    message_id = models.CharField(_("メッセージID"), max_length=255, unique=True)
    attempts = models.PositiveSmallIntegerField(_("試行回数"), default=0)
    claim_token = models.CharField(max_length=32, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("送信日時"), null=True, blank=True)
    last_error = models.CharField(_("直近のエラー"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("一斉メールの宛先")
        verbose_name_plural = _("一斉メールの宛先")
        indexes = [models.Index(fields=["mailout", "status", "id"])]
        constraints = [
            models.UniqueConstraint(fields=["mailout", "email"], name="mailouts_recipient_once_per_mailout")
        ]

    def __str__(self) -> str:
        return self.email


class Suppression(models.Model):
    """An address that gets no more mail-outs. ``email`` is stored lower-cased."""

    class Reason(models.TextChoices):
        UNSUBSCRIBED = "unsubscribed", _("配信停止")
        BOUNCED = "bounced", _("宛先不明(送信不能)")

    email = models.EmailField(_("メールアドレス"), unique=True)
    reason = models.CharField(_("理由"), max_length=14, choices=Reason.choices)
    detail = models.CharField(_("詳細"), max_length=500, blank=True)
    mailout = models.ForeignKey(
        Mailout, verbose_name=_("きっかけの一斉メール"), null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("配信停止・送信不能のアドレス")
        verbose_name_plural = _("配信停止・送信不能のアドレス")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.reason})"
