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
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("事業者")
        verbose_name_plural = pgettext_lazy("複数形", "事業者")
        constraints = [
            models.UniqueConstraint(
                fields=["corporate_number"],
                condition=Q(is_active=True) & ~Q(corporate_number=""),
                name="unique_active_corporate_number",
                violation_error_message=_("この法人番号の事業者は既に登録されています。"),
            )
        ]

    def __str__(self) -> str:
        return self.name


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
