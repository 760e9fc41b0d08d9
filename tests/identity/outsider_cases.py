"""Outsider cases for identity's services: claiming is for people without an organisation; deciding
claim requests is for staff."""

from __future__ import annotations

from typing import Any

from secaction.identity import services
from secaction.identity.models import ClaimRequest
from tests.contract.cases import OutsiderCase
from tests.identity.claim_data import imported_declaration
from tests.organizations.conftest import make_user


def _request_by_someone() -> ClaimRequest:
    from secaction.accounts.models import User

    declaration = imported_declaration()
    requester = make_user(User, "claimant@example.jp")
    return services.claim_request_submit(
        requester,
        declaration.declaration_id or "",
        message="株式会社みなと製作所の総務部です。担当者が退職しました。",
        contact_name="港 花子",
    )


def _code_request(outsider: Any) -> object:
    # An unclaimed imported declaration: the outsider already acts for an organisation of their own.
    declaration = imported_declaration()
    return services.claim_code_request(outsider, declaration.declaration_id or "")


def _code_confirm(outsider: Any) -> object:
    declaration = imported_declaration()
    return services.claim_code_confirm(outsider, declaration.declaration_id or "", "123456")


def _request_submit(outsider: Any) -> object:
    declaration = imported_declaration()
    return services.claim_request_submit(
        outsider,
        declaration.declaration_id or "",
        message="乗っ取りたいのでお願いします。",
        contact_name="外部 太郎",
    )


def _accept(outsider: Any) -> object:
    return services.claim_request_accept(outsider, _request_by_someone(), reason="確認しました")


def _reject(outsider: Any) -> object:
    return services.claim_request_reject(outsider, _request_by_someone(), reason="確認できません")


def _conflict_resolve(outsider: Any) -> object:
    from secaction.accounts.models import User
    from tests.organizations.conflicts_setup import open_conflict, squatter_build, verified_build

    _owner, squatter = squatter_build(User, email="victim-squatter@example.jp")
    verified_build(User, email="victim-real@example.jp")
    return services.identity_conflict_resolve(
        outsider, open_conflict(squatter), decision="keep", reason="試し"
    )


CASES = [
    OutsiderCase("identity.identity_conflict_resolve", _conflict_resolve),
    OutsiderCase("identity.claim_code_request", _code_request),
    OutsiderCase("identity.claim_code_confirm", _code_confirm),
    OutsiderCase("identity.claim_request_submit", _request_submit),
    OutsiderCase("identity.claim_request_accept", _accept),
    OutsiderCase("identity.claim_request_reject", _reject),
]

EXEMPT: dict[str, str] = {}
