"""Basic policies, staff handbooks and staff acknowledgements.

Versions are immutable: every save creates a new row, so what was published
or sent to staff stays readable exactly as it was. What is published (policy)
or adopted (handbook) is recorded explicitly on ``PolicySite``.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from secaction.organizations.models import Organization


def _public_slug() -> str:
    return secrets.token_urlsafe(12)


def _ack_token() -> str:
    return secrets.token_urlsafe(32)


class PolicySite(models.Model):
    """Per organisation: the stable public address and which versions are live."""

    organization = models.OneToOneField(Organization, on_delete=models.PROTECT, related_name="policy_site")
    # Unguessable but stable: the URL given on the ★★ declaration must not change.
    public_slug = models.CharField(max_length=32, unique=True, default=_public_slug)
    published_version = models.ForeignKey(
        "PolicyVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("公開日時"), null=True, blank=True)
    handbook_adopted_version = models.ForeignKey(
        "HandbookVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handbook_adopted_at = models.DateTimeField(_("採用日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("基本方針の公開設定")
        verbose_name_plural = _("基本方針の公開設定")

    def __str__(self) -> str:
        return str(self.organization)

    @property
    def public_url(self) -> str:
        return reverse("policies:public", args=[self.public_slug])


class PolicyVersion(models.Model):
    """One saved version of an organisation's information-security basic policy."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="policy_versions")
    number = models.PositiveIntegerField(_("版"))
    purpose = models.TextField(_("基本理念(目的)"), blank=True)
    management = models.TextField(_("経営者の責任"), blank=True)
    structure = models.TextField(_("社内体制の整備"), blank=True)
    staff = models.TextField(_("従業員の取組み"), blank=True)
    compliance = models.TextField(_("法令及び契約上の要求事項の遵守"), blank=True)
    incident = models.TextField(_("違反及び事故への対応"), blank=True)
    established_on = models.DateField(_("制定日"), null=True, blank=True)
    organization_name = models.CharField(_("事業者名"), max_length=200, blank=True)
    representative_title = models.CharField(_("代表者役職"), max_length=100, blank=True)
    representative_name = models.CharField(_("代表者氏名"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("保存日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("情報セキュリティ基本方針の版")
        verbose_name_plural = _("情報セキュリティ基本方針の版")
        ordering = ["organization", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="unique_policy_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.organization_name or self.organization_id} 基本方針 第{self.number}版"

    @property
    def public_url(self) -> str:
        """The public page of the organisation (absolute path); it shows whatever version is published."""
        site = PolicySite.objects.filter(organization_id=self.organization_id).first()
        return site.public_url if site else ""


class HandbookVersion(models.Model):
    """One saved version of an organisation's staff handbook (internal rules)."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="handbook_versions")
    number = models.PositiveIntegerField(_("版"))
    title = models.CharField(_("表題"), max_length=200, default="情報セキュリティハンドブック")
    intro = models.TextField(_("はじめに"), blank=True)
    contact = models.TextField(_("相談先・報告先"), blank=True)
    # [{number, part, theme, title, status, answer, text, included}] — see handbook.HandbookRule
    rules = models.JSONField(_("ルール"), default=list)
    assessment_ref = models.BigIntegerField(_("元にした自社診断の記録ID"), null=True, blank=True)
    organization_name = models.CharField(_("事業者名"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("保存日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("情報セキュリティハンドブックの版")
        verbose_name_plural = _("情報セキュリティハンドブックの版")
        ordering = ["organization", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="unique_handbook_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.organization_name or self.organization_id} ハンドブック 第{self.number}版"


class HandbookRecipient(models.Model):
    """A staff member asked to read one handbook version and confirm, through a personal link."""

    version = models.ForeignKey(HandbookVersion, on_delete=models.PROTECT, related_name="recipients")
    email = models.EmailField(_("メールアドレス"))
    token = models.CharField(max_length=64, unique=True, default=_ack_token)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    last_sent_at = models.DateTimeField(_("最後に送った日時"), null=True, blank=True)
    send_count = models.PositiveSmallIntegerField(_("送信回数"), default=0)
    # When the staff member confirmed reading, not an office review: its own context and English.
    confirmed_at = models.DateTimeField(pgettext_lazy("受領確認", "確認日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("ハンドブックの確認依頼")
        verbose_name_plural = _("ハンドブックの確認依頼")
        ordering = ["email"]
        constraints = [models.UniqueConstraint(fields=["version", "email"], name="unique_handbook_recipient")]

    def __str__(self) -> str:
        return f"{self.email} ({self.version})"

    @property
    def link(self) -> str:
        return reverse("policies:acknowledge", args=[self.token])
