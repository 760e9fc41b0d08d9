"""Pure normalisation of names and search input for the public registry. No I/O.

The same function is applied to the stored search text and to what a visitor
types, so 「やまだ」, 「ヤマダ」, 「ﾔﾏﾀﾞ」 and 「山田 」 all find what they should.
"""

from __future__ import annotations

import re

from secaction.core.text import DASHES, katakana_from_hiragana, width_fold

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
_LEGAL_RE = re.compile("|".join(re.escape(width_fold(w).casefold()) for w in _LEGAL_FORMS))
# Spaces and the punctuation people type inconsistently inside names.
# Every dash variant of ``core.text`` (the long-vowel mark ー is a letter in a name, so it stays).
_DROP_RE = re.compile(f"[\\s・·、。,.{re.escape(DASHES)}'’\"“”&/|]+")


def search_normalize(text: str) -> str:
    """The canonical form used for partial-name matching.

    NFKC (full-width letters and half-width kana folded), case folded,
    hiragana turned into katakana, legal-form words, spaces and punctuation
    removed. Kanji are kept as they are.
    """
    folded = katakana_from_hiragana(width_fold(text).casefold())
    folded = _LEGAL_RE.sub("", folded)
    return _DROP_RE.sub("", folded)


def search_text_build(name: str, name_kana: str) -> str:
    """The stored search text of one organisation: its name and kana, normalised.

    A separator that ``search_normalize`` never lets through keeps a query from
    matching across the end of the name and the start of the kana.
    """
    return f"{search_normalize(name)}|{search_normalize(name_kana)}"
