"""The survey facts are the programme's own: every label, number and caption is checked literally.

The seed is not in the repository (CI runs on a clean clone), so the expected
values are written out here, copied from it.
"""

import datetime as dt
from decimal import Decimal

from secaction.core.surveys import SURVEY_2024, SURVEYS, survey_get


def _answers(number: int) -> list[tuple[str, str]]:
    return [(a.label, a.percent) for a in SURVEY_2024.findings[number - 1].answers]


def test_outline_is_the_seeds_table():
    assert SURVEY_2024.title == "SECURITY ACTION宣言事業者における情報セキュリティ対策の実態調査"
    assert SURVEY_2024.points == (
        "2018年度に続き、今回2回目の調査",
        "2024年1月から2月にかけてウェブによるアンケート調査を実施し、5,577件の回答を入手",
    )
    assert [(row.label, row.value) for row in SURVEY_2024.outline] == [
        (
            "調査目的",
            "情報セキュリティ対策の取り組み内容や課題等に関するアンケート調査を実施することで、現状を把握し、"
            "今後の支援施策の企画立案に生かすこと。",
        ),
        ("調査手法", "ウェブによるアンケート調査"),
        (
            "調査対象",
            "SECURITY ACTION宣言事業者 (一つ星・二つ星) ※アンケート回答依頼メールの配信件数:251,002件",
        ),
        ("調査期間", "2024年1月15日(月)~2月13日(火)"),
        ("有効回答数", "5,577件(回答率:2.2%)"),
    ]
    assert SURVEY_2024.published_note == "調査報告書を2024年4月9日に公開"
    assert SURVEY_2024.report_url == "https://www.ipa.go.jp/security/reports/sme/sa-survey2023.html"


def test_typed_numbers_agree_with_the_printed_ones():
    s = SURVEY_2024
    assert (s.requests_sent, s.valid_answers, s.response_rate) == (251_002, 5_577, "2.2")
    assert (s.period_start, s.period_end, s.published_on) == (
        dt.date(2024, 1, 15),
        dt.date(2024, 2, 13),
        dt.date(2024, 4, 9),
    )
    assert s.period_start.weekday() == 0 and s.period_end.weekday() == 1  # (月) and (火) as printed
    rate = (Decimal(s.valid_answers) / Decimal(s.requests_sent) * 100).quantize(Decimal("0.1"))
    assert str(rate) == s.response_rate
    assert f"{s.requests_sent:,}件" in s.outline[2].value
    assert f"{s.valid_answers:,}件(回答率:{s.response_rate}%)" == s.outline[4].value


def test_finding_1_reasons_for_declaring():
    f = SURVEY_2024.findings[0]
    assert f.number == 1
    assert f.heading == (
        "SECURITY ACTION宣言のきっかけは補助金申請が大半ではあるものの、情報セキュリティ対策の意欲を後押ししている。"
    )
    assert _answers(1) == [
        ("補助金を申請する際の要件となっていた", "75.1"),
        ("情報セキュリティに係る自社の対応を改善したいと考えていた", "24.4"),
        ("事業拡大や顧客開拓、取引先からの信頼を高める手段として有用と考えた", "16.6"),
    ]
    assert f.caption == "図1: SECURITY ACTION宣言を行おうとしたきっかけ (調査報告書p21 図4-13)"
    assert f.summary[0].startswith(
        "補助金を申請する際の要件となっていた」が75.1%と最も高く、大半を占めています。"
    )


def test_finding_2_effects():
    f = SURVEY_2024.findings[1]
    assert (
        f.heading
        == "SECURITY ACTION宣言事業者の約40%が意識向上や取引先からの信頼性向上等の効果を感じている。"
    )
    assert _answers(2) == [
        ("経営層の情報セキュリティ対策に関する意識の向上", "23.0"),
        ("従業員による情報管理や情報セキュリティに関する意識の向上", "22.8"),
        ("取引先からの信頼性の向上", "13.2"),
    ]
    assert f.caption == "図2: SECURITY ACTION宣言による効果 (調査報告書p22 図4-14)"
    assert f.summary[0].startswith("回答者の40%は効果があったと回答している。")
    assert len(f.summary) == 3


def test_finding_3_measures():
    f = SURVEY_2024.findings[2]
    assert f.heading == "SECURITY ACTION宣言が継続的な情報セキュリティ対策への取り組みを後押ししている。"
    assert _answers(3) == [
        ("従業員に対する情報セキュリティ対策ルールの教育", "30.7"),
        ("クラウドサービスやウェブサイトで利用している外部サービスの安全性、信頼性の確認", "24.1"),
        ("いずれの対策も実施しない", "18.3"),
        ("わからない", "19.8"),
    ]
    assert f.caption == (
        "図3:1年以内に実施した、あるいは1年以内に実施を予定しているセキュリティ対策(調査報告書p27 図4-16)"
    )
    assert "回答者の60%以上の事業者が、いずれかの対策を実施しているとの回答を得ました。" in f.summary[0]


def test_finding_4_problems():
    f = SURVEY_2024.findings[3]
    assert f.heading == "情報セキュリティ対策を進める上での問題点は依然として人員と知識不足。"
    assert _answers(4) == [
        ("情報セキュリティ対策を行うための人員が不足している", "38.6"),
        ("情報セキュリティ対策の知識をもった従業員がいない", "33.3"),
        ("従業員の情報セキュリティに対する意識が低い", "31.9"),
    ]
    assert f.caption == "図4:情報セキュリティ対策を進める上での問題点(調査報告書p31 図4-20)"


def test_every_answer_is_quoted_with_its_percentage_in_the_seeds_sentences():
    """The bars are exactly the answers the summaries name, nothing invented."""
    for f in SURVEY_2024.findings:
        text = f.summary[0]
        for a in f.answers:
            assert a.label in text and f"{a.percent}%" in text, (f.number, a.label)


def test_english_keeps_every_number_and_marks_the_figure():
    for f in SURVEY_2024.findings:
        assert f.caption_en.startswith(f"Figure {f.number}: ")
        assert len(f.summary_en) == len(f.summary)
        for a in f.answers:
            assert a.label_en and a.label_en != a.label
            assert f"{a.percent}%" in f.summary_en[0], (f.number, a.percent)
        page = "p. " + f.caption.split("調査報告書p")[1].split(" ")[0].split("図")[0]
        assert page in f.caption_en
    assert [r.label_en for r in SURVEY_2024.outline] == [
        "Purpose",
        "Method",
        "Respondents",
        "Period",
        "Valid answers",
    ]
    assert "251,002" in SURVEY_2024.outline[2].value_en and "5,577" in SURVEY_2024.outline[4].value_en


def test_values_are_exact_decimals_of_the_printed_percentages():
    values = [a.value for f in SURVEY_2024.findings for a in f.answers]
    assert values == [75.1, 24.4, 16.6, 23.0, 22.8, 13.2, 30.7, 24.1, 18.3, 19.8, 38.6, 33.3, 31.9]


def test_survey_lookup():
    assert SURVEYS[0] is SURVEY_2024
    assert survey_get("2024") is SURVEY_2024
    assert survey_get("2018") is None
