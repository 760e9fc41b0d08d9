"""The one normalisation of Japanese input. Pure functions: no Django models, no I/O.

People type the same number or name in many ways: full-width digits (１２３),
any of a dozen dash characters (‐ – — ― − －, and ー or ｰ when an IME turns a
hyphen into a long-vowel mark between digits), ideographic spaces, half-width
kana (ﾔﾏﾀﾞ), hiragana where katakana is asked for. Every field that accepts such
input goes through these functions, so a declaration ID, a 法人番号, a postal
code, a phone number and a registry search treat the same keystrokes alike.

Each function is idempotent: applying it to its own output changes nothing.

Names and other public text also pass ``name_fold`` (NFKC and spaces) and are refused
when ``invisible_characters`` finds anything: zero-width and bidirectional controls
make one name look like another in the public registry.
Validation (lengths, check digits, which characters a field allows) stays with
the field's owner (``organizations.validation``, ``declarations.ids``); this
module only folds variants onto one canonical form.
"""

from __future__ import annotations

import re
import unicodedata

# Characters people (or their IME) type for a hyphen. NFKC already maps the full-width
# hyphen-minus (U+FF0D) and the small hyphen-minus (U+FE63) to "-", and the half-width
# long-vowel mark (U+FF70) to ー, but the dashes below survive NFKC.
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\ufe58\ufe63\uff0d"
# The katakana long-vowel mark: a dash only in a numeric context (in a name it is a letter).
LONG_VOWEL_MARKS = "\u30fc\uff70"
_DASH_RE = re.compile(f"[{re.escape(DASHES)}]")
_NUMERIC_DASH_RE = re.compile(f"[{re.escape(DASHES + LONG_VOWEL_MARKS)}]")
_SPACE_RE = re.compile(r"\s+")  # \s covers the ideographic space U+3000 and NBSP
_HALF_WIDTH_KANA_RE = re.compile("[\uff61-\uff9f]+")
_HIRAGANA_FIRST, _HIRAGANA_LAST = "\u3041", "\u3096"
_KATAKANA_OFFSET = 0x60  # hiragana sit exactly 0x60 below their katakana


def width_fold(text: str) -> str:
    """NFKC: full-width letters, digits and symbols to ASCII, half-width kana to full-width.

    Right for codes, numbers and search input; not for text kept as the person wrote it
    (NFKC also rewrites ㈱ as (株) and ① as 1).
    """
    return unicodedata.normalize("NFKC", text or "")


def dash_unify(text: str, *, numeric: bool = False) -> str:
    """Every dash variant to the ASCII hyphen-minus.

    With ``numeric=True`` the long-vowel marks ー and ｰ count as dashes too (IMEs produce
    them for a hyphen typed between digits); otherwise they are left alone, being letters.
    """
    return (_NUMERIC_DASH_RE if numeric else _DASH_RE).sub("-", text or "")


def space_fold(text: str) -> str:
    """Runs of white space (ideographic space included) to one ASCII space, trimmed."""
    return _SPACE_RE.sub(" ", text or "").strip()


def kana_widen(text: str) -> str:
    """Half-width katakana (ﾔﾏﾀﾞ) to full-width (ヤマダ), voiced marks joined; nothing else changes."""
    return _HALF_WIDTH_KANA_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text or "")


def katakana_from_hiragana(text: str) -> str:
    """Hiragana (U+3041–U+3096) to katakana; every other character is kept."""
    return "".join(
        chr(ord(c) + _KATAKANA_OFFSET) if _HIRAGANA_FIRST <= c <= _HIRAGANA_LAST else c for c in text or ""
    )


def number_compact(text: str) -> str:
    """A number as typed, folded to its characters: full-width digits to ASCII, every dash
    (long-vowel marks included) and every space removed.

    The result is not validated: callers check that it is all digits and of the right
    length, and say what is wrong.
    """
    stripped = _SPACE_RE.sub("", _NUMERIC_DASH_RE.sub("", width_fold(text)))
    # NFKC once more: a removed space may have separated a letter from a combining mark
    # (NFKC turns ´ into a space and a combining accent), which now compose.
    return width_fold(stripped)


def number_with_hyphens(text: str) -> str:
    """A number as typed, with its hyphens kept where the person put them (phone numbers):
    full-width digits folded, every dash variant and every space or bracket a single "-",
    none at the ends."""
    unified = dash_unify(width_fold(text), numeric=True)
    return re.sub(r"-{2,}", "-", re.sub(r"[\s()]", "-", unified)).strip("-")


# Line breaks and tabs are the only control characters a multi-line text may hold.
_MULTILINE_CONTROLS = frozenset("\n\r\t")
# Cc: C0/C1 controls (NUL, ESC, ...); Cf: format controls (U+200B-U+200F zero-width and
# direction marks, U+202A-U+202E embeddings and overrides, U+2066-U+2069 isolates, U+FEFF,
# U+00AD soft hyphen, tag characters); Cs: lone surrogates; Co: private use (no font draws
# them the same way twice).
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co"})


def name_fold(text: str) -> str:
    """A name as stored: NFKC (full-width letters and digits to ASCII, half-width kana to
    full-width, ㈱ to (株)), white space folded and trimmed.

    NFKC is safe for names and addresses: it keeps kanji, kana and the long-vowel mark,
    and it maps look-alike presentation forms onto one spelling, so two registrations
    cannot differ only by the width of their letters.
    """
    return space_fold(width_fold(text))


def invisible_characters(text: str, *, multiline: bool = False) -> list[str]:
    """The distinct characters of ``text`` (in order) that a public text must not contain:
    control (Cc), format (Cf), surrogate (Cs) and private-use (Co) characters.

    With ``multiline=True`` line breaks and tabs are allowed. The caller refuses the text
    and names the characters (``U+202E``); nothing is removed silently.
    """
    found: list[str] = []
    for char in text or "":
        if multiline and char in _MULTILINE_CONTROLS:
            continue
        if unicodedata.category(char) in _INVISIBLE_CATEGORIES and char not in found:
            found.append(char)
    return found
