"""Self-declarations (★ / ★★) and the logo-mark terms they were made under.

The coordinator set up the core of this module; the declarations app may extend it
with new migrations.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from secaction.organizations.models import Organization


class Level(models.TextChoices):
    ONE_STAR = "one_star", _("一つ星")
    TWO_STAR = "two_star", _("二つ星")


class Status(models.TextChoices):
    PENDING = "pending", _("受付中(確認待ち)")
    RETURNED = "returned", _("差し戻し(修正待ち)")
    ACTIVE = "active", _("宣言中")
    WITHDRAWN = "withdrawn", _("取り下げ")
    CANCELLED = "cancelled", _("取消し")


OPEN_STATUSES = (Status.PENDING, Status.RETURNED, Status.ACTIVE)


class PublicationMethod(models.TextChoices):
    WEBSITE = "website", _("自社ウェブサイト")
    BROCHURE = "brochure", _("会社案内")
    PAMPHLET = "pamphlet", _("パンフレット")
    OTHER = "other", _("その他")


class TermsVersion(models.Model):
    """A version of the logo-mark terms of use. Exactly one is current at a time."""

    version = models.CharField(_("版"), max_length=20, unique=True)
    title = models.CharField(_("表題"), max_length=200)
    body = models.TextField(_("本文"))
    published_at = models.DateTimeField(_("公開日時"))
    is_current = models.BooleanField(_("現行版"), default=False)

    class Meta:
        verbose_name = _("ロゴマーク使用規約")
        verbose_name_plural = _("ロゴマーク使用規約")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_terms"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"


class Declaration(models.Model):
    """One organisation's self-declaration. Never deleted: withdrawn and cancelled ones stay as history.

    ``declaration_id`` is issued when the declaration becomes active (at once in
    immediate mode, on acceptance in reviewed mode) and never changes, also
    across an upgrade from ★ to ★★.
    """

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="declarations")
    declaration_id = models.CharField(_("宣言ID"), max_length=11, unique=True, null=True, blank=True)
    level = models.CharField(_("段階"), max_length=10, choices=Level.choices, db_index=True)
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, db_index=True)
    status_reason = models.TextField(_("理由・事務局からの連絡"), blank=True)

    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("申込日時"), null=True, blank=True)
    declared_at = models.DateTimeField(_("宣言日"), null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    ended_at = models.DateTimeField(_("取り下げ・取消し日時"), null=True, blank=True)

    terms_version = models.ForeignKey(
        TermsVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    terms_accepted_at = models.DateTimeField(_("規約同意日時"), null=True, blank=True)
    terms_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # ★★ only. References to other apps are plain ids so the apps stay decoupled.
    publication_method = models.CharField(
        _("情報セキュリティ基本方針外部公開方法"),
        max_length=10,
        choices=PublicationMethod.choices,
        blank=True,
    )
    publication_url = models.URLField(_("公開しているURL"), blank=True)
    publication_note = models.CharField(_("公開方法の説明"), max_length=300, blank=True)
    diagnosis_ref = models.BigIntegerField(_("自社診断の記録ID"), null=True, blank=True)
    diagnosis_total = models.SmallIntegerField(_("自社診断の得点"), null=True, blank=True)
    policy_ref = models.BigIntegerField(_("基本方針の版ID"), null=True, blank=True)

    # The principles (1–5) the declarer ticked, and the ★★ statements used when
    # no diagnosis / policy record is stored on the portal (the issue allows it).
    pledged_principles = models.JSONField(_("取り組むと宣言した5か条"), default=list, blank=True)
    diagnosis_stated = models.BooleanField(_("自社診断の実施を申告"), default=False)
    policy_stated = models.BooleanField(_("基本方針の策定・公開を申告"), default=False)

    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("確認日時"), null=True, blank=True)
    # Reviewed mode only: the logo-download mail follows acceptance after a delay. Stamped when it is
    # sent, so a task that runs twice (or is enqueued twice) cannot send it again.
    logo_mail_sent_at = models.DateTimeField(
        _("ロゴマークのご案内メールの送信日時"),
        null=True,
        blank=True,
        help_text=_(
            "事務局確認ありで受理した宣言に、受理の後でロゴマークのご案内メールを送った日時です。"
            "即時発行では宣言完了のメールにロゴマークの案内が含まれるため、空のままです。"
        ),
    )

    imported = models.BooleanField(_("旧システムから移行"), default=False)

    # Continuation (docs/privacy-and-retention.md, "Continuation"): declarations do not expire. The declarer
    # confirms them yearly ("内容に変更はありません"); the verification page and the API show when.
    last_confirmed_at = models.DateTimeField(_("最終確認日時"), null=True, blank=True, db_index=True)
    # A suspension is reversible and overlays an ACTIVE declaration (the status stays ACTIVE): logo
    # downloads stop and verification says suspended until staff lift it. Cancellation stays final.
    suspended_at = models.DateTimeField(_("一時停止日時"), null=True, blank=True)
    suspension_reason = models.TextField(_("一時停止の理由(宣言者に表示)"), blank=True)

    class Meta:
        verbose_name = _("自己宣言")
        verbose_name_plural = _("自己宣言")
        constraints = [
            # One live declaration per organisation; ended ones are history.
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(status__in=["pending", "returned", "active"]),
                name="one_open_declaration_per_organization",
            )
        ]
        indexes = [models.Index(fields=["status", "level"])]

    def __str__(self) -> str:
        return f"{self.declaration_id or '-'} {self.organization} {self.get_level_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_active(self) -> bool:
        return self.status == Status.ACTIVE

    @property
    def stars(self) -> str:
        return "★★" if self.level == Level.TWO_STAR else "★"


class ReviewMode(models.TextChoices):
    IMMEDIATE = "immediate", _("即時発行(申込みと同時に宣言IDとロゴマークを発行)")
    REVIEWED = "reviewed", _("事務局確認あり(確認後に宣言IDを発行)")


class ProgrammeSettings(models.Model):
    """The programme office's settings; a single row (pk=1), created on first read."""

    review_mode = models.CharField(
        _("申込みの受付方式"), max_length=10, choices=ReviewMode.choices, default=ReviewMode.IMMEDIATE
    )
    review_target_days = models.PositiveSmallIntegerField(
        _("確認の目標日数"), default=7, help_text=_("事務局確認ありのとき、申込みから受理までの目安です。")
    )
    logo_mail_delay_days = models.PositiveSmallIntegerField(
        _("ロゴマークのご案内メールを送るまでの日数"),
        default=7,
        help_text=_(
            "事務局確認ありのときだけ使います。受理のご連絡から何日後にロゴマークのダウンロード方法の"
            "ご案内メールを送るかです。0にすると受理のご連絡と同時に送ります。"
            "即時発行では宣言完了のメールにロゴマークの案内が含まれます。"
        ),
    )
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("制度の設定")
        verbose_name_plural = _("制度の設定")

    def __str__(self) -> str:
        return str(_("制度の設定"))

    @classmethod
    def load(cls) -> ProgrammeSettings:
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("申込み")
    ISSUED = "issued", _("宣言ID発行")
    RETURNED = "returned", _("差し戻し")
    RESUBMITTED = "resubmitted", _("再申込み")
    UPGRADED = "upgraded", _("二つ星へ変更")
    DOWNGRADED = "downgraded", _("一つ星へ変更")
    WITHDRAWN = "withdrawn", _("取り下げ")
    CANCELLED = "cancelled", _("事務局による取消し")
    SUSPENDED = "suspended", _("事務局による一時停止")
    RESUMED = "resumed", _("一時停止の解除")


class DeclarationEvent(models.Model):
    """One step in a declaration's life, shown to the declarer as its history (append-only)."""

    declaration = models.ForeignKey(Declaration, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("出来事"), max_length=12, choices=EventKind.choices)
    created_at = models.DateTimeField(_("日時"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    by_staff = models.BooleanField(_("事務局による操作"), default=False)
    level = models.CharField(_("段階"), max_length=10, choices=Level.choices)
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices)
    message = models.TextField(_("理由・連絡"), blank=True)

    class Meta:
        verbose_name = _("自己宣言の履歴")
        verbose_name_plural = _("自己宣言の履歴")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.declaration_id} {self.kind}"


class LogoDownload(models.Model):
    """One download of a logo mark or certificate (who, which, when)."""

    declaration = models.ForeignKey(Declaration, on_delete=models.PROTECT, related_name="downloads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("段階"), max_length=10, choices=Level.choices)
    file_format = models.CharField(_("形式"), max_length=20)
    created_at = models.DateTimeField(_("日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("ロゴマーク等のダウンロード")
        verbose_name_plural = _("ロゴマーク等のダウンロード")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.declaration_id} {self.file_format}"


class ReviewQueueItem(Declaration):
    """The staff review queue in the back office (a proxy: same rows, its own admin page)."""

    class Meta:
        proxy = True
        verbose_name = _("確認待ちの申込み")
        verbose_name_plural = _("確認待ちの申込み(事務局確認)")


class FindingKind(models.TextChoices):
    DUPLICATE_NUMBER = "duplicate_number", _("法人番号の重複")
    SUSPICIOUS_NAME = "suspicious_name", _("テスト用と思われる名称")
    MISSING_FIELDS = "missing_fields", _("未入力の項目")
    CANCELLED_BEFORE = "cancelled_before", _("過去の取消し")


class ReviewFinding(models.Model):
    """What the automatic checks found about a declaration issued without staff review (immediate mode).

    The declarer already has the ID; staff look at open findings afterwards and mark each
    resolved (``review_finding_resolve``), cancelling the declaration first when it is misuse.
    Never deleted: a resolved finding stays with who resolved it and why.
    """

    declaration = models.ForeignKey(Declaration, on_delete=models.PROTECT, related_name="findings")
    kind = models.CharField(_("種類"), max_length=20, choices=FindingKind.choices)
    message = models.TextField(_("内容"))
    created_at = models.DateTimeField(_("検出日時"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("対応日時"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolution_note = models.TextField(_("対応の記録"), blank=True)

    class Meta:
        verbose_name = _("自動チェックの指摘")
        verbose_name_plural = _("自動チェックの指摘(即時発行後の確認)")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["resolved_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.declaration} {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
