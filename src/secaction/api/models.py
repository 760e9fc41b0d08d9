"""API keys issued by the programme office to institutions (subsidy offices, for example)."""

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


class ApiKey(models.Model):
    """Only the hash of the key is stored; the key itself is shown once, when issued."""

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
        verbose_name = _("APIキー")
        verbose_name_plural = _("APIキー")

    def __str__(self) -> str:
        return f"{self.institution} ({self.key_prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
