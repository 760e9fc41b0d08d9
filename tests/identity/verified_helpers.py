"""Test helpers for GビズID-verified organisations: a person's stored GビズID sign-in, without the provider.

The landing and registration tests that go through the real provider use the ``gbizid`` fixture; these
helpers are for service tests, which need only what allauth stores (``SocialAccount.extra_data``).
"""

from __future__ import annotations

import itertools
from typing import Any

from allauth.socialaccount.models import SocialAccount

PRIME_CLAIMS: dict[str, Any] = {
    "account_type": "2",
    "corporate_type": "1",
    "corporate_number": "7000012050002",
    "name": "株式会社テスト商事",
    "name_kana": "カブシキガイシャテストショウジ",
    "prefecture_name": "東京都",
    "address1": "千代田区霞が関1-3-1",
    "postal_code": "1008901",
    "user_last_nm": "山田",
    "user_first_nm": "太郎",
    "email": "taro@test-shoji.example.jp",
    "email_verified": True,
}

_uids = itertools.count(1)


def gbiz_sign_in_store(user: Any, **overrides: Any) -> SocialAccount:
    """Store a GビズID sign-in for ``user`` as allauth does (userinfo in extra_data); プライム by default."""
    uid = f"gbiz-test-{next(_uids)}"
    claims = {**PRIME_CLAIMS, "sub": uid, **overrides}
    return SocialAccount.objects.create(
        user=user, provider="gbizid", uid=uid, extra_data={"userinfo": claims}
    )


def completion_data(**overrides: Any) -> dict[str, Any]:
    """What the person completes on the verified registration form (GビズID does not send it)."""
    data = {
        "name_kana": "テストショウジ",
        "representative_name": "山田 太郎",
        "representative_title": "代表取締役",
        "postal_code": "100-8901",
        "prefecture": "13",
        "address": "千代田区霞が関1-3-1",
        "industry": "G",
        "employees": "6-20",
        "capital": "-10m",
        "website": "",
        "contact_name": "山田 太郎",
        "contact_email": "taro@test-shoji.example.jp",
        "contact_phone": "03-1234-5678",
    }
    data.update(overrides)
    return data
