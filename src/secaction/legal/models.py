"""The portal's own privacy policy and terms of use, versioned, and who accepted which version when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PRIVACY = "privacy", _("個人情報の取扱い")
    TERMS = "terms", _("ポータル利用規約")
    API_TERMS = "api_terms", _("API利用規約")


#: The kinds a person accepts at sign-up and, after a material change, at log-in.
ACCEPTED_KINDS = (Kind.PRIVACY, Kind.TERMS)


class LegalDocument(models.Model):
    """One published version of a legal page. Never edited after publication: people accepted its text.

    Exactly one version per kind is current. ``material`` says whether this version changed what
    people agreed to; only a material version asks everyone to accept again.
    """

    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices, db_index=True)
    version = models.CharField(_("版"), max_length=20)
    title = models.CharField(_("表題"), max_length=200)
    body = models.TextField(_("本文"))
    change_summary = models.TextField(_("改定の概要"), blank=True)
    material = models.BooleanField(_("重要な変更"), default=True)
    published_at = models.DateTimeField(_("公開日時"))
    is_current = models.BooleanField(_("現行版"), default=False)

    class Meta:
        verbose_name = _("個人情報の取扱い・利用規約の版")
        verbose_name_plural = _("個人情報の取扱い・利用規約の版")
        ordering = ["kind", "-published_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="legal_document_kind_version"),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(is_current=True), name="legal_document_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"


class How(models.TextChoices):
    SIGNUP = "signup", _("新規登録時")
    LOGIN = "login", _("ログイン時")
    API = "api", _("API利用申請時")


class Acceptance(models.Model):
    """A person's acceptance of one version of a legal page. Kept as evidence; never deleted."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="legal_acceptances"
    )
    document = models.ForeignKey(LegalDocument, on_delete=models.PROTECT, related_name="acceptances")
    accepted_at = models.DateTimeField(_("同意日時"))
    how = models.CharField(_("同意の場面"), max_length=10, choices=How.choices)

    class Meta:
        verbose_name = _("同意の記録")
        verbose_name_plural = _("同意の記録")
        ordering = ["-accepted_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "document"], name="legal_acceptance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.document}"
