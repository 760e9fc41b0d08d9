"""Finds wording that presents SECURITY ACTION as a certification or as something acquired.

SECURITY ACTION is a self-declaration: nobody certifies, registers or passes
anyone. The FAQ names the right wording 「一つ星(二つ星)を宣言しました」 and
the wrong one 「一つ星(二つ星)の認定を受けました」. This module is pure (no
Django models, no I/O) so it can be tested exhaustively.

How it decides: a *subject* (SECURITY ACTION, セキュリティアクション, 一つ星,
二つ星, ★, ★★ …) and a *claim word* (認定, 認証, 取得, 合格, 登録, certified …)
in the same clause, close together, with nothing between them that makes the
claim about something else (「ISO27001の認証」, 「Pマーク」, a comma, the
word 宣言) and no negation right after the claim (「認定制度ではありません」).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Matching runs on an NFKC-normalised copy, so full-width letters and digits
# and half-width kana need no separate patterns.
_TWO = r"★★|☆☆|二つ星|ふたつ星|フタツ星|2つ星|星2つ|two[-\s]?stars?"
_ONE = r"★|☆|一つ星|ひとつ星|ヒトツ星|1つ星|星1つ|one[-\s]?star"
_SA = r"security[\s・]*action|セキュリティ[\s・]*アクション"
_SUBJECT_RE = re.compile(f"(?P<two>{_TWO})|(?P<one>{_ONE})|(?P<sa>{_SA})", re.IGNORECASE)

_CLAIM_RE = re.compile(
    r"(?:認定|認証|取得|合格|登録|"
    r"\b(?:certifi(?:ed|cation|cate)|accredit(?:ed|ation)|acquired|obtained|passed|registered)\b)"
    # The rest of the verb phrase, so the reported phrase reads naturally.
    r"(?:を受け(?:ました|ています|ております|た|る)?|を?取得(?:いたしました|しました|した|済み|済)?"
    r"|を得(?:ました|た)|済み|済|(?:いた)?しました|されました|されています|しています|しております"
    r"|された|した|企業|事業者|マーク)*",
    re.IGNORECASE,
)

# Anything in this list between the subject and the claim word means the claim
# is about something else, or a new clause has started.
_BLOCKERS_RE = re.compile(
    r"[。.!?!?\n\r、,;;]|宣言|\band\b"
    r"|iso|isms|iec|jis|soc\s?\d|pci|pマーク|プライバシー[・\s]?マーク|privacy\s?mark|jisq"
    r"|資格|免許|許可|特許|商標|ドメイン|会員|規格|健康経営|くるみん|えるぼし|エコアクション"
    r"|サイト|フォーム|アカウント|メール|ページ|申込|申し込",
    re.IGNORECASE,
)
_NEGATION_RE = re.compile(
    r"^.{0,8}?(?:ではありません|ではない|ではなく|ではございません|じゃない|ません|しない|されない)"
    r"|\bnot\b|n't|\bno\b|ではな",
    re.IGNORECASE,
)
_MAX_GAP_AFTER = 20  # subject … claim
# A bare ★ is also decoration (「★新商品が○○賞に認定★」): unless the text names SECURITY
# ACTION or a level in words, a star counts only right next to the claim word.
_MAX_GAP_BARE_STAR = 2
_STARS = set("★☆")
_MAX_GAP_BEFORE = 8  # claim … subject (「認定を受けた二つ星」)

SUGGESTIONS = {
    "one_star": "一つ星を宣言しました",
    "two_star": "二つ星を宣言しました",
    None: "SECURITY ACTIONを宣言しました",
}


@dataclass(frozen=True)
class Finding:
    start: int  # offsets into the text as given (Python str indices)
    end: int
    phrase: str
    level: str | None  # one_star, two_star, or None for SECURITY ACTION in general
    suggestion: str


def _normalised_with_map(text: str) -> tuple[str, list[int]]:
    """NFKC per character, with the original index of every output character."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        norm = unicodedata.normalize("NFKC", ch)
        out.append(norm)
        where.extend([i] * len(norm))
    return "".join(out), where


def _level(match: re.Match[str]) -> str | None:
    if match.group("two"):
        return "two_star"
    if match.group("one"):
        return "one_star"
    return None


def _merge_level(a: str | None, b: str | None) -> str | None:
    if "two_star" in (a, b):
        return "two_star"
    return a or b


def expressions_check(text: str) -> list[Finding]:
    """Every misleading phrase in ``text``, in order, without overlaps."""
    norm, where = _normalised_with_map(text)
    subjects = list(_SUBJECT_RE.finditer(norm))
    if not subjects:
        return []
    named = any(not set(m.group()) <= _STARS for m in subjects)

    def too_far(subj: re.Match[str], gap: str) -> bool:
        return not named and set(subj.group()) <= _STARS and len(gap) > _MAX_GAP_BARE_STAR

    spans: list[tuple[int, int, str | None]] = []
    for claim in _CLAIM_RE.finditer(norm):
        after = norm[claim.end() : claim.end() + 16]
        if _NEGATION_RE.search(after):
            continue
        start: int | None = None
        level: str | None = None
        # Subjects before the claim: 「二つ星の認定を受けました」.
        for subj in subjects:
            if subj.end() > claim.start() or claim.start() - subj.end() > _MAX_GAP_AFTER:
                continue
            gap = norm[subj.end() : claim.start()]
            if _BLOCKERS_RE.search(gap) or _NEGATION_RE.search(gap) or too_far(subj, gap):
                continue
            start = subj.start() if start is None else min(start, subj.start())
            level = _merge_level(level, _level(subj))
        end = claim.end()
        # Subjects after it: 「認定を受けたSECURITY ACTION」, 「認証取得:★★」.
        if start is None:
            before = norm[max(0, claim.start() - 10) : claim.start()]
            if _BLOCKERS_RE.search(before.split("、")[-1].split("。")[-1]):
                continue  # 「ISMS認証取得済み★★」: the claim is ISMS's
            for subj in subjects:
                # ``end`` grows with each subject taken, so 「SECURITY ACTION二つ星」 is one phrase.
                if subj.start() < end or subj.start() - end > _MAX_GAP_BEFORE:
                    continue
                gap = norm[end : subj.start()]
                if _BLOCKERS_RE.search(gap) or too_far(subj, gap):
                    continue
                if not named and set(subj.group()) <= _STARS and claim.group().endswith(("た", "す")):
                    continue  # 「…に認定されました★」: a finished sentence with a decorative star
                start = claim.start()
                end = max(end, subj.end())
                level = _merge_level(level, _level(subj))
        if start is not None:
            spans.append((start, end, level))
    findings: list[Finding] = []
    last_end = -1
    for start, end, level in sorted(spans):
        if start < last_end:
            continue
        o_start, o_end = where[start], where[end - 1] + 1
        findings.append(Finding(o_start, o_end, text[o_start:o_end], level, SUGGESTIONS[level]))
        last_end = end
    return findings
