"""At phone width (375 x 812) the header stays compact and the registry results read as cards.

Before: the header (brand, eight links, the language switch) took about a quarter of the
screen, and the six-column results table wrapped company names one character per line.
"""

from __future__ import annotations

import pytest

from tests.registry.factories import make_declaration, make_org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def phone_page(_playwright_browser):
    context = _playwright_browser.new_context(viewport=PHONE, locale="ja-JP", device_scale_factor=1)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def _no_horizontal_scroll(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"


def _header_height(page) -> float:
    return page.locator(".site-header").bounding_box()["height"]


def test_header_is_compact_and_its_menu_opens(live_server, phone_page):
    from tests.conftest import Shots

    page, shots = phone_page, Shots(phone_page, "phone-header")
    page.goto(f"{live_server.url}/")
    shots("home")
    assert _header_height(page) < 0.15 * PHONE["height"]
    _no_horizontal_scroll(page)
    menu_link = page.get_by_role("link", name="宣言事業者を探す").first
    assert not menu_link.is_visible()  # folded away until the menu is opened

    page.get_by_text("メニュー").click()
    assert menu_link.is_visible()
    shots("menu-open")
    _no_horizontal_scroll(page)
    menu_link.click()
    page.wait_for_url("**/registry/")


def test_header_is_one_row_in_english_too(live_server, phone_page):
    from django.conf import settings

    page = phone_page
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/faq/")
    brand = page.locator(".site-header .brand").bounding_box()
    toggle = page.get_by_text("Menu", exact=True).bounding_box()
    assert abs((brand["y"] + brand["height"] / 2) - (toggle["y"] + toggle["height"] / 2)) < 8  # side by side
    assert _header_height(page) < 0.1 * PHONE["height"]
    _no_horizontal_scroll(page)


def test_header_menu_works_without_javascript(live_server, _playwright_browser):
    context = _playwright_browser.new_context(viewport=PHONE, locale="ja-JP", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/")
        page.get_by_text("メニュー").click()
        page.get_by_role("link", name="よくある質問").first.click()
        page.wait_for_url("**/faq/")
    finally:
        context.close()


def test_registry_results_are_readable_cards(live_server, phone_page):
    from tests.conftest import Shots

    page, shots = phone_page, Shots(phone_page, "phone-registry")
    for n, (name, kana) in enumerate(
        [
            ("株式会社やまだ情報システムサービス", "カブシキガイシャヤマダジョウホウシステムサービス"),
            ("山田電機工業有限会社", "ヤマダデンキコウギョウユウゲンガイシャ"),
            ("合同会社山田", "ゴウドウガイシャヤマダ"),
        ]
    ):
        make_declaration(
            make_org(name=name, name_kana=kana, prefecture="27"), level=("two_star", "one_star")[n % 2]
        )

    page.goto(f"{live_server.url}/registry/?name=%E5%B1%B1%E7%94%B0")
    page.get_by_role("heading", name="検索結果").wait_for()
    shots("results")
    _no_horizontal_scroll(page)
    cell = page.get_by_role("cell", name="山田電機工業有限会社")
    char = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert cell.bounding_box()["width"] > 8 * char
    # The name fits on one or two lines, not one character per line.
    name_height = page.locator("td.entry-name").nth(1).locator("span").first.bounding_box()["height"]
    assert name_height < 3 * 1.75 * char
    # Each value is shown after its column heading, as the table's header row is not.
    labels = (
        page.locator("table.results tbody tr")
        .nth(1)
        .locator("td[data-label]")
        .evaluate_all("cells => cells.map(c => getComputedStyle(c, '::before').content)")
    )
    assert labels == ['"段階"', '"都道府県"', '"業種"', '"宣言ID"', '"宣言日"']
    assert page.locator("table.results thead").bounding_box()["height"] <= 1


def test_desktop_keeps_the_menu_in_one_row_and_the_results_table(live_server, page, shots):
    make_declaration(
        make_org(name="山田電機工業有限会社", name_kana="ヤマダデンキコウギョウユウゲンガイシャ")
    )
    page.goto(f"{live_server.url}/registry/?name=%E5%B1%B1%E7%94%B0")
    page.get_by_role("heading", name="検索結果").wait_for()
    shots("desktop-results")
    assert page.get_by_role("link", name="よくある質問").first.is_visible()  # no need to open a menu
    assert not page.get_by_text("メニュー", exact=True).is_visible()
    assert page.get_by_label("言語").is_visible()
    assert _header_height(page) < 110  # one or two rows, not the stacked phone menu
    assert page.locator("table.results thead").is_visible()
    label = page.locator("table.results td[data-label]").first.evaluate(
        "c => getComputedStyle(c, '::before').content"
    )
    assert label in ("none", "normal")
