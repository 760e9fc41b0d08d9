"""More of the programme's own facts from the seed: dated figures, the ★★ block and the references.

Kept apart from ``secaction.core.programme`` (the overview, the 5 principles, the
steps and the FAQ) only for size; the same rules apply: the Japanese texts are
the seed's, verbatim except for the PDF extraction's line breaks and stray
spaces, and the ``*_en`` texts are this project's translations.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DatedFact:
    """A figure the programme published, with the date it refers to (it is not updated by this portal)."""

    text: str
    text_en: str
    as_of: str  # as printed in the seed


DECLARATIONS_PASSED = DatedFact(
    "SECURITY ACTION 自己宣言数35万件を突破!(2024年6月)",
    "Over 350,000 SECURITY ACTION self-declarations! (June 2024)",
    "2024年6月",
)
SUPPORTERS_REGISTERED = DatedFact(
    "登録事業者数 464社(2024/6時点)",
    "Registered supporting organisations: 464 (as of June 2024)",
    "2024/6",
)


@dataclass(frozen=True)
class Point:
    text: str
    text_en: str
    sub: tuple[tuple[str, str], ...] = ()  # (ja, en) bullets under this one


@dataclass(frozen=True)
class TwoStarStep:
    """One of the three things a ★★ declarer does, as the seed's ★★ page lists them."""

    number: int
    title: str
    title_en: str
    points: tuple[Point, ...]


TWO_STAR_STEPS: tuple[TwoStarStep, ...] = (
    TwoStarStep(
        1,
        "基本方針の作成と周知",
        "Write the basic policy and make it known",
        (
            Point(
                "経営者が定めた情報セキュリティに関する基本方針を、従業員や関係者に伝えるために簡潔な文書を作成・周知する",
                "Write a short document that conveys the information security basic policy set by management to "
                "employees and others concerned, and make it known.",
            ),
            Point(
                "中小企業の情報セキュリティ対策ガイドライン付録「情報セキュリティ基本方針(サンプル)」を参考",
                "Use the sample information security basic policy in the appendix of the Information Security "
                "Guidelines for SMEs as a reference.",
            ),
        ),
    ),
    TwoStarStep(
        2,
        "実施状況の把握",
        "Understand where you stand",
        (
            Point(
                "自社のセキュリティ対策の実施状況を把握するために「5分でできる!情報セキュリティ自社診断」を活用する",
                "Use the 5-minute information security self-check to understand how far your own security "
                "measures are in place.",
                (
                    (
                        "25項目の設問に答えるだけで、自社の情報セキュリティの問題点を簡単に把握できる",
                        "Just by answering 25 questions you can easily see your information security problems.",
                    ),
                    (
                        "解説編の対策例を参考に、社内ルールを作成することができる",
                        "You can write internal rules based on the example measures in the explanation part.",
                    ),
                    (
                        "付録の情報セキュリティハンドブックを活用すると従業員に対する社内ルールの周知が簡単にできる",
                        "With the information security handbook in the appendix you can easily make the internal "
                        "rules known to employees.",
                    ),
                ),
            ),
        ),
    ),
    TwoStarStep(
        3,
        "対策の決定と周知",
        "Decide on measures and make them known",
        (
            Point(
                "問題があった項目は、解説編を参考に対策を決定",
                "For the items where a problem was found, decide on measures using the explanation part.",
            ),
            Point(
                "付録「情報セキュリティハンドブック(ひな形)」を編集して社内周知する",
                "Edit the information security handbook template in the appendix and make it known within the "
                "company.",
            ),
        ),
    ),
)

# Shown next to the first part of the self-check, which has this title.
BASIC_MEASURES_PART = "基本的対策"
BASIC_MEASURES_NOTE = "情報セキュリティ自社診断の「基本的対策」は、情報セキュリティ5か条を質問化したもの"
BASIC_MEASURES_NOTE_EN = (
    "The Basic measures of the information security self-check are the 5 Principles of Information Security "
    "turned into questions."
)


@dataclass(frozen=True)
class Reference:
    title: str
    description: str
    url: str
    title_en: str
    description_en: str


# The seed's 参考資料: the guideline and the programme's official site.
REFERENCES: tuple[Reference, ...] = (
    Reference(
        "中小企業の情報セキュリティ対策ガイドライン",
        "中小企業の経営者や実務担当者が、情報セキュリティ対策の必要性を理解し、"
        "情報を安全に管理するための具体的な手順等を示したガイドライン",
        "https://www.ipa.go.jp/security/guide/sme/about.html",
        "Information Security Guidelines for SMEs",
        "Guidelines that help managers and staff of SMEs understand why information security measures are needed, "
        "with concrete procedures for handling information safely.",
    ),
    Reference(
        "SECURITY ACTION",
        "中小企業自らが情報セキュリティ対策に取組むことを自己宣言する制度",
        "https://www.ipa.go.jp/security/security-action/",
        "SECURITY ACTION",
        "The programme in which SMEs themselves declare that they work on information security.",
    ),
)
