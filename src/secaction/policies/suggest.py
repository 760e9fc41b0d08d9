"""Suggested text for the information-security basic policy (情報セキュリティ基本方針).

Pure functions: no database, no request. The wording is this project's own;
only the five headings follow the structure of the guideline's sample policy.
The text adapts to the organisation's industry (what information it holds)
and to its size (an owner-run shop is not organised like a firm of 100).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_noop

# The parts of a basic policy, in the order they are printed.
# (key, heading); the five commitments follow the guideline's sample. The headings stay Japanese in the document
# (the policy is a Japanese document: page, PDF, Word); the builder shows them translated with gettext.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("purpose", gettext_noop("基本理念(目的)")),
    ("management", gettext_noop("1. 経営者の責任")),
    ("structure", gettext_noop("2. 社内体制の整備")),
    ("staff", gettext_noop("3. 従業員の取組み")),
    ("compliance", gettext_noop("4. 法令及び契約上の要求事項の遵守")),
    ("incident", gettext_noop("5. 違反及び事故への対応")),
)
SECTION_KEYS = tuple(key for key, _ in SECTIONS)
COMMITMENT_KEYS = SECTION_KEYS[1:]

SMALL_BANDS = {"1-5"}
LARGE_BANDS = {"51-100", "101-300", "301-"}


@dataclass(frozen=True)
class IndustryWording:
    assets: str  # what the organisation holds, as a noun phrase
    staff_note: str = ""  # an extra sentence for the staff commitment
    compliance_note: str = ""  # an extra sentence for the legal commitment


_DEFAULT = IndustryWording(assets="お客様や取引先からお預かりした情報と、事業を支える社内の情報")

INDUSTRY_WORDING: dict[str, IndustryWording] = {
    "A": IndustryWording(assets="取引先・出荷先の情報や、生産と経営に関する記録"),
    "B": IndustryWording(assets="取引先・出荷先の情報や、漁獲と経営に関する記録"),
    "C": IndustryWording(assets="取引先の情報や、操業と経営に関する記録"),
    "D": IndustryWording(
        assets="お客様の住所・連絡先や、工事の図面・見積書などの情報",
        staff_note="現場に図面や書類を持ち出すときは、置き忘れや紛失のないよう扱います。",
    ),
    "E": IndustryWording(
        assets="設計データや図面、製造ノウハウなどの技術情報と、取引先からお預かりした仕様書・図面",
        staff_note="設計データや図面は、業務で必要な人だけが見られるように管理します。",
        compliance_note="取引先と結んだ秘密保持契約でお預かりした技術情報は、契約の定めに従って扱います。",
    ),
    "F": IndustryWording(assets="ご利用者の契約情報や、設備の運用に関する情報"),
    "G": IndustryWording(
        assets="お客様からお預かりしたデータやシステム、ソースコードなどの情報",
        staff_note="お客様の環境やデータにアクセスするときは、許可された範囲と方法に限ります。",
        compliance_note="お客様との契約で定めたデータの取扱いと管理の方法を守ります。",
    ),
    "H": IndustryWording(assets="荷主様やお届け先の氏名・住所などの配送情報"),
    "I": IndustryWording(
        assets="お客様の氏名・連絡先・購入履歴などの顧客情報や、仕入先との取引情報",
        staff_note="顧客情報は、販売やアフターサービスなど必要な業務のためだけに使います。",
    ),
    "J": IndustryWording(assets="お客様の資産や契約に関する情報"),
    "K": IndustryWording(assets="入居者・契約者の方の個人情報や、物件と契約に関する情報"),
    "L": IndustryWording(
        assets="ご依頼者からお預かりした書類や相談内容などの情報",
        staff_note="ご依頼者の書類や相談内容は、担当する業務の範囲でのみ扱います。",
    ),
    "M": IndustryWording(assets="ご予約・ご宿泊のお客様の氏名や連絡先などの情報"),
    "N": IndustryWording(assets="会員やご利用のお客様の情報、ご予約の情報"),
    "O": IndustryWording(
        assets="生徒・受講者とその保護者の方の個人情報や、成績などの記録",
        staff_note="生徒や保護者の情報は、指導と連絡に必要な範囲でのみ扱います。",
    ),
    "P": IndustryWording(
        assets="患者さん・利用者の方の診療や介護の記録をはじめとする、特に慎重な扱いが必要な個人情報",
        staff_note="患者さん・利用者の方の情報は、ケアと業務に必要な範囲でのみ扱い、職場の外で話題にしません。",
        compliance_note="医療・介護の分野で国が示している個人情報の取扱いの指針にも沿って対応します。",
    ),
}


def size_class(employees_band: str) -> str:
    """'small' (owner-run, 1–5 people), 'large' (51 or more) or 'medium'."""
    if employees_band in SMALL_BANDS:
        return "small"
    if employees_band in LARGE_BANDS:
        return "large"
    return "medium"


def self_reference(entity_type: str) -> str:
    """How the policy refers to the organisation: 当社, 当事業所 or 当団体."""
    return {"sole_proprietor": "当事業所", "other": "当団体"}.get(entity_type, "当社")


def policy_suggest(
    *,
    industry: str,
    employees_band: str,
    organization_name: str,
    representative_title: str = "",
    representative_name: str = "",
    entity_type: str = "corporation",
) -> dict[str, str]:
    """Suggested text for every part of the basic policy, keyed by ``SECTION_KEYS``.

    Unknown industries and bands fall back to general wording; the result
    always has a non-empty text for every part.
    """
    wording = INDUSTRY_WORDING.get(industry, _DEFAULT)
    size = size_class(employees_band)
    we = self_reference(entity_type)
    name = organization_name.strip() or "私たち"
    representative = " ".join(p for p in (representative_title.strip(), representative_name.strip()) if p)

    everyone = {"small": "代表者を先頭に全員で", "medium": "全従業員で", "large": "全社を挙げて"}[size]
    purpose = (
        f"{name}(以下「{we}」)は、{wording.assets}を、事業を続けていくうえで欠かせない大切な資産と考えています。"
        "これらの情報を、うっかりミスやサイバー攻撃、盗難、機器の故障などから守ることは、"
        f"お客様と取引先に安心して{we}とお付き合いいただくための前提です。"
        f"{we}はこの考えのもと次の方針を定め、{everyone}情報セキュリティ対策に取り組みます。"
    )

    if size == "small":
        leader = f"代表者である{representative}" if representative else "代表者"
        management = (
            f"{leader}が情報セキュリティの責任者となり、必要な対策を自ら判断して実行します。"
            "対策に必要な時間と費用を確保し、少なくとも年に一度、取組みの状況を振り返って改善します。"
        )
        structure = (
            "少人数の事業所であることを踏まえ、代表者が情報の扱い方についての決まりごとを定め、"
            "一緒に働く全員に分かる形で共有します。"
            "パソコンやクラウドサービスの管理を誰が受け持つかを決め、その人が不在のときにも困らないよう手順を残します。"
        )
        staff_word = "一緒に働く全員(家族従業員やアルバイトを含みます)"
        reporter = "代表者"
    else:
        management = (
            "経営者は、情報セキュリティを経営上の課題と位置づけ、自ら率先して取り組みます。"
            "対策に必要な人員・時間・費用を確保し、少なくとも年に一度、取組みの状況を確認して改善を指示します。"
        )
        if size == "large":
            structure = (
                "情報セキュリティの責任者のもとに各部門の担当者を置き、役割と権限をはっきりさせた推進体制を整えます。"
                "対策のルールを社内規程として定め、定期的に点検し、事業や働き方の変化に合わせて見直します。"
            )
            reporter = "情報セキュリティの責任者"
        else:
            structure = (
                "情報セキュリティの担当者を決め、守るべきルールを文書にまとめて全従業員に周知します。"
                "ルールは、事業や働き方の変化に合わせて見直します。"
            )
            reporter = "情報セキュリティの担当者"
        staff_word = "従業員(パート・アルバイト、派遣の方を含みます)"

    staff = (
        f"{staff_word}は、情報セキュリティの大切さを理解し、社内のルールを守って仕事をします。"
        f"{we}は、教育や日頃の声かけを通じて、新しい脅威や攻撃の手口を知り、正しく対処するための知識を身につけられるよう支えます。"
    )
    if wording.staff_note:
        staff += wording.staff_note

    compliance = (
        "個人情報の保護に関する法律をはじめ、情報の扱いに関わる法令や規則、業界の決まりごとを守ります。"
        "お客様や取引先との契約で約束した秘密の保持と情報の管理も、確実に果たします。"
    )
    if wording.compliance_note:
        compliance += wording.compliance_note

    incident = (
        "情報の漏えいやウイルス感染、機器の紛失などの事故やルール違反が起きたとき、またはそのおそれに気づいたときは、"
        f"すぐに{reporter}へ報告する決まりとします。"
        "被害が広がらないよう速やかに対処し、必要に応じてお客様・取引先や関係機関に連絡したうえで、"
        "原因を確かめて再発を防ぐ対策をとります。"
    )
    return {
        "purpose": purpose,
        "management": management,
        "structure": structure,
        "staff": staff,
        "compliance": compliance,
        "incident": incident,
    }
