"""GビズID's claims, parsed into one typed value (pure; no database, no HTTP).

GビズID (OpenID Connect) describes the signed-in person and the business behind the account.
The attribute names follow GビズID's published attribute list; the test provider
(``tests/oidc_provider/accounts.json``) issues the same shape. ``account_type`` is ``1`` for
gBizIDエントリー (self-registered, nobody checked the business), ``2`` for gBizIDプライム (the
business was checked with its seal certificate or registration) and ``3`` for gBizIDメンバー
(a person a プライム holder added). Only プライム and メンバー prove who the business is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class AccountType(StrEnum):
    ENTRY = "entry"
    PRIME = "prime"
    MEMBER = "member"
    UNKNOWN = "unknown"


class CorporateType(StrEnum):
    CORPORATION = "corporation"
    SOLE_PROPRIETOR = "sole_proprietor"
    UNKNOWN = "unknown"


_ACCOUNT_TYPES = {
    "1": AccountType.ENTRY,
    "entry": AccountType.ENTRY,
    "2": AccountType.PRIME,
    "prime": AccountType.PRIME,
    "3": AccountType.MEMBER,
    "member": AccountType.MEMBER,
}
_CORPORATE_TYPES = {
    "1": CorporateType.CORPORATION,
    "corporation": CorporateType.CORPORATION,
    "2": CorporateType.SOLE_PROPRIETOR,
    "sole_proprietor": CorporateType.SOLE_PROPRIETOR,
}
ACCEPTED_ACCOUNT_TYPES = (AccountType.PRIME, AccountType.MEMBER)


@dataclass(frozen=True)
class GbizClaims:
    """What the portal uses of one GビズID sign-in. Empty strings where GビズID sent nothing."""

    subject: str
    account_type: AccountType
    corporate_type: CorporateType
    corporate_number: str  # 13 digits for a 法人; may be empty for a 個人事業主
    legal_name: str  # 法人名 or 屋号
    legal_name_kana: str
    postal_code: str
    prefecture_name: str
    address: str
    person_last_name: str
    person_first_name: str
    email: str
    email_verified: bool

    @property
    def is_accepted(self) -> bool:
        """Whether the account type proves the business (プライム or メンバー)."""
        return self.account_type in ACCEPTED_ACCOUNT_TYPES

    def audit_data(self) -> dict[str, str]:
        """What the audit log keeps of a sign-in: who vouched for which business; never tokens or addresses."""
        return {
            "subject": self.subject,
            "account_type": str(self.account_type),
            "corporate_type": str(self.corporate_type),
            "corporate_number": self.corporate_number,
        }

    @property
    def person_name(self) -> str:
        return f"{self.person_last_name} {self.person_first_name}".strip()


def _text(data: Mapping[str, Any], *keys: str) -> str:
    for key in keys:
        value = data.get(key)
        if value not in (None, ""):
            return str(value).strip()
    return ""


def _truthy(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("true", "1", "yes")


def gbiz_claims_parse(data: Mapping[str, Any]) -> GbizClaims:
    """Parse the claims of one sign-in (the userinfo response, or the ID token's payload).

    Unknown or missing values never raise: an unknown account type is ``UNKNOWN`` (refused like
    エントリー), a missing 法人番号 is empty.
    """
    address = " ".join(p for p in (_text(data, "address1"), _text(data, "address2")) if p)
    return GbizClaims(
        subject=_text(data, "sub"),
        account_type=_ACCOUNT_TYPES.get(_text(data, "account_type").lower(), AccountType.UNKNOWN),
        corporate_type=_CORPORATE_TYPES.get(_text(data, "corporate_type").lower(), CorporateType.UNKNOWN),
        corporate_number=_text(data, "corporate_number"),
        legal_name=_text(data, "name", "corporate_name"),
        legal_name_kana=_text(data, "name_kana", "corporate_name_kana"),
        postal_code=_text(data, "postal_code"),
        prefecture_name=_text(data, "prefecture_name"),
        address=address,
        person_last_name=_text(data, "user_last_nm", "family_name"),
        person_first_name=_text(data, "user_first_nm", "given_name"),
        email=_text(data, "email", "user_email").lower(),
        email_verified=_truthy(data.get("email_verified", False)),
    )


def gbiz_claims_from_extra_data(extra_data: Mapping[str, Any]) -> GbizClaims:
    """The claims stored by allauth for a social account: userinfo first, the ID token's where userinfo lacks one."""
    userinfo = extra_data.get("userinfo") or {}
    id_token = extra_data.get("id_token") or {}
    if not userinfo and not id_token:
        return gbiz_claims_parse(extra_data)  # allauth before 65.11 stored the claims flat
    return gbiz_claims_parse({**id_token, **userinfo})
