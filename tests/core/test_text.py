"""Properties of the one text normalisation (core.text) and of the fields that use it.

The point of one module: a number typed with any dash, width or spacing is read the
same way whether it is a declaration ID, a 法人番号, a postal code or a phone number.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from secaction.core.text import (
    DASHES,
    LONG_VOWEL_MARKS,
    dash_unify,
    kana_widen,
    katakana_from_hiragana,
    number_compact,
    number_with_hyphens,
    space_fold,
    width_fold,
)
from secaction.declarations.ids import damm_check_digit, declaration_id_normalize
from secaction.organizations.validation import (
    corporate_number_check_digit,
    corporate_number_normalize,
    katakana_normalize,
    phone_normalize,
    postal_code_normalize,
)
from secaction.registry.normalize import search_normalize

# The first call of a gettext message loads the catalogues; on a busy CI machine that alone can
# exceed hypothesis's default 200 ms deadline, which would make these tests flaky, not stricter.
NO_DEADLINE = settings(deadline=None)

EVERY_DASH = list(DASHES + LONG_VOWEL_MARKS)
SPACES = [" ", "\u3000", "\t"]
FULL_WIDTH = {str(d): chr(0xFF10 + d) for d in range(10)}

digit_strings = st.text(alphabet="0123456789", min_size=1, max_size=20)
separators = st.sampled_from(EVERY_DASH + SPACES)


@st.composite
def typed(draw: st.DrawFn, digits: str) -> str:
    """``digits`` as a person might type them: some full-width, separators anywhere between."""
    out = []
    for ch in digits:
        if draw(st.booleans()):
            out.append(draw(separators))
        out.append(FULL_WIDTH[ch] if draw(st.booleans()) else ch)
    if draw(st.booleans()):
        out.append(draw(separators))
    return "".join(out)


@st.composite
def corporate_numbers(draw: st.DrawFn) -> str:
    base = draw(st.text(alphabet="0123456789", min_size=12, max_size=12))
    return str(corporate_number_check_digit(base)) + base


@st.composite
def declaration_ids(draw: st.DrawFn) -> str:
    body = "5" + draw(st.text(alphabet="0123456789", min_size=9, max_size=9))
    return body + str(damm_check_digit(body))


# --- the module's own functions --------------------------------------------------------


@NO_DEADLINE
@given(st.text())
def test_every_function_is_idempotent(text: str) -> None:
    for fn in (width_fold, dash_unify, space_fold, kana_widen, katakana_from_hiragana, number_compact):
        once = fn(text)
        assert fn(once) == once, fn.__name__
    once = number_with_hyphens(text)
    assert number_with_hyphens(once) == once


@NO_DEADLINE
@given(st.data(), digit_strings)
def test_number_compact_keeps_exactly_the_digits(data: st.DataObject, digits: str) -> None:
    assert number_compact(data.draw(typed(digits))) == digits


@NO_DEADLINE
@given(st.data(), digit_strings)
def test_number_with_hyphens_keeps_the_digits_in_order(data: st.DataObject, digits: str) -> None:
    result = number_with_hyphens(data.draw(typed(digits)))
    assert result.replace("-", "") == digits
    assert "--" not in result and not result.startswith("-") and not result.endswith("-")


@NO_DEADLINE
@given(st.text())
@example("ｶﾌﾞｼｷｶﾞｲｼｬ\u3000ﾔﾏﾀﾞ")
def test_space_fold_leaves_single_ascii_spaces(text: str) -> None:
    folded = space_fold(text)
    assert folded == folded.strip()
    assert "  " not in folded and "\u3000" not in folded


@NO_DEADLINE
@given(st.text(alphabet=st.characters(min_codepoint=0xFF61, max_codepoint=0xFF9F)))
def test_kana_widen_leaves_no_half_width_kana(text: str) -> None:
    widened = kana_widen(text)
    assert not any("\uff61" <= c <= "\uff9f" for c in widened)
    assert widened == unicodedata.normalize("NFKC", text)


@NO_DEADLINE
@given(st.text())
def test_dash_unify_keeps_long_vowel_marks_in_words(text: str) -> None:
    unified = dash_unify(text)
    assert unified.count("ー") == text.count("ー")
    assert not any(c in DASHES[1:] for c in unified)


@NO_DEADLINE
@given(st.text(alphabet=st.characters(min_codepoint=0x3041, max_codepoint=0x3096)))
def test_hiragana_becomes_the_katakana_of_the_same_sound(text: str) -> None:
    converted = katakana_from_hiragana(text)
    assert all("\u30a1" <= c <= "\u30f6" for c in converted)
    assert len(converted) == len(text)


# --- the fields that use it: every dash accepted alike ---------------------------------


@pytest.mark.parametrize("dash", EVERY_DASH)
def test_each_dash_is_accepted_in_an_id_and_a_corporate_number_alike(dash: str) -> None:
    assert declaration_id_normalize(f"5123{dash}4567{dash}89{dash}9") == "51234567899"
    assert corporate_number_normalize(f"7000{dash}0120{dash}50002") == "7000012050002"
    assert postal_code_normalize(f"100{dash}0013") == "100-0013"
    assert phone_normalize(f"03{dash}1234{dash}5678") == "03-1234-5678"


@NO_DEADLINE
@given(st.data(), declaration_ids())
def test_declaration_ids_accept_any_typing(data: st.DataObject, declaration_id: str) -> None:
    assert declaration_id_normalize(data.draw(typed(declaration_id))) == declaration_id


@NO_DEADLINE
@given(st.data(), corporate_numbers())
def test_corporate_numbers_accept_any_typing(data: st.DataObject, number: str) -> None:
    assert corporate_number_normalize(data.draw(typed(number))) == number


@NO_DEADLINE
@given(st.data(), st.text(alphabet="0123456789", min_size=7, max_size=7))
def test_postal_codes_accept_any_typing(data: st.DataObject, digits: str) -> None:
    assert postal_code_normalize(data.draw(typed(digits))) == f"{digits[:3]}-{digits[3:]}"


@NO_DEADLINE
@given(st.data(), st.text(alphabet="0123456789", min_size=9, max_size=10))
def test_phone_numbers_keep_their_digits(data: st.DataObject, rest: str) -> None:
    digits = "0" + rest
    assert phone_normalize(data.draw(typed(digits))).replace("-", "") == digits


@NO_DEADLINE
@given(corporate_numbers())
def test_normalised_values_are_fixed_points(number: str) -> None:
    assert corporate_number_normalize(corporate_number_normalize(number)) == number


# --- names: kana and search ------------------------------------------------------------

katakana_words = st.text(alphabet=st.characters(min_codepoint=0x30A1, max_codepoint=0x30F6), min_size=1)

# Full-width katakana -> the half-width keystrokes that produce it (with ﾞ / ﾟ where voiced).
_HALF = [chr(c) for c in range(0xFF66, 0xFF9E)]
HALF_WIDTH_OF = {
    unicodedata.normalize("NFKC", h + mark): h + mark
    for h in _HALF
    for mark in ("", "\uff9e", "\uff9f")
    if len(unicodedata.normalize("NFKC", h + mark)) == 1
}
half_width_words = st.text(alphabet=sorted(k for k in HALF_WIDTH_OF if "\u30a1" <= k <= "\u30f6"), min_size=1)


@NO_DEADLINE
@given(katakana_words)
def test_a_kana_name_in_hiragana_half_width_or_katakana_is_one_name(word: str) -> None:
    hiragana = "".join(chr(ord(c) - 0x60) for c in word)
    assert katakana_normalize(word) == word
    assert katakana_normalize(hiragana) == word
    assert katakana_normalize(katakana_normalize(hiragana)) == word


@NO_DEADLINE
@given(half_width_words)
def test_kana_typed_half_width_is_the_same_name(word: str) -> None:
    half_width = "".join(HALF_WIDTH_OF[c] for c in word)
    assert kana_widen(half_width) == word
    assert katakana_normalize(half_width) == word


@NO_DEADLINE
@given(half_width_words)
def test_search_matches_hiragana_katakana_and_half_width_alike(word: str) -> None:
    hiragana = "".join(chr(ord(c) - 0x60) for c in word)
    half_width = "".join(HALF_WIDTH_OF[c] for c in word)
    assert search_normalize(hiragana) == search_normalize(word) == search_normalize(half_width)


@pytest.mark.parametrize("dash", list(DASHES))
def test_search_ignores_every_dash_in_a_name(dash: str) -> None:
    assert search_normalize(f"ABC{dash}ソフト") == search_normalize("ABCソフト") == "abcソフト"


def test_search_keeps_the_long_vowel_mark_in_a_name() -> None:
    assert search_normalize("コーヒー") == "コーヒー"
    assert search_normalize("ｺｰﾋｰ") == "コーヒー"
