"""The programme's surveys of its declarers, reproduced from the seed (参考情報(SECURITY ACTION)).

Like ``secaction.core.programme``, these are the programme's own facts: the
labels, percentages, captions and sentences are kept exactly as the seed gives
them (only the line breaks of the PDF extraction, and the spaces it left where a
line was broken, are removed; two slips of the original, a missing 「 before 補助金 and the doubled 実施実施,
are kept because the text is quoted, not edited). Percentages are strings so
that "23.0" stays "23.0". Only the answers whose percentages the seed states
are here: the report has more, and none are invented.

English renderings (``*_en``) are this project's translations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class SurveyAnswer:
    """One answer of a multiple-answer question and the share of respondents who chose it."""

    label: str
    percent: str  # as printed, without the % sign
    label_en: str

    @property
    def value(self) -> float:
        return float(Decimal(self.percent))


@dataclass(frozen=True)
class SurveyFinding:
    number: int
    heading: str  # without the "(n) " the seed prints before it
    summary: tuple[str, ...]  # the seed's sentences around the figure, in order
    answers: tuple[SurveyAnswer, ...]
    caption: str  # the figure caption, with its page reference in the report
    heading_en: str
    summary_en: tuple[str, ...]
    caption_en: str


@dataclass(frozen=True)
class OutlineRow:
    label: str
    value: str
    label_en: str
    value_en: str


@dataclass(frozen=True)
class Survey:
    slug: str  # the URL part: /survey/<slug>/
    title: str
    points: tuple[str, ...]
    outline: tuple[OutlineRow, ...]
    requests_sent: int
    valid_answers: int
    response_rate: str  # percent, as printed
    period_start: dt.date
    period_end: dt.date
    published_on: dt.date
    published_note: str
    report_url: str
    findings: tuple[SurveyFinding, ...]
    title_en: str
    points_en: tuple[str, ...]
    published_note_en: str


SURVEY_2024 = Survey(
    slug="2024",
    title="SECURITY ACTION宣言事業者における情報セキュリティ対策の実態調査",
    points=(
        "2018年度に続き、今回2回目の調査",
        "2024年1月から2月にかけてウェブによるアンケート調査を実施し、5,577件の回答を入手",
    ),
    outline=(
        OutlineRow(
            "調査目的",
            "情報セキュリティ対策の取り組み内容や課題等に関するアンケート調査を実施することで、"
            "現状を把握し、今後の支援施策の企画立案に生かすこと。",
            "Purpose",
            "By surveying what declarers do for information security and what problems they have, to understand "
            "the current situation and use it in planning future support measures.",
        ),
        OutlineRow("調査手法", "ウェブによるアンケート調査", "Method", "Web questionnaire"),
        OutlineRow(
            "調査対象",
            "SECURITY ACTION宣言事業者 (一つ星・二つ星) ※アンケート回答依頼メールの配信件数:251,002件",
            "Respondents",
            "SECURITY ACTION declarers (one star and two stars). Requests to answer were e-mailed to 251,002 "
            "addresses.",
        ),
        OutlineRow(
            "調査期間",
            "2024年1月15日(月)~2月13日(火)",
            "Period",
            "Monday 15 January to Tuesday 13 February 2024",
        ),
        OutlineRow("有効回答数", "5,577件(回答率:2.2%)", "Valid answers", "5,577 (response rate: 2.2%)"),
    ),
    requests_sent=251_002,
    valid_answers=5_577,
    response_rate="2.2",
    period_start=dt.date(2024, 1, 15),
    period_end=dt.date(2024, 2, 13),
    published_on=dt.date(2024, 4, 9),
    published_note="調査報告書を2024年4月9日に公開",
    report_url="https://www.ipa.go.jp/security/reports/sme/sa-survey2023.html",
    findings=(
        SurveyFinding(
            number=1,
            heading="SECURITY ACTION宣言のきっかけは補助金申請が大半ではあるものの、"
            "情報セキュリティ対策の意欲を後押ししている。",
            summary=(
                "補助金を申請する際の要件となっていた」が75.1%と最も高く、大半を占めています。"
                "次いで「情報セキュリティに係る自社の対応を改善したいと考えていた」が24.4%、"
                "「事業拡大や顧客開拓、取引先からの信頼を高める手段として有用と考えた」が16.6%と、"
                "SECURITY ACTION宣言が自社の情報セキュリティ対策の意欲を後押ししているようにも考えられます。",
            ),
            answers=(
                SurveyAnswer(
                    "補助金を申請する際の要件となっていた",
                    "75.1",
                    "It was a requirement when applying for a subsidy",
                ),
                SurveyAnswer(
                    "情報セキュリティに係る自社の対応を改善したいと考えていた",
                    "24.4",
                    "We wanted to improve how we handle information security",
                ),
                SurveyAnswer(
                    "事業拡大や顧客開拓、取引先からの信頼を高める手段として有用と考えた",
                    "16.6",
                    "We thought it useful for growing the business, finding customers and gaining partners' trust",
                ),
            ),
            caption="図1: SECURITY ACTION宣言を行おうとしたきっかけ (調査報告書p21 図4-13)",
            heading_en="Most declared because of a subsidy application, yet the declaration encourages the will "
            "to work on information security.",
            summary_en=(
                '"It was a requirement when applying for a subsidy" was the most common answer at 75.1%, a large '
                'majority. It was followed by "We wanted to improve how we handle information security" at 24.4% '
                "and \"We thought it useful for growing the business, finding customers and gaining partners' "
                "trust\" at 16.6%, which suggests that declaring SECURITY ACTION also encourages businesses' will "
                "to work on their own information security.",
            ),
            caption_en="Figure 1: What led businesses to declare SECURITY ACTION (survey report p. 21, figure 4-13)",
        ),
        SurveyFinding(
            number=2,
            heading="SECURITY ACTION宣言事業者の約40%が意識向上や取引先からの信頼性向上等の効果を感じている。",
            summary=(
                "回答者の40%は効果があったと回答している。最も多いのは"
                "「経営層の情報セキュリティ対策に関する意識の向上」 (23.0%)、"
                "「従業員による情報管理や情報セキュリティに関する意識の向上」(22.8%)、"
                "「取引先からの信頼性の向上」(13.2%)と続いています。",
                "効果の具体例としては、経営層や従業員の情報セキュリティに対する意識向上により社内でのセキュリティ"
                "ソフト導入のきっかけになった、SECURITY ACTIONロゴマークを名刺に記載、またSECURITY ACTION宣言を"
                "社内にお知らせしたことで、意識向上につながっているなどの効果を実感している事業者も見られました。",
                "その他、取引先からのセキュリティ調査などでの信頼向上、新規得意先の獲得に役立ったなどの"
                "対外的な効果を挙げられている例がありました。",
            ),
            answers=(
                SurveyAnswer(
                    "経営層の情報セキュリティ対策に関する意識の向上",
                    "23.0",
                    "Management became more aware of information security measures",
                ),
                SurveyAnswer(
                    "従業員による情報管理や情報セキュリティに関する意識の向上",
                    "22.8",
                    "Employees became more aware of information handling and information security",
                ),
                SurveyAnswer("取引先からの信頼性の向上", "13.2", "More trust from business partners"),
            ),
            caption="図2: SECURITY ACTION宣言による効果 (調査報告書p22 図4-14)",
            heading_en="About 40% of SECURITY ACTION declarers feel effects such as greater awareness and more "
            "trust from business partners.",
            summary_en=(
                "40% of respondents answered that the declaration had an effect. The most common were "
                '"Management became more aware of information security measures" (23.0%), followed by '
                '"Employees became more aware of information handling and information security" (22.8%) and '
                '"More trust from business partners" (13.2%).',
                "As concrete examples, some businesses felt effects such as: greater awareness among management "
                "and employees led to installing security software in the company; they printed the SECURITY "
                "ACTION logo mark on business cards; and announcing the declaration inside the company raised "
                "awareness.",
                "Others named effects outside the company, such as more trust in security questionnaires from "
                "business partners and help in winning new customers.",
            ),
            caption_en="Figure 2: Effects of declaring SECURITY ACTION (survey report p. 22, figure 4-14)",
        ),
        SurveyFinding(
            number=3,
            heading="SECURITY ACTION宣言が継続的な情報セキュリティ対策への取り組みを後押ししている。",
            summary=(
                "1年以内に実施した、あるいは1年以内に実施実施を予定している情報セキュリティ対策について"
                "質問しました。結果、いずれの対策も実施しない(18.3%)、わからない(19.8%)を除くと、"
                "回答者の60%以上の事業者が、いずれかの対策を実施しているとの回答を得ました。中でも"
                "「従業員に対する情報セキュリティ対策ルールの教育」が30.7%と最も高く、次いで"
                "「クラウドサービスやウェブサイトで利用している外部サービスの安全性、信頼性の確認」が24.1%と"
                "なっています。",
                "補助金申請がきっかけのSECURITY ACTION宣言事業者を含めても、情報セキュリティ対策を1年以内に実施、"
                "あるいは1年以内に実施を予定しているが60%を超えており、SECURITY ACTION自己宣言することが"
                "継続的な情報セキュリティ対策に対する意識向上につながっていると考えられます。",
            ),
            answers=(
                SurveyAnswer(
                    "従業員に対する情報セキュリティ対策ルールの教育",
                    "30.7",
                    "Training employees in the information security rules",
                ),
                SurveyAnswer(
                    "クラウドサービスやウェブサイトで利用している外部サービスの安全性、信頼性の確認",
                    "24.1",
                    "Checking the security and reliability of cloud services and other outside services used for "
                    "the website",
                ),
                SurveyAnswer("いずれの対策も実施しない", "18.3", "No measure carried out"),
                SurveyAnswer("わからない", "19.8", "Don't know"),
            ),
            caption="図3:1年以内に実施した、あるいは1年以内に実施を予定しているセキュリティ対策(調査報告書p27 図4-16)",
            heading_en="Declaring SECURITY ACTION encourages continuing work on information security.",
            summary_en=(
                "We asked about the information security measures carried out in the past year or planned within "
                'a year. Apart from "No measure carried out" (18.3%) and "Don\'t know" (19.8%), more than 60% of '
                'respondents answered that they carry out some measure. The most common was "Training employees '
                'in the information security rules" at 30.7%, followed by "Checking the security and reliability '
                'of cloud services and other outside services used for the website" at 24.1%.',
                "Even including declarers whose reason was a subsidy application, more than 60% carried out "
                "information security measures in the past year or plan to within a year, which suggests that "
                "self-declaring SECURITY ACTION leads to greater awareness of continuing information security "
                "work.",
            ),
            caption_en="Figure 3: Security measures carried out in the past year or planned within a year (survey "
            "report p. 27, figure 4-16)",
        ),
        SurveyFinding(
            number=4,
            heading="情報セキュリティ対策を進める上での問題点は依然として人員と知識不足。",
            summary=(
                "情報セキュリティ対策を進める上での問題点は、「情報セキュリティ対策を行うための人員が不足している」が"
                "38.6%と最も高く、次いで「情報セキュリティ対策の知識をもった従業員がいない」が33.3%、"
                "「従業員の情報セキュリティに対する意識が低い」が31.9%となっています。",
                "依然として情報セキュリティに関する人材や知識不足から、対策の実施に苦労されている事業者も多く"
                "見られます。特に一つ星宣言事業者に向けては、従業員教育に活用できるツール、情報セキュリティ対策を"
                "進める際に参考となるガイドラインなどの拡充に加え、取り組み段階に応じて閲覧をナビゲートするなどの"
                "提供方法の工夫も必要なことが再確認されました。",
            ),
            answers=(
                SurveyAnswer(
                    "情報セキュリティ対策を行うための人員が不足している",
                    "38.6",
                    "Not enough people to carry out information security measures",
                ),
                SurveyAnswer(
                    "情報セキュリティ対策の知識をもった従業員がいない",
                    "33.3",
                    "No employee with knowledge of information security measures",
                ),
                SurveyAnswer(
                    "従業員の情報セキュリティに対する意識が低い",
                    "31.9",
                    "Employees have little awareness of information security",
                ),
            ),
            caption="図4:情報セキュリティ対策を進める上での問題点(調査報告書p31 図4-20)",
            heading_en="The problems in moving information security forward are still a lack of people and of "
            "knowledge.",
            summary_en=(
                'The most common problem in moving information security forward was "Not enough people to carry '
                'out information security measures" at 38.6%, followed by "No employee with knowledge of '
                'information security measures" at 33.3% and "Employees have little awareness of information '
                'security" at 31.9%.',
                "Many businesses still struggle to carry out measures because they lack people and knowledge of "
                "information security. It was confirmed again that, especially for one-star declarers, more tools "
                "for training employees and more guidelines to refer to when working on security are needed, "
                "together with better ways of offering them, such as guiding readers according to how far they "
                "have got.",
            ),
            caption_en="Figure 4: Problems in moving information security forward (survey report p. 31, figure 4-20)",
        ),
    ),
    title_en="Survey of information security measures among SECURITY ACTION declarers",
    points_en=(
        "The second survey, after the one in fiscal 2018",
        "A web questionnaire from January to February 2024, with 5,577 answers",
    ),
    published_note_en="The survey report was published on 9 April 2024",
)

# Newest first; /survey/ shows the first.
SURVEYS: tuple[Survey, ...] = (SURVEY_2024,)


def survey_get(slug: str) -> Survey | None:
    return next((s for s in SURVEYS if s.slug == slug), None)
