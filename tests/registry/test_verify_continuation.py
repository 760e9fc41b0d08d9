"""The verification page: 最終確認日 of an active declaration, and 「一時停止中」 instead of a valid declaration
while staff suspend it (issue 14, "Continuation"). Never an expiry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse

from secaction.declarations import services

from .factories import make_declaration

pytestmark = pytest.mark.django_db
CONFIRMED = dt.datetime(2026, 6, 30, 20, 0, tzinfo=dt.UTC)  # 2026-07-01 in Japan


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(email="office@example.jp", is_staff=True)


def page(client, declaration) -> str:
    response = client.get(reverse("registry:verify", args=[declaration.declaration_id]))
    assert response.status_code == 200
    return response.content.decode()


def test_active_declaration_shows_its_last_confirmation_and_no_expiry(client):
    d = make_declaration(last_confirmed_at=CONFIRMED)
    html = page(client, d)
    assert "最終確認日" in html and "2026年7月1日" in html
    assert "この宣言は有効です" in html and "一時停止" not in html
    assert "有効期限" not in html


def test_suspended_declaration_says_so_instead_of_valid(client, staff):
    d = make_declaration(last_confirmed_at=CONFIRMED)
    services.declaration_suspend(staff, d, reason="社名の表示を確認中(非公開)")
    html = page(client, d)
    assert "一時停止中" in html
    assert "この宣言は有効です" not in html
    assert "社名の表示を確認中" not in html  # the reason is for the declarer, not the public
    services.declaration_unsuspend(staff, d)
    assert "この宣言は有効です" in page(client, d)


def test_suspended_page_in_english(client, staff):
    d = make_declaration(last_confirmed_at=CONFIRMED)
    services.declaration_suspend(staff, d, reason="調査中")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = page(client, d)
    assert "suspended" in text and "Last confirmed" in text


def test_ended_declaration_shows_no_confirmation_date(client):
    d = make_declaration(status="withdrawn", last_confirmed_at=CONFIRMED)
    assert "最終確認日" not in page(client, d)


def test_the_public_search_marks_a_suspended_declaration(client, staff):
    from secaction.organizations.models import Organization

    d = make_declaration(last_confirmed_at=CONFIRMED)
    name = Organization.objects.get(pk=d.organization_id).name
    listing = reverse("registry:search") + "?name=" + name

    def row() -> str:
        html = client.get(listing).content.decode()
        start = html.index(d.declaration_id)
        return html[html.rindex("<tr>", 0, start) : html.index("</tr>", start)]

    assert "一時停止中" not in row()
    services.declaration_suspend(staff, d, reason="確認中")
    assert "一時停止中" in row()
