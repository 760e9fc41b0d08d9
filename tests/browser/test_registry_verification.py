"""Public verification as a subsidy office would use it: search, open the verification page, batch-verify."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.registry.factories import make_declaration, make_org, new_id


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_public_verification(live_server, page, shots):
    yamada = make_declaration(
        make_org(name="株式会社山田商事", name_kana="カブシキガイシャヤマダショウジ", prefecture="27"),
        level="two_star",
    )
    gone = make_declaration(
        make_org(name="佐藤工業有限会社", name_kana="サトウコウギョウユウゲンガイシャ"), status="withdrawn"
    )

    page.goto(f"{live_server.url}/registry/")
    shots("search-empty")
    page.get_by_label("事業者名").fill("やまだ")
    page.get_by_role("button", name="検索").click()
    page.get_by_role("heading", name="検索結果").wait_for()
    assert page.get_by_role("cell", name="株式会社山田商事").count() == 1
    shots("search-results")

    page.get_by_role("link", name=yamada.declaration_id).click()
    page.get_by_role("heading", name="この宣言は有効です(宣言中)").wait_for()
    assert "二つ星" in page.locator(".verify-facts").inner_text()
    assert "認定・認証するものではありません" in page.content()
    shots("verify-active")

    # As of a date (today, in Japan: the declaration was made today, so it holds).
    today = timezone.localdate(timezone.now(), ZoneInfo("Asia/Tokyo"))
    page.get_by_label("日付を指定して確認する(その日の終わり、日本時間)").fill(today.isoformat())
    page.get_by_role("button", name="この日付で確認する").click()
    page.locator("#verify-as-of-answer").wait_for()
    assert "宣言中(二つ星)" in page.locator("#verify-as-of-answer").inner_text()
    assert "段階と状態の履歴" in page.content()
    shots("verify-as-of")

    # A mistyped ID gets a clear message, not an error page.
    page.goto(f"{live_server.url}/registry/verify/")
    page.get_by_label("宣言ID(11桁)").fill("5123")
    page.get_by_label("宣言ID(11桁)").press("Enter")
    page.get_by_text("入力された値は4桁です").wait_for()
    shots("verify-malformed")

    page.get_by_role("link", name="まとめて確認する").first.click()
    page.get_by_label("宣言IDまたは法人番号(1行に1件、100件まで)").fill(
        "\n".join([yamada.declaration_id, gone.declaration_id, "abc", new_id(4242)])
    )
    page.get_by_role("button", name="確認する", exact=True).click()
    page.get_by_role("heading", name="確認結果").wait_for()
    rows = page.locator("table.results tbody tr")
    assert rows.count() == 4
    assert "宣言中" in rows.nth(0).inner_text()
    assert "取り下げ済み" in rows.nth(1).inner_text()
    assert "形式の誤り" in rows.nth(2).inner_text()
    assert "見つかりません" in rows.nth(3).inner_text()
    shots("batch-results")

    with page.expect_download() as info:
        page.get_by_role("button", name="確認してCSVをダウンロード").click()
    content = info.value.path().read_text(encoding="utf-8-sig")
    assert yamada.declaration_id in content and "取り下げ済み" in content


@pytest.mark.browser
@pytest.mark.phone
@pytest.mark.django_db(transaction=True)
def test_expression_checker_on_a_phone(live_server, page, shots):
    page.goto(f"{live_server.url}/registry/expressions/")
    page.get_by_label("確認したい文章").fill(
        "当社はSECURITY ACTIONの二つ星の認定を受けました。ISO27001の認証も取得しています。"
    )
    page.get_by_role("button", name="チェックする").click()
    page.get_by_role("heading", name="チェック結果").wait_for()
    marks = page.locator("mark.finding")
    assert marks.count() == 1
    assert marks.first.inner_text() == "SECURITY ACTIONの二つ星の認定を受けました"
    assert "二つ星を宣言しました" in page.locator("main").inner_text()
    shots("expressions-phone")
