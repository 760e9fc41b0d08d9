"""Pure normalisation of names and search input for the public registry. No I/O.

The same function is applied to the stored search text and to what a visitor
types, so 「やまだ」, 「ヤマダ」, 「ﾔﾏﾀﾞ」 and 「山田 」 all find what they should.
"""

from __future__ import annotations

import re
import unicodedata

# Legal-form words appear in most names; left in, they would match nearly every
# row (useless results and a slow query). They are dropped from both sides.
_LEGAL_FORMS = (
    "特定非営利活動法人",
    "一般社団法人",
    "一般財団法人",
    "公益社団法人",
    "公益財団法人",
    "社会福祉法人",
    "株式会社",
    "有限会社",
    "合同会社",
    "合資会社",
    "合名会社",
    "医療法人",
    "学校法人",
    "NPO法人",
    "カブシキガイシャ",
    "カブシキカイシャ",
    "ユウゲンガイシャ",
    "ユウゲンカイシャ",
    "ゴウドウガイシャ",
    "ゴウドウカイシャ",
    "ゴウシガイシャ",
    "ゴウメイガイシャ",
    "イッパンシャダンホウジン",
    "イッパンザイダンホウジン",
    "コウエキシャダンホウジン",
    "コウエキザイダンホウジン",
    "トクテイヒエイリカツドウホウジン",
    "シャカイフクシホウジン",
    "イリョウホウジン",
    "ガッコウホウジン",
    "(株)",
    "(有)",
    "(同)",
    "㈱",
    "㈲",
)
_LEGAL_RE = re.compile("|".join(re.escape(unicodedata.normalize("NFKC", w).casefold()) for w in _LEGAL_FORMS))
# Spaces and the punctuation people type inconsistently inside names.
_DROP_RE = re.compile(r"[\s・·、。,.\-‐‑–—―−'’\"“”&/|]+")


def hiragana_to_katakana(text: str) -> str:
    """Hiragana (U+3041–U+3096) to katakana, which sit exactly 0x60 above them."""
    return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in text)


def search_normalize(text: str) -> str:
    """The canonical form used for partial-name matching.

    NFKC (full-width letters and half-width kana folded), case folded,
    hiragana turned into katakana, legal-form words, spaces and punctuation
    removed. Kanji are kept as they are.
    """
    folded = hiragana_to_katakana(unicodedata.normalize("NFKC", text or "").casefold())
    folded = _LEGAL_RE.sub("", folded)
    return _DROP_RE.sub("", folded)


def search_text_build(name: str, name_kana: str) -> str:
    """The stored search text of one organisation: its name and kana, normalised.

    A separator that ``search_normalize`` never lets through keeps a query from
    matching across the end of the name and the start of the kana.
    """
    return f"{search_normalize(name)}|{search_normalize(name_kana)}"
