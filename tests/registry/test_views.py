from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from .factories import make_declaration, make_org, new_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    yamada = make_declaration(
        make_org(
            name="株式会社山田商事", name_kana="カブシキガイシャヤマダショウジ", prefecture="27", industry="I"
        ),
        level="two_star",
    )
    sato = make_declaration(make_org(name="佐藤工業有限会社", name_kana="サトウコウギョウユウゲンガイシャ"))
    gone = make_declaration(
        make_org(name="山田運輸株式会社", name_kana="ヤマダウンユカブシキガイシャ"), status="withdrawn"
    )
    return yamada, sato, gone


def test_search_page_renders_empty(client):
    r = client.get(reverse("registry:search"))
    assert r.status_code == 200
    assert "宣言事業者を探す" in r.text


@pytest.mark.parametrize("q", ["山田", "やまだ", "ヤマダ", "ﾔﾏﾀﾞ", "山田商事", "しょうじ"])
def test_search_by_name_in_kanji_or_kana(client, people, q):
    yamada, sato, gone = people
    r = client.get(reverse("registry:search"), {"name": q})
    assert "株式会社山田商事" in r.text
    assert "佐藤工業" not in r.text
    assert "山田運輸" not in r.text  # withdrawn: not listed in the search


def test_search_by_id_corporate_number_and_filters(client, people):
    yamada, sato, _ = people
    url = reverse("registry:search")
    assert "山田商事" in client.get(url, {"declaration_id": yamada.declaration_id}).text
    wide = sato.organization.corporate_number.translate(str.maketrans("0123456789", "0123456789"))
    r = client.get(url, {"corporate_number": wide})
    assert "佐藤工業" in r.text and "山田商事" not in r.text
    r = client.get(url, {"prefecture": "27"})
    assert "山田商事" in r.text and "佐藤工業" not in r.text
    r = client.get(url, {"level": "two_star"})
    assert "山田商事" in r.text and "佐藤工業" not in r.text
    r = client.get(url, {"industry": "I", "name": "佐藤"})
    assert "見つかりませんでした" in r.text


def test_search_malformed_id_has_clear_message(client, people):
    r = client.get(reverse("registry:search"), {"declaration_id": "5123"})
    assert r.status_code == 200
    assert "宣言IDは数字11桁です。入力された値は4桁です。" in r.text
    assert "検索結果" not in r.text


def test_search_bad_corporate_number(client):
    r = client.get(reverse("registry:search"), {"corporate_number": "123"})
    assert "法人番号は13桁です" in r.text


def test_search_legal_form_only_asks_for_more(client, people):
    r = client.get(reverse("registry:search"), {"name": "株式会社"})
    assert "検索条件を1つ以上入力してください" in r.text


def test_search_paginates(client):
    for i in range(25):
        make_declaration(make_org(name=f"ページ商店{i:02d}", name_kana=f"ページショウテン{i:02d}"))
    url = reverse("registry:search")
    first = client.get(url, {"name": "ページ"})
    assert "25件見つかりました" in first.text
    assert "次の20件" in first.text and "前の20件" not in first.text
    second = client.get(url, {"name": "ページ", "page": "2"})
    assert "21〜25件目" in second.text
    assert second.text.count("ページ商店") == 5
    assert client.get(url, {"name": "ページ", "page": "abc"}).status_code == 200


def test_verify_page_shows_status_and_statement(client, people):
    yamada, _, gone = people
    r = client.get(reverse("registry:verify", args=[yamada.declaration_id]))
    assert r.status_code == 200
    assert "この宣言は有効です" in r.text and "二つ星" in r.text and "大阪府" in r.text
    assert "認定・認証するものではありません" in r.text
    r = client.get(reverse("registry:verify", args=[gone.declaration_id]))
    assert "取り下げられています" in r.text and "山田運輸" in r.text


@pytest.mark.parametrize(("status", "text"), [("cancelled", "取り消されています"), ("returned", "手続き中")])
def test_verify_page_other_statuses(client, status, text):
    d = make_declaration(status=status)
    assert text in client.get(reverse("registry:verify", args=[d.declaration_id])).text


def test_verify_unknown_and_malformed(client):
    r = client.get(reverse("registry:verify", args=[new_id(123456)]))
    assert r.status_code == 404 and "見つかりませんでした" in r.text
    r = client.get(reverse("registry:verify", args=["5123456789x"]))
    assert r.status_code == 400 and "数字以外の文字" in r.text


def test_verify_form_redirects_with_normalised_id(client, people):
    yamada, _, _ = people
    spaced = f"{yamada.declaration_id[:3]}-{yamada.declaration_id[3:]}"
    r = client.get(reverse("registry:verify_form"), {"declaration_id": spaced})
    assert r.status_code == 302
    assert r["Location"] == reverse("registry:verify", args=[yamada.declaration_id])


def test_batch_table_and_csv(client, people):
    yamada, sato, gone = people
    text = f"{yamada.declaration_id}\n\n  {gone.declaration_id} \nabc\n{new_id(4242)}\n"
    r = client.post(reverse("registry:batch"), {"ids": text})
    assert r.status_code == 200
    assert "4件を確認しました" in r.text
    assert "取り下げ済み" in r.text and "形式の誤り" in r.text and "見つかりません" in r.text
    r = client.post(reverse("registry:batch"), {"ids": text, "download": "csv"})
    assert r["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][0] == "入力"
    assert [row[0] for row in rows[1:]] == [yamada.declaration_id, gone.declaration_id, "abc", new_id(4242)]
    assert rows[1][2] == yamada.declaration_id and rows[1][4] == "宣言中"
    assert rows[2][4] == "取り下げ済み"


def test_batch_over_100_is_refused(client):
    r = client.post(reverse("registry:batch"), {"ids": "\n".join(new_id(i) for i in range(101))})
    assert "100件まで" in r.text


def test_expression_page_highlights(client):
    r = client.post(reverse("registry:expressions"), {"text": "当社は<b>二つ星</b>の認定を受けました。"})
    assert r.status_code == 200
    assert '<mark class="finding">' in r.text
    assert "&lt;b&gt;" in r.text  # the text is escaped, never rendered as HTML
    assert "二つ星を宣言しました" in r.text
    r = client.post(reverse("registry:expressions"), {"text": "一つ星を宣言しました。"})
    assert "問題のある表現は見つかりませんでした" in r.text


def test_org_rename_updates_the_registry(client, people):
    yamada, _, _ = people
    org = yamada.organization
    org.name = "株式会社やまびこ商事"
    org.name_kana = "カブシキガイシャヤマビコショウジ"
    org.save()
    assert "やまびこ商事" in client.get(reverse("registry:search"), {"name": "やまびこ"}).text
    assert "山田商事" not in client.get(reverse("registry:search"), {"name": "山田"}).text
