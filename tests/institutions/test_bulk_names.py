"""The applicant-name normaliser behind ``name_mismatch``: examples and properties (hypothesis)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from secaction.institutions.bulk import applicant_name_normalize, name_mismatch

SAME = [
    ("株式会社テスト商事", "(株)テスト商事"),
    ("株式会社テスト商事", "㈱テスト商事"),
    ("株式会社テスト商事", "（株）テスト商事"),
    ("株式会社テスト商事", "ｶ)ﾃｽﾄ商事"),
    ("株式会社テスト商事", "カ)テスト商事"),
    ("株式会社テスト商事", "(カ)テスト商事"),
    ("テスト商事株式会社", "テスト商事(株)"),
    ("テスト商事株式会社", "テスト商事(ｶ"),
    ("テスト商事株式会社", "テスト商事 ㈱"),
    ("有限会社山田工務店", "(有)山田工務店"),
    ("有限会社山田工務店", "㈲山田工務店"),
    ("有限会社山田工務店", "ﾕ)山田工務店"),
    ("合同会社ABC", "(同)ＡＢＣ"),
    ("合同会社ABC", "合同会社 abc"),
    ("株式会社 テスト　商事", "株式会社テスト商事"),
    ("ＡＢＣ株式会社", "abc(株)"),
]
DIFFERENT = [
    ("株式会社テスト商事", "テスト商事株式会社"),  # 前株 / 後株: two legal names
    ("(株)テスト商事", "テスト商事(株)"),
    ("株式会社テスト商事", "有限会社テスト商事"),
    ("株式会社テスト商事", "合同会社テスト商事"),
    ("株式会社テスト商事", "株式会社テスト商店"),
    ("株式会社テスト商事", "テスト商事"),
    ("カタログ株式会社", "(株)タログ"),  # a leading カ is a letter unless followed by ")"
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_notations_of_one_name_are_no_mismatch(a: str, b: str) -> None:
    assert name_mismatch(a, b) is False
    assert applicant_name_normalize(a) == applicant_name_normalize(b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_names_are_a_mismatch(a: str, b: str) -> None:
    assert name_mismatch(a, b) is True


@pytest.mark.parametrize(("a", "b"), [("", "株式会社テスト"), ("株式会社テスト", ""), ("  ", "x")])
def test_nothing_to_compare_is_none(a: str, b: str) -> None:
    assert name_mismatch(a, b) is None


names = st.text(
    alphabet=st.sampled_from("アイウエオカキクケコテスト商事山田工務店ABCxyz0123・-&"),
    min_size=1,
    max_size=12,
)
TYPES = [("株式会社", "(株)", "㈱"), ("有限会社", "(有)", "㈲"), ("合同会社", "(同)", "(同)")]


@given(st.text(max_size=30))
def test_idempotent(text: str) -> None:
    once = applicant_name_normalize(text)
    assert applicant_name_normalize(once) == once


@given(st.text(max_size=30))
def test_width_and_spaces_never_matter(text: str) -> None:
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)
    spaced = " ".join(text) + "\u3000"
    assert applicant_name_normalize(wide) == applicant_name_normalize(text)
    assert applicant_name_normalize(spaced) == applicant_name_normalize(text)


@given(st.text(max_size=30))
def test_no_white_space_survives_and_nfkc_is_applied(text: str) -> None:
    out = applicant_name_normalize(text)
    assert not any(c.isspace() for c in out)
    assert unicodedata.normalize("NFKC", out) == out


@given(names, st.sampled_from(TYPES), st.integers(0, 2), st.integers(0, 2))
def test_company_type_notation_before_the_name_never_matters(
    name: str, kind: tuple[str, ...], i: int, j: int
) -> None:
    assert name_mismatch(kind[i] + name, kind[j] + name) is False


@given(names, st.sampled_from(TYPES), st.integers(0, 2), st.integers(0, 2))
def test_company_type_notation_after_the_name_never_matters(
    name: str, kind: tuple[str, ...], i: int, j: int
) -> None:
    assert name_mismatch(name + kind[i], name + kind[j]) is False


@given(
    names.filter(lambda n: not n.startswith(("カ", "ユ", "ド")) and not n.endswith(("カ", "ユ", "ド"))),
    st.sampled_from(TYPES),
    st.integers(0, 2),
    st.integers(0, 2),
)
def test_before_versus_after_is_always_a_mismatch(name: str, kind: tuple[str, ...], i: int, j: int) -> None:
    assert name_mismatch(kind[i] + name, name + kind[j]) is True


@given(names, names)
def test_different_names_stay_different(a: str, b: str) -> None:
    if a.replace(" ", "").casefold() != b.replace(" ", "").casefold():
        assert name_mismatch("株式会社" + a, "株式会社" + b) is True
