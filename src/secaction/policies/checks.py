"""Warnings about a basic-policy text, shown before it is saved or published. Pure functions.

The programme's FAQ says a privacy policy (個人情報保護方針) does not count as
an information-security basic policy: the latter covers information security
as a whole. A text that talks about personal data and never about
information security as such is flagged, as are empty required parts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .suggest import SECTIONS

PRIVACY_TERMS = (
    "個人情報",
    "プライバシー",
    "個人データ",
    "利用目的",
    "第三者提供",
    "第三者に提供",
    "開示請求",
    "開示等の請求",
    "保有個人データ",
    "匿名加工",
    "privacy",
    "personal data",
    "personal information",
)
# Words that only an information-security text uses; 安全管理 is left out on
# purpose because privacy policies use it for their own safeguards.
SECURITY_TERMS = (
    "情報セキュリティ",
    "セキュリティ対策",
    "情報資産",
    "サイバー",
    "ウイルス",
    "マルウェア",
    "不正アクセス",
    "機密性",
    "完全性",
    "可用性",
    "パスワード",
    "バックアップ",
    "漏えい",
    "漏洩",
    "information security",
    "cyber",
)

OTHER_REQUIRED = (
    ("established_on", gettext_noop("制定日")),
    ("organization_name", gettext_noop("事業者名")),
    ("representative_name", gettext_noop("代表者氏名")),
)


@dataclass(frozen=True)
class PolicyWarning:
    code: str  # "missing" or "privacy_only"
    message: str
    field: str = ""


def _count(text: str, terms: tuple[str, ...]) -> int:
    lowered = text.lower()
    return sum(lowered.count(term.lower()) for term in terms)


def looks_like_privacy_policy_only(text: str) -> bool:
    """True when ``text`` speaks of personal data and not of information security.

    Either no security wording at all next to privacy wording, or privacy
    wording outnumbering security wording four to one with at most one
    security mention (a privacy policy that says 漏えい once is still one).
    """
    privacy = _count(text, PRIVACY_TERMS)
    security = _count(text, SECURITY_TERMS)
    if privacy == 0:
        return False
    return security == 0 or (security <= 1 and privacy >= 4 * security)


def policy_warnings(parts: Mapping[str, object]) -> list[PolicyWarning]:
    """Everything worth telling the declarer before saving or publishing.

    ``parts`` holds the section texts (keys of ``SECTIONS``) and
    ``established_on``, ``organization_name`` and ``representative_name``.
    """
    warnings: list[PolicyWarning] = []
    for key, heading in SECTIONS:
        value = parts.get(key)
        if not str(value or "").strip():
            warnings.append(
                PolicyWarning("missing", _("「%(heading)s」が空です。") % {"heading": _(heading)}, key)
            )
    for key, label in OTHER_REQUIRED:
        value = parts.get(key)
        if value is None or not str(value).strip():
            warnings.append(
                PolicyWarning("missing", _("%(label)sが入っていません。") % {"label": _(label)}, key)
            )
    body = "\n".join(str(parts.get(key) or "") for key, _heading in SECTIONS)
    if re.sub(r"\s", "", body) and looks_like_privacy_policy_only(body):
        warnings.append(
            PolicyWarning(
                "privacy_only",
                _(
                    "個人情報の保護についての文章になっているようです。個人情報保護方針(プライバシーポリシー)だけでは、"
                    "情報セキュリティ基本方針を公開したことにはなりません。情報全体を守るための取組み"
                    "(経営者の責任、社内体制、従業員の取組み、法令・契約の遵守、事故への対応)を書いてください。"
                ),
            )
        )
    return warnings


def warnings_block_publication(warnings: list[PolicyWarning]) -> bool:
    """A version with an empty required part cannot be published; the privacy warning needs a confirmation."""
    return any(w.code == "missing" for w in warnings)
