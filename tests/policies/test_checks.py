from secaction.policies.checks import (
    looks_like_privacy_policy_only,
    policy_warnings,
    warnings_block_publication,
)
from secaction.policies.suggest import SECTION_KEYS, policy_suggest

PRIVACY_POLICY = (
    "当社は、お客様の個人情報を適切に取り扱います。個人情報は利用目的の範囲内で利用し、"
    "ご本人の同意なく第三者に提供しません。保有個人データの開示請求には速やかに対応します。"
)


def _complete(**over):
    parts = policy_suggest(industry="E", employees_band="21-50", organization_name="A社")
    parts.update(established_on="2026-04-01", organization_name="A社", representative_name="代表")
    parts.update(over)
    return parts


def test_a_complete_security_policy_has_no_warnings():
    assert policy_warnings(_complete()) == []


def test_each_empty_required_part_is_named():
    for key in (*SECTION_KEYS, "established_on", "organization_name", "representative_name"):
        warnings = policy_warnings(_complete(**{key: "  "}))
        assert [w.field for w in warnings] == [key], key
        assert warnings[0].code == "missing"
        assert warnings_block_publication(warnings)


def test_none_date_is_missing():
    warnings = policy_warnings(_complete(established_on=None))
    assert [w.field for w in warnings] == ["established_on"]


def test_privacy_policy_text_is_flagged():
    parts = {key: PRIVACY_POLICY for key in SECTION_KEYS}
    parts.update(established_on="2026-04-01", organization_name="A社", representative_name="代表")
    warnings = policy_warnings(parts)
    assert [w.code for w in warnings] == ["privacy_only"]
    assert "プライバシーポリシー" in warnings[0].message
    assert not warnings_block_publication(warnings)  # a warning to confirm, not a block


def test_privacy_only_heuristic():
    assert looks_like_privacy_policy_only(PRIVACY_POLICY)
    assert looks_like_privacy_policy_only("Privacy Policy: we protect your personal data.")
    # a privacy policy mentioning 漏えい once is still a privacy policy
    assert looks_like_privacy_policy_only(PRIVACY_POLICY + "漏えいの防止に努めます。")
    # security wording present in earnest: not privacy-only
    assert not looks_like_privacy_policy_only(
        PRIVACY_POLICY + "情報セキュリティ対策として、ウイルス対策とバックアップを行います。"
    )
    # no privacy wording at all: not flagged (other checks handle emptiness)
    assert not looks_like_privacy_policy_only("経営者が責任を持って取り組みます。")
    assert not looks_like_privacy_policy_only("")


def test_suggested_policy_mentions_privacy_law_but_is_not_privacy_only():
    text = "\n".join(_complete().get(k) for k in SECTION_KEYS)
    assert "個人情報" in text
    assert not looks_like_privacy_policy_only(text)
