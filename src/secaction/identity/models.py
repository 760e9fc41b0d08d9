"""Taking over declarations imported from the older system (docs/identity.md).

An imported declaration's organisation has no member who can log in. Its owner takes it over by
GビズID (matching 法人番号, at once), by a one-time code mailed to the contact address on record
(``ClaimCode``), or through a claim that staff review (``ClaimRequest``). Every attempt is audited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secaction.declarations.models import Declaration


class ClaimMethod(models.TextChoices):
    GBIZID = "gbizid", _("GビズID")
    CODE = "code", _("確認コード")
    STAFF = "staff", _("事務局の確認")


class ClaimCode(models.Model):
    """A one-time code sent to the contact address on record of an imported declaration.

    Only a hash of the code is stored. It is used once, expires soon and allows a few wrong tries.
    """

    declaration = models.ForeignKey(Declaration, on_delete=models.PROTECT, related_name="+")
    email = models.EmailField(_("送信先(登録されている連絡先)"))
    code_hash = models.CharField(max_length=128, editable=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("発行日時"), auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField(_("有効期限"))
    attempts = models.PositiveSmallIntegerField(_("入力回数"), default=0)
    used_at = models.DateTimeField(_("使用日時"), null=True, blank=True)
    invalidated_at = models.DateTimeField(_("無効化日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("引き継ぎ確認コード")
        verbose_name_plural = _("引き継ぎ確認コード")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.declaration_id} → {self.email}"

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.invalidated_at is None and self.expires_at > timezone.now()


class ClaimRequest(models.Model):
    """A request to take over an imported declaration, decided by staff (e.g. the address on record changed)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("確認待ち")
        ACCEPTED = "accepted", _("承認")
        REJECTED = "rejected", _("却下")

    declaration = models.ForeignKey(Declaration, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    message = models.TextField(_("事務局へのメッセージ"))
    # How staff reach the requester besides the account's e-mail (the address on record may be stale).
    contact_name = models.CharField(_("申請者の氏名"), max_length=100, default="")
    contact_phone = models.CharField(_("申請者の電話番号"), max_length=20, blank=True, default="")
    created_at = models.DateTimeField(_("申請日時"), auto_now_add=True)
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_at = models.DateTimeField(_("対応日時"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("理由・事務局からの連絡"), blank=True)

    class Meta:
        verbose_name = _("引き継ぎの申請")
        verbose_name_plural = _("引き継ぎの申請")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "requested_by"],
                condition=Q(status="pending"),
                name="one_pending_claim_request_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.declaration_id} ({self.get_status_display()})"
