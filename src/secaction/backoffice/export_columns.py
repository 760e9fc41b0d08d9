"""Which columns each exportable back-office list writes, chosen one by one.

Personal data is listed deliberately: names, e-mail addresses and addresses that staff
already see on the list pages; never password hashes, tokens, keys or secrets.
A column is a header (lazy text) and a function of one row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from secaction.core.models import AuditEvent
from secaction.declarations.models import Declaration
from secaction.organizations.models import Organization
from secaction.supporters.models import Supporter, SupportOffer


@dataclass(frozen=True)
class Column:
    header: Any
    value: Callable[[Any], Any]


def _field(name: str) -> Callable[[Any], Any]:
    return lambda row: getattr(row, name)


def _display(name: str) -> Callable[[Any], Any]:
    return lambda row: getattr(row, f"get_{name}_display")()


@dataclass(frozen=True)
class ExportSpec:
    model: type[Model]
    columns: tuple[Column, ...]
    related: tuple[str, ...] = ()  # select_related, so a chunk is one query


SPECS: dict[str, ExportSpec] = {
    "declarations.declaration": ExportSpec(
        Declaration,
        (
            Column(_("宣言ID"), _field("declaration_id")),
            Column(_("事業者名(正式名称)"), lambda d: d.organization.name),
            Column(_("法人番号"), lambda d: d.organization.corporate_number),
            Column(_("段階"), _display("level")),
            Column(_("状態"), _display("status")),
            Column(_("申込日時"), _field("submitted_at")),
            Column(_("宣言日"), _field("declared_at")),
            Column(_("取り下げ・取消し日時"), _field("ended_at")),
        ),
        ("organization",),
    ),
    "organizations.organization": ExportSpec(
        Organization,
        (
            Column("ID", _field("pk")),
            Column(_("事業者名(正式名称)"), _field("name")),
            Column(_("事業者名フリガナ"), _field("name_kana")),
            Column(_("法人番号"), _field("corporate_number")),
            Column(_("代表者氏名"), _field("representative_name")),
            Column(_("郵便番号"), _field("postal_code")),
            Column(_("都道府県"), _display("prefecture")),
            Column(_("住所(市区町村以降)"), _field("address")),
            Column(_("従業員数"), _display("employees")),
        ),
    ),
    "supporters.supporter": ExportSpec(
        Supporter,
        (
            Column("ID", _field("pk")),
            Column(_("事業者名(正式名称)"), lambda s: s.organization.name),
            Column(_("状態"), _display("status")),
            Column(_("種別"), _display("kind")),
            Column(_("ウェブサイト"), _field("website")),
            Column(_("問合せ先"), _field("contact")),
            Column(_("申請日時"), _field("applied_at")),
            Column(_("確認日時"), _field("reviewed_at")),
        ),
        ("organization",),
    ),
    "supporters.supportoffer": ExportSpec(
        SupportOffer,
        (
            Column("ID", _field("pk")),
            Column(_("事業者名(正式名称)"), lambda o: o.supporter.organization.name),
            Column(_("支援策の名称"), _field("title")),
            Column(_("対象"), _display("audience")),
            Column(_("詳しい情報のURL"), _field("url")),
            Column(_("公開中"), _field("is_published")),
            Column(_("作成日時"), _field("created_at")),
        ),
        ("supporter__organization",),
    ),
    "core.auditevent": ExportSpec(
        AuditEvent,
        (
            Column(_("日時"), _field("created_at")),
            Column(_("操作した人"), _field("actor_label")),
            Column(pgettext_lazy("監査ログ", "操作"), _field("action")),
            Column(_("対象の種類"), _field("object_type")),
            Column(_("対象のID"), _field("object_id")),
            Column(pgettext_lazy("監査ログ", "対象"), _field("object_repr")),
            Column(_("内容"), _field("message")),
        ),
    ),
}


def model_label(model: type[Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"
