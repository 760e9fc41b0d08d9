"""Pure rules: ★★ input, pledges, review flags and the next step."""

import pytest

from secaction.declarations.rules import (
    TwoStarInput,
    missing_fields,
    name_suspicion,
    pledge_errors,
    two_star_errors,
)

COMPLETE = dict(diagnosis_stated=True, policy_stated=True)


def test_pledges():
    assert pledge_errors([1, 2, 3, 4, 5]) == []
    assert pledge_errors([5, 4, 3, 2, 1, 1]) == []
    assert "4、5" in pledge_errors([1, 2, 3])[0]
    assert pledge_errors([])


@pytest.mark.parametrize(
    "data, expected",
    [
        (
            TwoStarInput(publication_method="website", publication_url="https://a.example.jp/p", **COMPLETE),
            set(),
        ),
        (TwoStarInput(publication_method="website", publication_url="", **COMPLETE), {"publication_url"}),
        (
            TwoStarInput(publication_method="website", publication_url="a.example.jp", **COMPLETE),
            {"publication_url"},
        ),
        (
            TwoStarInput(publication_method="website", publication_url="javascript:alert(1)", **COMPLETE),
            {"publication_url"},
        ),
        (
            TwoStarInput(publication_method="website", publication_url="https://localhost", **COMPLETE),
            {"publication_url"},
        ),
        (TwoStarInput(publication_method="brochure", **COMPLETE), set()),
        (TwoStarInput(publication_method="pamphlet", **COMPLETE), set()),
        (TwoStarInput(publication_method="other", **COMPLETE), {"publication_note"}),
        (TwoStarInput(publication_method="other", publication_note="  ", **COMPLETE), {"publication_note"}),
        (TwoStarInput(publication_method="other", publication_note="店頭に掲示", **COMPLETE), set()),
        (TwoStarInput(publication_method="", **COMPLETE), {"publication_method"}),
        (TwoStarInput(publication_method="fax", **COMPLETE), {"publication_method"}),
        (TwoStarInput(publication_method="brochure"), {"diagnosis", "policy"}),
        (TwoStarInput(publication_method="brochure", diagnosis_ref=3, policy_ref=9), set()),
        # any score is accepted, even the lowest possible one
        (
            TwoStarInput(
                publication_method="brochure", diagnosis_ref=3, diagnosis_total=-25, policy_stated=True
            ),
            set(),
        ),
        (TwoStarInput(publication_method="brochure", diagnosis_ref=3), {"policy"}),
    ],
)
def test_two_star_errors(data, expected):
    assert set(two_star_errors(data)) == expected


@pytest.mark.parametrize(
    "name",
    [
        "テスト株式会社",
        "株式会社TEST",
        "ｔｅｓｔ商店",
        "dummy",
        "ダミー工業",
        "asdf",
        "ああああ",
        "株式会社ｘｘｘ",
        "1234",
        "株式会社",
        "A",
        "hoge",
    ],
)
def test_suspicious_names(name):
    assert name_suspicion(name)


@pytest.mark.parametrize(
    "name",
    [
        "株式会社みどり商店",
        "有限会社山田製作所",
        "ABC Consulting",
        "特定非営利活動法人まちづくり",
        "田中太郎",
    ],
)
def test_real_names_pass(name):
    assert name_suspicion(name) is None


def test_missing_fields():
    org = dict(
        entity_type="corporation",
        name="株式会社みどり",
        name_kana="ミドリ",
        corporate_number="",
        representative_name="a",
        postal_code="1",
        prefecture="13",
        address="x",
        industry="I",
        contact_name="b",
        contact_email="c@example.jp",
        contact_phone="03",
    )
    decl = dict(level="one_star", terms_version_id=1, pledged_principles=[1, 2, 3, 4, 5])
    assert missing_fields(org, decl) == ["法人番号"]
    assert missing_fields({**org, "entity_type": "sole_proprietor"}, decl) == []
    assert missing_fields({**org, "entity_type": "sole_proprietor", "address": ""}, decl) == ["住所"]
    assert "ロゴマーク使用規約への同意" in missing_fields(org, {**decl, "terms_version_id": None})
    assert "5か条への取組み宣言" in missing_fields(org, {**decl, "pledged_principles": [1]})
    two = {**decl, "level": "two_star", "publication_method": "website"}
    assert set(missing_fields({**org, "corporate_number": "1"}, two)) == {
        "自社診断",
        "情報セキュリティ基本方針",
        "基本方針のURL",
    }
