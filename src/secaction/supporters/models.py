"""普及賛同企業等 (supporting organisations) and the support offers they make to declarers.

A supporter is an organisation registered on the portal that agreed with the programme's aims;
staff review the application. Nothing here is hard-deleted: supporters are withdrawn or
suspended, offers are unpublished.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from secaction.organizations.choices import PREFECTURE_CHOICES
from secaction.organizations.models import Organization

# The wording of the agreement the owner ticks; stored as shown so the record says what was agreed.
AGREEMENT_TEXT = "制度の趣旨に賛同し、普及促進に取り組みます"


class SupporterStatus(models.TextChoices):
    PENDING = "pending", _("確認待ち")
    APPROVED = "approved", _("掲載中")
    RETURNED = "returned", _("差戻し")
    SUSPENDED = "suspended", _("掲載停止")
    WITHDRAWN = "withdrawn", _("登録取下げ")


class SupporterKind(models.TextChoices):
    COMPANY = "company", _("企業")
    ASSOCIATION = "association", _("団体")
    OTHER = "other", _("その他")


class OfferCategory(models.TextChoices):
    # The first three are the seed's examples of offers, word for word.
    INFORMATION = "information", _("セキュリティに関する情報提供")
    ORGANISATION = "organisation", _("セキュリティ体制の構築を支援")
    PREFERENTIAL = "preferential", _("セキュリティ関連サービス提供時に優遇")
    OTHER = "other", _("その他")


class OfferAudience(models.TextChoices):
    DECLARERS = "declarers", _("自己宣言した事業者(一つ星・二つ星)")
    TWO_STAR = "two_star", _("二つ星を宣言した事業者")
    CONSIDERING = "considering", _("宣言を検討している事業者も含め、どなたでも")


NATIONWIDE = ""


class Supporter(models.Model):
    """An organisation's registration as a 普及賛同企業等; one per organisation."""

    organization = models.OneToOneField(
        Organization, on_delete=models.PROTECT, related_name="supporter", verbose_name=_("事業者")
    )
    status = models.CharField(
        _("状態"),
        max_length=12,
        choices=SupporterStatus.choices,
        default=SupporterStatus.PENDING,
        db_index=True,
    )
    status_reason = models.TextField(_("事務局からの連絡"), blank=True)
    kind = models.CharField(_("種別"), max_length=12, choices=SupporterKind.choices)
    description = models.TextField(_("普及促進の取組み(公開)"), max_length=2000)
    website = models.URLField(_("ウェブサイト"), blank=True)
    contact = models.CharField(_("問合せ先(メールアドレスまたはURL、公開)"), max_length=300)
    agreed_at = models.DateTimeField(_("賛同の日時"))
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("賛同した人")
    )
    applied_at = models.DateTimeField(_("申請日時"))
    reviewed_at = models.DateTimeField(_("確認日時"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("確認した担当者"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("普及賛同企業等")
        verbose_name_plural = _("普及賛同企業等")

    def __str__(self) -> str:
        return self.organization.name

    @property
    def is_approved(self) -> bool:
        return self.status == SupporterStatus.APPROVED

    @property
    def contact_is_email(self) -> bool:
        return "@" in self.contact and not self.contact.startswith(("http://", "https://"))


class SupportOffer(models.Model):
    """A support measure a supporter offers; unpublished rather than deleted."""

    supporter = models.ForeignKey(
        Supporter, on_delete=models.PROTECT, related_name="offers", verbose_name=_("普及賛同企業等")
    )
    title = models.CharField(_("支援策の名称"), max_length=200)
    category = models.CharField(
        _("支援策の種類"), max_length=20, choices=OfferCategory.choices, db_index=True
    )
    description = models.TextField(_("内容"), max_length=4000)
    audience = models.CharField(_("対象"), max_length=20, choices=OfferAudience.choices)
    prefecture = models.CharField(
        _("提供地域"),
        max_length=2,
        choices=[(NATIONWIDE, _("全国")), *PREFECTURE_CHOICES],
        blank=True,
        default=NATIONWIDE,
        help_text=_("全国で提供する場合は「全国」を選んでください。"),
    )
    url = models.URLField(_("詳しい情報のURL"), blank=True)
    is_published = models.BooleanField(_("公開中"), default=False, db_index=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("支援策")
        verbose_name_plural = _("支援策")
        ordering = ["supporter_id", "-updated_at"]

    def __str__(self) -> str:
        return self.title
