import pytest

from secaction.core.text import katakana_from_hiragana
from secaction.registry.normalize import search_normalize, search_text_build


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("やまだ", "ヤマダ"),
        ("ﾔﾏﾀﾞ", "ヤマダ"),
        ("ヤマダ", "ヤマダ"),
        ("山田 商事", "山田商事"),
        ("山田 商事", "山田商事"),
        ("株式会社山田商事", "山田商事"),
        ("(株)山田商事", "山田商事"),
        ("(株)山田商事", "山田商事"),
        ("㈱山田商事", "山田商事"),
        ("カブシキガイシャヤマダ", "ヤマダ"),
        ("かぶしきがいしゃやまだ", "ヤマダ"),
        ("ＡＢＣ　Ｓｏｆｔ", "abcsoft"),
        ("A・B・C", "abc"),
        ("", ""),
        ("株式会社", ""),
        ("一般社団法人 日本", "日本"),
        ("100%", "100%"),
    ],
)
def test_search_normalize(raw, expected):
    assert search_normalize(raw) == expected


def test_hiragana_to_katakana_leaves_others():
    assert katakana_from_hiragana("ぁゖ漢A") == "ァヶ漢A"


def test_search_text_keeps_name_and_kana_apart():
    text = search_text_build("株式会社ABC", "エービーシー")
    assert text == "abc|エービーシー"
    assert search_normalize("c|エ") not in ("", None) and "|" not in search_normalize("c|エ")
