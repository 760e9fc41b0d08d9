import pytest

from secaction.organizations.choices import EMPLOYEE_BAND_CHOICES, INDUSTRY_CHOICES
from secaction.policies.checks import policy_warnings
from secaction.policies.suggest import SECTION_KEYS, policy_suggest, self_reference, size_class


def _suggest(**kw):
    args = {
        "industry": "I",
        "employees_band": "6-20",
        "organization_name": "株式会社みどり商店",
        "representative_title": "代表取締役",
        "representative_name": "緑川 一郎",
    }
    args.update(kw)
    return policy_suggest(**args)


@pytest.mark.parametrize("industry", [code for code, _ in INDUSTRY_CHOICES] + ["?", ""])
@pytest.mark.parametrize("band", [code for code, _ in EMPLOYEE_BAND_CHOICES] + ["bogus"])
def test_every_industry_and_size_gives_a_complete_policy_without_warnings(industry, band):
    parts = _suggest(industry=industry, employees_band=band)
    assert set(parts) == set(SECTION_KEYS)
    assert all(text.strip() for text in parts.values())
    full = {**parts, "established_on": "2026-04-01", "organization_name": "x", "representative_name": "y"}
    assert policy_warnings(full) == []  # our own suggestion must never trip the privacy warning


def test_names_appear_in_the_text():
    parts = _suggest(employees_band="1-5")
    assert parts["purpose"].startswith("株式会社みどり商店(以下「当社」)")
    assert "代表取締役 緑川 一郎" in parts["management"]  # owner-run: the representative is named


def test_industry_adapts_the_information_named():
    assert "顧客情報" in _suggest(industry="I")["purpose"]
    assert "購入履歴" in _suggest(industry="I")["purpose"]
    assert "患者" in _suggest(industry="P")["purpose"]
    assert "患者" in _suggest(industry="P")["staff"]
    assert "設計データ" in _suggest(industry="E")["purpose"]
    assert "秘密保持契約" in _suggest(industry="E")["compliance"]
    assert "ソースコード" in _suggest(industry="G")["purpose"]
    general = _suggest(industry="T")["purpose"]
    assert "患者" not in general and "設計" not in general


def test_size_adapts_the_organisation():
    small = _suggest(employees_band="1-5")
    medium = _suggest(employees_band="21-50")
    large = _suggest(employees_band="101-300")
    assert "少人数" in small["structure"] and "代表者" in small["incident"]
    assert "担当者を決め" in medium["structure"]
    assert "各部門" in large["structure"] and "責任者" in large["incident"]
    assert len({small["structure"], medium["structure"], large["structure"]}) == 3
    assert "家族従業員" in small["staff"] and "家族従業員" not in large["staff"]


def test_size_class_and_self_reference():
    assert size_class("1-5") == "small"
    assert size_class("6-20") == size_class("21-50") == "medium"
    assert size_class("51-100") == size_class("301-") == "large"
    assert self_reference("sole_proprietor") == "当事業所"
    assert self_reference("other") == "当団体"
    assert self_reference("corporation") == "当社"
    assert "(以下「当事業所」)" in _suggest(entity_type="sole_proprietor")["purpose"]


def test_blank_name_does_not_produce_broken_text():
    parts = _suggest(organization_name="  ", representative_name="", representative_title="")
    assert parts["purpose"].startswith("私たち")
    assert (
        "である"
        not in _suggest(employees_band="1-5", representative_name="", representative_title="")["management"]
    )
