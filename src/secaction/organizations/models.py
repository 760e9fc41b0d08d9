from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .choices import (
    CAPITAL_BAND_CHOICES,
    EMPLOYEE_BAND_CHOICES,
    INDUSTRY_CHOICES,
    PREFECTURE_CHOICES,
    EntityType,
)


class Organization(models.Model):
    """A declaring business (事業者). Deactivated, never deleted."""

    entity_type = models.CharField(_("事業形態"), max_length=20, choices=EntityType.choices)
    name = models.CharField(_("事業者名(正式名称)"), max_length=200, db_index=True)
    name_kana = models.CharField(_("事業者名フリガナ"), max_length=200)
    corporate_number = models.CharField(
        _("法人番号"), max_length=13, blank=True, db_index=True, help_text=_("13桁。法人の場合は必須です。")
    )
    representative_name = models.CharField(_("代表者氏名"), max_length=100)
    representative_title = models.CharField(_("代表者役職"), max_length=100, blank=True)
    postal_code = models.CharField(_("郵便番号"), max_length=8)
    prefecture = models.CharField(_("都道府県"), max_length=2, choices=PREFECTURE_CHOICES, db_index=True)
    address = models.CharField(_("住所(市区町村以降)"), max_length=300)
    industry = models.CharField(
        _("業種(日本標準産業分類の大分類)"), max_length=1, choices=INDUSTRY_CHOICES, db_index=True
    )
    employees = models.CharField(_("従業員数"), max_length=10, choices=EMPLOYEE_BAND_CHOICES)
    capital = models.CharField(_("資本金"), max_length=10, choices=CAPITAL_BAND_CHOICES)
    website = models.URLField(_("ウェブサイト"), blank=True)
    contact_name = models.CharField(_("担当者氏名"), max_length=100)
    contact_email = models.EmailField(_("担当者メールアドレス"))
    contact_phone = models.CharField(_("担当者電話番号"), max_length=20)
    is_active = models.BooleanField(_("有効"), default=True)
    # Set when the 法人番号 and name came from a GビズID プライム/メンバー sign-in (docs/identity.md).
    identity_verified_at = models.DateTimeField(_("GビズIDで確認した日時"), null=True, blank=True)
    identity_source = models.CharField(_("確認の方法"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("事業者")
        verbose_name_plural = pgettext_lazy("複数形", "事業者")
        # At most one verified and one unverified active organisation per 法人番号: a company that
        # arrives through GビズID takes precedence over an unverified holder, who is flagged for staff
        # (IdentityConflict) rather than blocking it.
        constraints = [
            models.UniqueConstraint(
                fields=["corporate_number"],
                condition=Q(is_active=True) & ~Q(corporate_number="") & Q(identity_verified_at__isnull=False),
                name="unique_verified_corporate_number",
                violation_error_message=_("この法人番号の事業者は既にGビズIDで確認済みです。"),
            ),
            models.UniqueConstraint(
                fields=["corporate_number"],
                condition=Q(is_active=True) & ~Q(corporate_number="") & Q(identity_verified_at__isnull=True),
                name="unique_unverified_corporate_number",
                violation_error_message=_("この法人番号の事業者は既に登録されています。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_identity_verified(self) -> bool:
        return self.identity_verified_at is not None


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("管理者(オーナー)")
        MEMBER = "member", _("メンバー")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("役割"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    is_active = models.BooleanField(_("有効"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("メンバー")
        verbose_name_plural = _("メンバー")
        constraints = [models.UniqueConstraint(fields=["organization", "user"], name="unique_membership")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.role})"

    @property
    def is_owner(self) -> bool:
        """Whether this member is an owner (管理者), who may change the organisation and its declaration."""
        return self.role == self.Role.OWNER


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An owner's invitation of a colleague by e-mail; accepted through a personal link."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField(_("招待するメールアドレス"))
    token = models.CharField(max_length=64, unique=True, default=_invitation_token)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("招待")
        verbose_name_plural = _("招待")

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class IdentityConflict(models.Model):
    """An unverified organisation holding a 法人番号 that a GビズID-verified organisation also holds.

    Opened when the verified one is registered or verified; the unverified one keeps working until
    staff resolve the conflict in the back office (keep, merge or deactivate, with a reason). Nothing
    is deleted.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("未対応")
        KEPT = "kept", _("そのまま残す")
        MERGED = "merged", _("確認済みの事業者へ統合")
        DEACTIVATED = "deactivated", _("無効化")

    unverified = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="identity_conflicts",
        verbose_name=_("未確認の事業者"),
    )
    verified = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("GビズIDで確認済みの事業者")
    )
    corporate_number = models.CharField(_("法人番号"), max_length=13)
    status = models.CharField(_("状態"), max_length=12, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("検出日時"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("対応日時"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("理由"), blank=True)

    class Meta:
        verbose_name = _("法人番号の重複")
        verbose_name_plural = _("法人番号の重複")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unverified", "verified"],
                condition=Q(status="open"),
                name="one_open_identity_conflict",
            )
        ]

    def __str__(self) -> str:
        return f"{self.corporate_number}: {self.unverified} / {self.verified}"


class IdentityChangeRequest(models.Model):
    """An owner's change of legal name or 法人番号 while a declaration is active, waiting for staff.

    The organisation keeps its current values (and the public pages show them) until staff accept;
    ``before`` and ``after`` hold only the fields that change.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("確認待ち")
        ACCEPTED = "accepted", _("承認")
        REJECTED = "rejected", _("却下")
        WITHDRAWN = "withdrawn", _("取り下げ")

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="identity_change_requests"
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("申請日時"), auto_now_add=True)
    before = models.JSONField(_("変更前"))
    after = models.JSONField(_("変更後"))
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_at = models.DateTimeField(_("対応日時"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("理由・事務局からの連絡"), blank=True)

    class Meta:
        verbose_name = _("名称・法人番号の変更申請")
        verbose_name_plural = _("名称・法人番号の変更申請")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"], condition=Q(status="pending"), name="one_pending_identity_change"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_status_display()})"
