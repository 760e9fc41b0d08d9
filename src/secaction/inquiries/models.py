"""Inquiries to the programme office and their threads (docs/inquiries.md).

Nothing here is hard-deleted: an inquiry is closed, never removed, and every message of its thread stays.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    APPLICATION = "application", _("申込み・宣言")
    LOGO = "logo", _("ロゴマーク")
    DIAGNOSIS = "diagnosis", _("診断・基本方針")
    SUPPORTERS = "supporters", _("普及賛同企業等")
    API = "api", _("API・検証")
    OTHER = "other", _("その他")


class Status(models.TextChoices):
    NEW = "new", _("新規")
    OPEN = "open", _("対応中")
    WAITING = "waiting", _("お問い合わせ者の返信待ち")
    ANSWERED = "answered", _("回答済み")
    CLOSED = "closed", _("完了")


class Inquiry(models.Model):
    """One inquiry: who asked, about what, where it stands. Its messages are the thread."""

    reference = models.CharField(_("受付番号"), max_length=20, unique=True, null=True, blank=True)
    category = models.CharField(_("種類"), max_length=20, choices=Category.choices)
    subject = models.CharField(_("件名"), max_length=200)
    status = models.CharField(_("状態"), max_length=20, choices=Status.choices, default=Status.NEW)
    name = models.CharField(_("お名前"), max_length=100)
    email = models.EmailField(_("メールアドレス"))
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("事業者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ログイン中のユーザー"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inquiries",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("担当スタッフ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    language = models.CharField(_("言語"), max_length=8, default="ja")
    created_at = models.DateTimeField(_("受付日時"))
    updated_at = models.DateTimeField(_("更新日時"))
    last_message_at = models.DateTimeField(_("最終メッセージ日時"))

    class Meta:
        verbose_name = _("お問い合わせ")
        verbose_name_plural = _("お問い合わせ")
        ordering = ["-last_message_at"]
        indexes = [
            models.Index(fields=["status", "-last_message_at"], name="inquiry_status_idx"),
            models.Index(fields=["email"], name="inquiry_email_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference or '-'} {self.subject}"


class InquiryMessage(models.Model):
    """One message of a thread: the inquirer's, the office's reply, or an internal note staff alone see."""

    class Author(models.TextChoices):
        DECLARER = "declarer", _("お問い合わせ者")
        STAFF = "staff", _("事務局の担当者")
        SYSTEM = "system", _("システム")

    inquiry = models.ForeignKey(Inquiry, on_delete=models.PROTECT, related_name="messages")
    author_kind = models.CharField(_("書いた人"), max_length=10, choices=Author.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("本文"))
    is_internal_note = models.BooleanField(_("内部メモ"), default=False)
    created_at = models.DateTimeField(_("日時"))

    class Meta:
        verbose_name = _("お問い合わせのメッセージ")
        verbose_name_plural = _("お問い合わせのメッセージ")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.inquiry_id} {self.get_author_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"
