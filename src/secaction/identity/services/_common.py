"""What the three ways of taking over share: who may claim, which declaration is claimable, audited refusals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.translation import gettext as _

from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.services import audit_record
from secaction.declarations.ids import DeclarationIdError, declaration_id_normalize
from secaction.declarations.models import Declaration
from secaction.organizations.selectors import membership_for_user

from .. import selectors

if TYPE_CHECKING:
    from secaction.accounts.models import User


def _language(user: User) -> str:
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def _require_claimant(user: User) -> None:
    """Only a signed-in person without an organisation may take one over."""
    if not getattr(user, "is_authenticated", False):
        raise AccessDenied(_("ログインしてください。"))
    if membership_for_user(user) is not None:
        raise AccessDenied(
            _(
                "既に事業者に所属しているため、宣言を引き継げません。1つのアカウントで登録できる事業者は1つです。"
                "別の事業者の宣言を引き継ぐには、その事業者用のアカウントでログインしてください。"
            )
        )


def _refuse(user: User, action: str, typed: str, reason: str, message: str, field: str) -> ServiceError:
    """Audit a refused attempt (what was typed, why) and return the error to raise."""
    audit_record(
        actor=user,
        action=action,
        object_type="declarations.declaration",
        object_id=typed[:40],
        after={"refused": reason},
    )
    return ServiceError({field: message})


def _claimable(user: User, typed_id: str, *, action: str, field: str = "declaration_id") -> Declaration:
    """The imported, unclaimed declaration with the typed ID; refusals are audited under ``action``.

    The messages never show the address on record and say where to go next (the staff-reviewed claim).
    """
    try:
        declaration_id = declaration_id_normalize(typed_id)
    except DeclarationIdError as exc:
        raise _refuse(user, action, typed_id.strip(), f"malformed:{exc.code}", str(exc), field) from exc
    declaration = selectors.declaration_imported_get(declaration_id)
    if declaration is None:
        raise _refuse(
            user,
            action,
            declaration_id,
            "not_found",
            _(
                "この宣言IDの宣言は見つかりませんでした。番号をもう一度確認してください。"
                "お手元の番号で見つからない場合は、事務局に引き継ぎを申請してください。"
            ),
            field,
        )
    if not declaration.imported:
        raise _refuse(
            user,
            action,
            declaration_id,
            "not_imported",
            _(
                "この宣言は本ポータルで申し込まれたもので、引き継ぎの手続きはありません。"
                "同じ会社の管理者の方に、メンバーとして招待してもらってください。"
            ),
            field,
        )
    organization = declaration.organization
    if not organization.is_active:
        raise _refuse(
            user,
            action,
            declaration_id,
            "inactive",
            _("この宣言の事業者は無効になっています。事務局にお問い合わせください。"),
            field,
        )
    if not selectors.organization_is_unclaimed(organization):
        raise _refuse(
            user,
            action,
            declaration_id,
            "claimed",
            _(
                "この宣言は既に引き継がれています。同じ会社の方が引き継ぎ済みの場合は、その方からメンバーとして招待してもらってください。"
                "心当たりがない場合は、事務局に引き継ぎを申請してください。"
            ),
            field,
        )
    return declaration
