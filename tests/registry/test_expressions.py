"""The expression checker: wording that presents SECURITY ACTION as a certification."""

from __future__ import annotations

import pytest

from secaction.registry.expressions import expressions_check

FLAGGED = [
    # (text, phrase expected, suggestion expected)
    ("一つ星の認定を受けました", "一つ星の認定を受けました", "一つ星を宣言しました"),
    ("二つ星の認定を受けました", "二つ星の認定を受けました", "二つ星を宣言しました"),
    ("弊社は二つ星を取得しました。", "二つ星を取得しました", "二つ星を宣言しました"),
    ("SECURITY ACTION認定企業です", "SECURITY ACTION認定企業", "SECURITY ACTIONを宣言しました"),
    (
        "SECURITY ACTIONの認証を取得しました",
        "SECURITY ACTIONの認証を取得しました",
        "SECURITY ACTIONを宣言しました",
    ),
    ("★★認証取得済み", "★★認証取得済み", "二つ星を宣言しました"),
    ("★認定", "★認定", "一つ星を宣言しました"),
    (
        "セキュリティアクションに登録されました",
        "セキュリティアクションに登録されました",
        "SECURITY ACTIONを宣言しました",
    ),
    ("セキュリティ・アクション合格", "セキュリティ・アクション合格", "SECURITY ACTIONを宣言しました"),
    ("ひとつ星に合格しました!", "ひとつ星に合格しました", "一つ星を宣言しました"),
    ("ふたつ星を取得", "ふたつ星を取得", "二つ星を宣言しました"),
    ("2つ星認定", "2つ星認定", "二つ星を宣言しました"),
    ("2つ星認定", "2つ星認定", "二つ星を宣言しました"),
    ("SECURITY ACTION 二つ星 取得済", "SECURITY ACTION 二つ星 取得済", "二つ星を宣言しました"),
    (
        "SECURITY ACTIONの二つ星を取得しました",
        "SECURITY ACTIONの二つ星を取得しました",
        "二つ星を宣言しました",
    ),
    ("security action certified", "security action certified", "SECURITY ACTIONを宣言しました"),
    ("We are SECURITY ACTION certified.", "SECURITY ACTION certified", "SECURITY ACTIONを宣言しました"),
    ("We obtained SECURITY ACTION two stars.", "obtained SECURITY ACTION two stars", "二つ星を宣言しました"),
    ("Two-star certification", "Two-star certification", "二つ星を宣言しました"),
    ("認定を受けたSECURITY ACTION二つ星の企業", "認定を受けたSECURITY ACTION二つ星", "二つ星を宣言しました"),
    ("認証取得:★★", "認証取得:★★", "二つ星を宣言しました"),
    ("一つ星を認定取得しました", "一つ星を認定取得しました", "一つ星を宣言しました"),
    ("一つ星の認証済み", "一つ星の認証済み", "一つ星を宣言しました"),
    ("当社はSECURITY ACTIONに合格しました", "SECURITY ACTIONに合格しました", "SECURITY ACTIONを宣言しました"),
    ("ｾｷｭﾘﾃｨｱｸｼｮﾝ認定", "ｾｷｭﾘﾃｨｱｸｼｮﾝ認定", "SECURITY ACTIONを宣言しました"),
    ("二つ星の登録をいたしました", "二つ星の登録", "二つ星を宣言しました"),
]

NOT_FLAGGED = [
    "一つ星を宣言しました",
    "二つ星を宣言しました。",
    "SECURITY ACTIONを宣言しました",
    "SECURITY ACTION二つ星を宣言しています",
    "ISO27001の認証を取得しました",
    "Pマークを取得しました",
    "プライバシーマークの認定を受けています",
    "二つ星を宣言し、ISO27001の認証を取得しました",
    "SECURITY ACTION二つ星を宣言。ISMS認証も取得済みです。",
    "ISMS認証取得済み、★★宣言",
    "ISMS認証取得済み ★★宣言",
    "SECURITY ACTIONは認定制度ではありません",
    "「SECURITY ACTION」は、情報セキュリティ対策状況等をIPAが認定するあるいは認証等を与える制度ではありません。",
    "SECURITY ACTIONは認証ではなく自己宣言です",
    "SECURITY ACTION is not a certification",
    "SECURITY ACTION isn't certified by anyone",
    "IT導入補助金の申請にはSECURITY ACTIONの宣言が必要です",
    "宅建業の免許を取得しました",
    "SECURITY ACTIONの自己宣言者サイトに登録しました",
    "★★★ホテルに宿泊",  # no claim word
    "品質は星5つの評価",
    "資格を取得した社員がいます",
    "",
    "今日は晴れ",
    "★新商品がグッドデザイン賞に認定されました★",  # decoration, not the mark
    "☆期間限定☆ 会員登録で10%オフ",
    "★当社の製品は第三者機関の認証を受けています",
]


@pytest.mark.parametrize(("text", "phrase", "suggestion"), FLAGGED)
def test_flagged(text, phrase, suggestion):
    findings = expressions_check(text)
    assert len(findings) == 1, findings
    f = findings[0]
    assert f.phrase == phrase
    assert text[f.start : f.end] == phrase
    assert f.suggestion == suggestion


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_not_flagged(text):
    assert expressions_check(text) == []


def test_several_findings_in_order_with_positions_in_the_original_text():
    text = "当社は一つ星の認定を受けました。\nさらに、二つ星を取得しました!ISO27001の認証も取得しました。"
    findings = expressions_check(text)
    assert [f.phrase for f in findings] == ["一つ星の認定を受けました", "二つ星を取得しました"]
    assert [f.level for f in findings] == ["one_star", "two_star"]
    for f in findings:
        assert text[f.start : f.end] == f.phrase


def test_positions_survive_full_width_text_before_the_finding():
    text = "ＡＢＣ株式会社は　★★　の認定を受けました"
    [f] = expressions_check(text)
    assert text[f.start : f.end] == f.phrase
    assert f.phrase.startswith("★★")


def test_star_counts_at_a_distance_when_the_text_names_security_action():
    text = "SECURITY ACTIONについて: ★★ は当社が認定を受けたものです"
    [f] = expressions_check(text)
    assert f.level == "two_star"


def test_far_apart_words_are_not_linked():
    text = "SECURITY ACTION" + "について当社の考え方を詳しく長々と説明する文章が続いた後で" + "認定"
    assert expressions_check(text) == []
