"""The verification page: as of a date, a 法人番号 instead of an ID, ★★ since, the history and how it ended."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.i18n.japanese import japanese_left

from .factories import corporate_number, make_declaration, make_org

pytestmark = pytest.mark.django_db
JST = ZoneInfo("Asia/Tokyo")
NOW = dt.datetime(2026, 12, 7, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def life(monkeypatch):
    """★ from 2026-04-01, ★★ from 2026-06-15 23:59:59 JST, cancelled by the office 2026-09-01 00:00 JST."""

    def at(moment: dt.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment)

    at(dt.datetime(2026, 4, 1, 10, tzinfo=JST))
    declaration = make_declaration(make_org(name="株式会社履歴商事"), declared_at=timezone.now())
    at(dt.datetime(2026, 6, 15, 23, 59, 59, tzinfo=JST))
    declaration.level = "two_star"
    declaration.save()
    at(dt.datetime(2026, 9, 1, 0, 0, 0, tzinfo=JST))
    declaration.status, declaration.ended_at = "cancelled", timezone.now()
    declaration.status_reason = "虚偽の申告があったため"
    declaration.save()
    at(NOW)
    return declaration


def _page(client, declaration, **params):
    return client.get(reverse("registry:verify", args=[declaration.declaration_id]), params)


def test_current_page_shows_two_star_since_the_history_and_the_end(client, life):
    response = _page(client, life)
    assert response.status_code == 200
    text = response.text
    assert "二つ星になった日" in text and "2026年6月15日" in text
    assert "事務局による取消し" in text
    assert "段階と状態の履歴" in text and "2026年4月1日" in text and "2026年9月1日" in text
    assert "虚偽" not in text  # never the reason's text
    assert "verify-as-of-answer" not in text


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2026-03-31", "この日には、まだ宣言されていませんでした。"),
        ("2026-06-14", "宣言中(一つ星)"),
        ("2026-06-15", "宣言中(二つ星)"),
        ("2026-08-31", "宣言中(二つ星)"),
        ("2026-09-01", "取消し済み(二つ星)"),
    ],
)
def test_page_as_of_a_date(client, life, as_of, expected):
    response = _page(client, life, as_of=as_of)
    assert response.status_code == 200
    assert "verify-as-of-answer" in response.text
    assert expected in response.text
    day = dt.date.fromisoformat(as_of)
    assert f"{day.year}年{day.month}月{day.day}日の終わり(日本時間)の時点" in response.text


@pytest.mark.parametrize(
    ("as_of", "message"),
    [
        ("2026/05/31", "年(4桁)-月(2桁)-日(2桁)"),
        ("2026-02-30", "実在する日"),
        ("2026-12-08", "未来の日付"),
    ],
)
def test_bad_dates_are_a_form_error_in_japanese_not_a_500(client, life, as_of, message):
    response = _page(client, life, as_of=as_of)
    assert response.status_code == 400
    assert message in response.text
    assert 'id="id_as_of_error"' in response.text


def test_the_form_carries_the_date_to_the_page(client, life):
    response = client.get(
        reverse("registry:verify_form"), {"declaration_id": life.declaration_id, "as_of": "2026-06-15"}
    )
    assert response.status_code == 302
    assert (
        response["Location"] == reverse("registry:verify", args=[life.declaration_id]) + "?as_of=2026-06-15"
    )
    bad = client.get(
        reverse("registry:verify_form"), {"declaration_id": life.declaration_id, "as_of": "2099-01-01"}
    )
    assert bad.status_code == 200 and "未来の日付" in bad.text


def test_a_corporate_number_leads_to_the_company_declaration(client, life):
    number = life.organization.corporate_number
    spaced = f"{number[:1]} {number[1:5]}-{number[5:]}"
    response = client.get(reverse("registry:verify_form"), {"declaration_id": spaced, "as_of": "2026-06-15"})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert f"法人番号 {number} の事業者の宣言です。" in page.text
    assert "宣言中(二つ星)" in page.text


def test_an_unknown_or_malformed_corporate_number(client):
    unknown = corporate_number(876543)
    response = client.get(reverse("registry:verify_form"), {"declaration_id": unknown})
    assert response.status_code == 404
    assert f"法人番号 {unknown} の宣言は見つかりませんでした。" in response.text
    malformed = client.get(reverse("registry:verify_form"), {"declaration_id": "1234567890123"})
    assert malformed.status_code == 200
    assert "チェック用数字が一致しません" in malformed.text


def test_page_in_english(client, life):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = _page(client, life, as_of="2026-03-31")
    text = response.text
    assert "Not declared yet on that day." in text
    assert "Two stars since" in text and "Cancelled by the programme office" in text
    assert "History of level and status" in text
    assert japanese_left(text, allowed=(life.organization.name, "東京都")) == []
    future = _page(client, life, as_of="2026-12-08")
    assert future.status_code == 400 and "A future date (2026-12-08) cannot be answered" in future.text
    form = client.get(reverse("registry:verify_form"), {"declaration_id": corporate_number(876543)})
    assert "No declaration was found for the corporate number" in form.text
    assert japanese_left(form.text) == []


def _csv_rows(response) -> list[list[str]]:
    import csv
    import io

    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_batch_page_takes_corporate_numbers_and_a_date(client, life):
    other = make_declaration(level="one_star")
    lines = f"{life.declaration_id}\n{other.organization.corporate_number}\n{corporate_number(876543)}\n12345"
    body = {"ids": lines, "as_of": "2026-06-15"}
    response = client.post(reverse("registry:batch"), body)
    assert response.status_code == 200
    assert "4件を確認しました" in response.text
    assert "2026-06-15の終わりの時点" in response.text
    assert "宣言中(二つ星)" in response.text  # life, as of 6/15
    assert response.text.count("見つかりません") == 1 and "形式の誤り" in response.text
    rows = _csv_rows(client.post(reverse("registry:batch"), {**body, "download": "csv"}))
    header = rows[0]
    col = {
        name: header.index(name)
        for name in (
            "照合方法",
            "基準日",
            "基準日の段階",
            "基準日の状態",
            "二つ星になった日",
            "終了の種類",
            "取り下げ・取消し日",
        )
    }
    first, second = rows[1], rows[2]
    assert [first[col[c]] for c in col] == [
        "宣言ID",
        "2026-06-15",
        "二つ星",
        "宣言中",
        "2026-06-15",
        "事務局による取消し",
        "2026-09-01",
    ]
    assert second[2] == other.declaration_id and second[col["照合方法"]] == "法人番号"
    # other was declared today (NOW), after 2026-06-15.
    assert (second[col["基準日の段階"]], second[col["基準日の状態"]]) == ("", "まだ宣言されていません")
    assert len({len(row) for row in rows}) == 1  # every row has every column


def test_batch_page_refuses_a_future_date_next_to_the_field(client, life):
    response = client.post(reverse("registry:batch"), {"ids": life.declaration_id, "as_of": "2026-12-08"})
    assert response.status_code == 200
    assert 'id="id_as_of_error"' in response.text and "未来の日付" in response.text
    assert "件を確認しました" not in response.text


def test_batch_page_in_english_with_a_date(client, life):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("registry:batch"), {"ids": life.declaration_id, "as_of": "2026-03-31"})
    assert "Not declared yet" in response.text
    assert japanese_left(response.text, allowed=(life.organization.name,)) == []
