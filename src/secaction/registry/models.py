"""The public registry's read model.

``RegistryEntry`` is a denormalised copy of every declaration that has a
declaration ID, joined with its organisation and already normalised for
search. Public pages and the API read only this table: one indexed row per
lookup, and partial-name search through a trigram index on PostgreSQL. It is
derived data, kept in step by signals (connected in ``registry.apps``), by the import
command in bulk, and rebuilt at any time with ``manage.py registry_rebuild``.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Func, Q, Value
from django.utils.translation import gettext_lazy as _

from secaction.organizations.choices import INDUSTRY_CHOICES, PREFECTURE_CHOICES


class PublicStatus(models.TextChoices):
    """What the public sees. A returned declaration is still being prepared, so it shows as pending."""

    ACTIVE = "active", _("宣言中")
    PENDING = "pending", _("手続き中")
    WITHDRAWN = "withdrawn", _("取り下げ済み")
    CANCELLED = "cancelled", _("取消し済み")


class PublicLevel(models.TextChoices):
    ONE_STAR = "one_star", _("一つ星")
    TWO_STAR = "two_star", _("二つ星")


class RegistryEntry(models.Model):
    declaration = models.OneToOneField(
        "declarations.Declaration", on_delete=models.CASCADE, primary_key=True, related_name="registry_entry"
    )
    declaration_code = models.CharField(_("宣言ID"), max_length=11, unique=True)
    organization_id = models.BigIntegerField(db_index=True)
    name = models.CharField(_("事業者名"), max_length=200)
    name_kana = models.CharField(_("フリガナ"), max_length=200)
    corporate_number = models.CharField(_("法人番号"), max_length=13, blank=True)
    prefecture = models.CharField(_("都道府県"), max_length=2, choices=PREFECTURE_CHOICES)
    industry = models.CharField(_("業種"), max_length=1, choices=INDUSTRY_CHOICES)
    level = models.CharField(_("段階"), max_length=10, choices=PublicLevel.choices)
    status = models.CharField(_("状態"), max_length=10, choices=PublicStatus.choices)
    declared_at = models.DateTimeField(_("宣言日"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新日時"))
    ended_at = models.DateTimeField(_("取り下げ・取消し日"), null=True, blank=True)
    # Copied from Organization.identity_verified_at: when the 法人番号 and name came from GビズID.
    # Null means "not checked through GビズID", not that the declaration is doubtful.
    identity_verified_at = models.DateTimeField(_("GビズIDで確認した日時"), null=True, blank=True)
    # Continuation (docs/privacy-and-retention.md): when the declarer last confirmed the declaration
    # unchanged, and since when staff have suspended it (an ACTIVE declaration stays "active" here; the
    # public record says ``suspended``). Copied from the declaration like its other fields.
    last_confirmed_at = models.DateTimeField(_("最終確認日時"), null=True, blank=True)
    suspended_at = models.DateTimeField(_("一時停止日時"), null=True, blank=True)
    search_text = models.CharField(max_length=420)
    # The declaration's public changes, compactly (``registry/history.py``): [[epoch seconds, level,
    # status], …], oldest first. A copy of its RegistryChange rows, so the single lookup answers
    # two_star_since, level_history and "as of a date" from this one row.
    # Null (not "[]") so the column is added without rewriting the table; null reads as no changes.
    history = models.JSONField(_("公開の変更履歴"), null=True, blank=True)

    class Meta:
        verbose_name = _("公開名簿の項目")
        verbose_name_plural = _("公開名簿の項目")
        indexes = [
            # Partial-name search: LIKE '%…%' served by pg_trgm (PostgreSQL only;
            # the migration skips it elsewhere).
            GinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"], name="registry_search_trgm"),
            # Trigrams cannot serve one- or two-character queries (「山田」), common in
            # Japanese: an index of the characters each name contains can.
            GinIndex(
                Func(
                    F("search_text"),
                    Value(""),
                    function="regexp_split_to_array",
                    output_field=ArrayField(models.CharField(max_length=1)),
                ),
                name="registry_search_chars",
            ),
            # The public list is of active declarers in kana order.
            models.Index(
                fields=["corporate_number"], condition=~Q(corporate_number=""), name="registry_corpnum"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.declaration_code} {self.name}"

    @property
    def is_suspended(self) -> bool:
        """Suspended by staff: only an active declaration can be (an ended one is simply ended)."""
        return self.status == PublicStatus.ACTIVE and self.suspended_at is not None


class ChangeKind(models.TextChoices):
    STARTED = "started", _("宣言の開始")
    LEVEL_CHANGED = "level_changed", _("段階の変更")
    ENDED = "ended", _("宣言の終了")


class CurrentTransactionId(Func):
    """The id of the writing transaction on PostgreSQL (``pg_current_xact_id()``, 13+), NULL elsewhere.

    The column default of ``RegistryChange.txid``: the database fills it, so every writer (``create``,
    ``bulk_create``, raw SQL) records it. SQLite has one writer at a time, so ids commit in order there and
    the feed needs no transaction id.
    """

    output_field = models.BigIntegerField()
    allowed_default = True

    def as_sql(self, compiler, connection, **extra_context):  # type: ignore[no-untyped-def, override]
        return "NULL", []

    def as_postgresql(self, compiler, connection, **extra_context):  # type: ignore[no-untyped-def]
        return "(pg_current_xact_id()::text::bigint)", []


class RegistryChange(models.Model):
    """One public change of a declaration (started, level changed, ended), append-only.

    The change feed (``/api/v1/changes``) pages through these by ``(txid, id)`` on PostgreSQL (by ``id``
    on SQLite; ``registry.selectors.changes``); webhooks send them; a verification "as of" a date replays a declaration's changes up to that day. Written by the
    registry's writers whenever an entry's public level or status changes (``registry.services``),
    never by the rebuild of the read model (which changes nothing public).
    """

    declaration_id = models.BigIntegerField(db_index=True)
    declaration_code = models.CharField(_("宣言ID"), max_length=11)
    kind = models.CharField(_("変更の種類"), max_length=16, choices=ChangeKind.choices)
    level = models.CharField(_("変更後の段階"), max_length=10, choices=PublicLevel.choices)
    status = models.CharField(_("変更後の状態"), max_length=10, choices=PublicStatus.choices)
    occurred_at = models.DateTimeField(_("変更の日時"))
    recorded_at = models.DateTimeField(_("記録日時"), auto_now_add=True)
    # The writing transaction (PostgreSQL; NULL on SQLite), filled by the database: a lower id can commit
    # after a higher one, so the feed orders by (txid, id) and serves only finished transactions' rows.
    # 0 for the rows recorded before the column existed (all committed).
    txid = models.BigIntegerField(null=True, editable=False, db_default=CurrentTransactionId())

    class Meta:
        verbose_name = _("公開名簿の変更")
        verbose_name_plural = _("公開名簿の変更")
        indexes = [
            models.Index(fields=["declaration_code", "occurred_at"], name="registry_change_by_code"),
            models.Index(fields=["txid", "id"], name="registry_change_feed"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.declaration_code} {self.kind}"
