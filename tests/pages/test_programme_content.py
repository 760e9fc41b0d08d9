"""The seed's content that the pages show: dated figures, the ★★ block, the principles, the references."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from secaction.core import programme, programme_details

pytestmark = pytest.mark.django_db

TWO_STAR_BLOCK = (
    "1. 基本方針の作成と周知",
    "経営者が定めた情報セキュリティに関する基本方針を、従業員や関係者に伝えるために簡潔な文書を作成・周知する",
    "中小企業の情報セキュリティ対策ガイドライン付録「情報セキュリティ基本方針(サンプル)」を参考",
    "2. 実施状況の把握",
    "自社のセキュリティ対策の実施状況を把握するために「5分でできる!情報セキュリティ自社診断」を活用する",
    "25項目の設問に答えるだけで、自社の情報セキュリティの問題点を簡単に把握できる",
    "解説編の対策例を参考に、社内ルールを作成することができる",
    "付録の情報セキュリティハンドブックを活用すると従業員に対する社内ルールの周知が簡単にできる",
    "3. 対策の決定と周知",
    "問題があった項目は、解説編を参考に対策を決定",
    "付録「情報セキュリティハンドブック(ひな形)」を編集して社内周知する",
)
PRINCIPLE_HEADINGS = (
    "1. OSやソフトウェアは常に最新の状態に",
    "2. ウイルス対策ソフトを導入",
    "3. パスワードを強化",
    "4. 共有設定を見直す",
    "5. 脅威や攻撃の手口を知る",
)
BASIC_NOTE = "情報セキュリティ自社診断の「基本的対策」は、情報セキュリティ5か条を質問化したもの"
GUIDELINE_DESCRIPTION = (
    "中小企業の経営者や実務担当者が、情報セキュリティ対策の必要性を理解し、"
    "情報を安全に管理するための具体的な手順等を示したガイドライン"
)


def _get(client, name, *args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def _english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})


def test_home_shows_the_dated_figures(client):
    html = _get(client, "pages:home")
    assert "SECURITY ACTION 自己宣言数35万件を突破!(2024年6月)" in html
    assert "登録事業者数 464社(2024/6時点)" in html
    assert reverse("pages:programme") in html


def test_programme_page_has_the_two_star_block_exactly(client):
    html = _get(client, "pages:programme")
    for text in TWO_STAR_BLOCK:
        assert text in html, text
    assert BASIC_NOTE in html


def test_programme_page_has_every_principle_with_its_explanation_and_measures(client):
    html = _get(client, "pages:programme")
    for heading in PRINCIPLE_HEADINGS:
        assert heading in html, heading
    assert "パスワードは「長く」「複雑に」「使い回さない」ようにして強化する" in html
    assert "名前、電話番号、誕生日、簡単な英単語などはパスワードに使わない" in html
    for principle in programme.FIVE_PRINCIPLES:
        assert principle.risk in html and principle.measure in html
        for example in principle.examples:
            assert example in html


def test_programme_page_lists_the_references(client):
    html = _get(client, "pages:programme")
    assert "中小企業の情報セキュリティ対策ガイドライン" in html
    assert GUIDELINE_DESCRIPTION in html
    assert 'href="https://www.ipa.go.jp/security/guide/sme/about.html"' in html
    assert 'href="https://www.ipa.go.jp/security/security-action/"' in html
    assert "中小企業自らが情報セキュリティ対策に取組むことを自己宣言する制度" in html


def test_programme_page_in_english(client):
    _english(client)
    html = _get(client, "pages:programme")
    for step in programme_details.TWO_STAR_STEPS:
        assert step.title_en in html
        for point in step.points:
            assert escape(point.text_en) in html
            for _ja, en in point.sub:
                assert escape(en) in html
    for principle in programme.FIVE_PRINCIPLES:
        assert escape(principle.heading_en) in html and escape(principle.measure_en) in html
    assert "Over 350,000 SECURITY ACTION self-declarations! (June 2024)" in html
    assert "References" in html and "Information Security Guidelines for SMEs" in html
    assert "基本方針の作成と周知" not in html and "参考資料" not in html


def test_home_in_english_shows_the_figures_translated(client):
    _english(client)
    html = _get(client, "pages:home")
    assert "Registered supporting organisations: 464 (as of June 2024)" in html
    assert "登録事業者数" not in html and "35万件" not in html


def test_diagnosis_says_its_first_part_is_the_five_principles(client):
    html = _get(client, "diagnosis:take")
    assert BASIC_NOTE in html
    # Next to the first part's heading, before its first question.
    assert html.index("基本的対策") < html.index(BASIC_NOTE) < html.index("No.1<")
    _english(client)
    html = _get(client, "diagnosis:take")
    assert programme_details.BASIC_MEASURES_NOTE_EN in html and BASIC_NOTE not in html


def test_principle_page_uses_the_seed_heading_and_translates_it(client):
    html = _get(client, "diagnosis:principle", 1)
    assert "1. OSやソフトウェアは常に最新の状態に</h2>" in html
    _english(client)
    html = _get(client, "diagnosis:principle", 3)
    principle = programme.FIVE_PRINCIPLES[2]
    assert escape(principle.risk_en) in html and escape(principle.measure_en) in html
    assert principle.risk not in html
