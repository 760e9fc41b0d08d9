"""Public text rules: names folded with NFKC, invisible controls and undrawable characters refused."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from secaction.core.fonts import font_missing_characters
from secaction.core.public_text import public_text_errors, public_text_problem
from secaction.core.text import invisible_characters, name_fold

LOOK_ALIKE_CONTROLS = [
    *map(chr, range(0x200B, 0x2010)),  # zero-width space, non-joiner, joiner, LRM, RLM
    *map(chr, range(0x202A, 0x202F)),  # LRE, RLE, PDF, LRO, RLO
    *map(chr, range(0x2066, 0x206A)),  # LRI, RLI, FSI, PDI
    "\ufeff",  # BOM / zero-width no-break space
    "\u00ad",  # soft hyphen
    "\u2060",  # word joiner
    "\U000e0041",  # tag letter A
    "\x00",
    "\x1b",
    "\x7f",
    "\x85",
    "\ue000",  # private use
]


@pytest.mark.parametrize("char", LOOK_ALIKE_CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_every_invisible_control_is_found(char):
    assert invisible_characters(f"株式会社{char}山田") == [char]
    assert public_text_problem(f"山田{char}商事") is not None


def test_line_breaks_only_in_multiline_text():
    assert invisible_characters("一行目\n二行目\tタブ", multiline=True) == []
    assert invisible_characters("一行目\n二行目") == ["\n"]
    assert invisible_characters("a\u202eb\n", multiline=True) == ["\u202e"]


def test_the_message_names_the_characters():
    message = public_text_problem("株式会社\u202e\u200b山田")
    assert message is not None and "U+202E" in message and "U+200B" in message


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("ＡＢＣ商事", "ABC商事"),
        ("ｻﾝﾌﾟﾙ株式会社", "サンプル株式会社"),
        ("㈱みどり　商店", "(株)みどり 商店"),
        ("  山田   工業 ", "山田 工業"),
        ("セキュリティー・サービス", "セキュリティー・サービス"),  # long-vowel mark and middle dot kept
    ],
)
def test_name_fold(typed, stored):
    assert name_fold(typed) == stored


@given(st.text())
def test_name_fold_is_idempotent(text):
    assert name_fold(name_fold(text)) == name_fold(text)


@given(st.text(st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co"))))
def test_only_the_four_categories_are_refused(text):
    assert invisible_characters(text, multiline=True) == []


@given(st.text())
def test_whatever_is_found_is_in_the_four_categories(text):
    assert all(unicodedata.category(c) in {"Cc", "Cf", "Cs", "Co"} for c in invisible_characters(text))


def test_pdf_text_must_be_drawable_by_the_embedded_font():
    assert font_missing_characters("株式会社みどり商店 ABC 髙橋") == []
    assert font_missing_characters("山田😀商事😀🍣") == ["😀", "🍣"]
    assert public_text_problem("山田😀商事") is None  # fine on a web page
    message = public_text_problem("山田😀商事", pdf=True)
    assert message is not None and "😀" in message and "U+1F600" in message


def test_errors_by_field():
    data = {"name": "a\u200bb", "title": "ok", "description": "一行\n二行", "count": 3}
    errors = public_text_errors(data, ["name", "title", "description", "count"], multiline=["description"])
    assert list(errors) == ["name"]


def test_the_message_in_english():
    from django.utils import translation

    with translation.override("en"):
        assert "invisible control characters (U+202E, U+200B)" in (
            public_text_problem("a\u202e\u200bb") or ""
        )
        assert "cannot be printed" in (public_text_problem("a😀", pdf=True) or "")
