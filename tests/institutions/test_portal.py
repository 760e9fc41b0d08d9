"""The contacts' portal at /institutions/: a contact sees their institution's keys (never the key), usage,
uploads and webhook deliveries; anyone else signed in gets a clear 403, never another institution's data."""

# ruff: noqa: F811 - the fixtures imported from portal_fixtures are requested by name
from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from secaction.institutions.models import (
    ApiUsageDay,
    BulkUpload,
    Institution,
    InstitutionContact,
    Webhook,
    WebhookDelivery,
)
from secaction.institutions.services import (
    api_key_issue,
    api_key_revoke,
    institution_active_set,
    institution_contact_add,
    institution_contact_deactivate,
    institution_create,
)
from secaction.institutions.usage import usage_day
from tests.i18n.japanese import japanese_left
from tests.institutions.portal_fixtures import contact_user, institution, office  # noqa: F401

pytestmark = pytest.mark.django_db

HOME = "/institutions/"


@pytest.fixture
def keyed(office, institution):
    """Two keys of the institution (one revoked), a day of use, an upload and a webhook delivery."""
    live, live_key = api_key_issue(contact="c@example.jp", holder=institution, actor=office)
    old, _old_key = api_key_issue(contact="c@example.jp", holder=institution, actor=office)
    api_key_revoke(api_key=old, actor=office)
    ApiUsageDay.objects.create(api_key=live, day=usage_day(), requests=42, rows=4200)
    BulkUpload.objects.create(
        institution=institution, api_key=live, filename="shinsei_0601.csv", source=b"id\n", rows_total=3
    )
    hook = Webhook.objects.create(api_key=live, url="https://hojo.example.jp/hook", secret="s" * 32)
    WebhookDelivery.objects.create(webhook=hook, event_id=987, payload={}, status="delivered", attempts=1)
    WebhookDelivery.objects.create(webhook=hook, event_id=988, payload={}, status="failed", attempts=9)
    return live, live_key, old


def test_the_url_is_named():
    assert reverse("institutions:home") == HOME


def test_a_contact_sees_their_institution(client, contact_user, institution, keyed):
    live, live_key, old = keyed
    client.force_login(contact_user)
    r = client.get(HOME)
    assert r.status_code == 200
    html = r.text
    assert "東京都 補助金事務局 の担当者としてログインしています。" in html
    assert live.key_prefix in html and old.key_prefix in html
    assert live_key not in html and live.key_hash not in html  # never the key
    assert "失効(" in html
    assert "リクエスト 42回、確認した件数 4200件" in html
    assert "<svg" in html
    assert "shinsei_0601.csv" in html
    assert "https://hojo.example.jp/hook" in html and "987" in html
    assert "送信済み 1件、送信待ち 0件、失敗 1件" in html
    assert "事務局への連絡" in html


def test_the_office_contact_comes_from_settings(client, contact_user):
    client.force_login(contact_user)
    with override_settings(INSTITUTIONS_OFFICE_CONTACT="api-desk@example.jp"):
        assert 'href="mailto:api-desk@example.jp"' in client.get(HOME).text


def test_an_empty_institution_says_so(client, contact_user):
    client.force_login(contact_user)
    html = client.get(HOME + "?days=90").text
    assert "まだAPIキーが発行されていません" in html
    assert "この期間にAPIの利用はありません。" in html
    assert "まだファイルはありません。" in html
    assert "過去90日間" in html


@pytest.mark.parametrize("days", ["7", "abc", "99999999999999999999"])
def test_a_bad_period_falls_back_to_30_days(client, contact_user, days):
    client.force_login(contact_user)
    r = client.get(HOME, {"days": days})
    assert r.status_code == 200 and "過去30日間" in r.text


def test_signed_out_visitors_are_sent_to_log_in(client):
    r = client.get(HOME)
    assert r.status_code == 302 and reverse("account_login") in r["Location"]


def test_someone_who_is_not_a_contact_gets_a_clear_403(client, django_user_model, institution):
    client.force_login(django_user_model.objects.create_user(email="someone@example.jp"))
    r = client.get(HOME)
    assert r.status_code == 403
    assert "どの機関の担当者としても登録されていません" in r.text


def test_another_institutions_contact_sees_only_their_own(
    client, office, institution, keyed, django_user_model
):
    live, _key, _old = keyed
    other = institution_create(actor=office, name="取引先 株式会社北", kind=Institution.Kind.BUSINESS_PARTNER)
    other_key, _ = api_key_issue(contact="k@example.jp", holder=other, actor=office)
    person = django_user_model.objects.create_user(email="kita@example.jp")
    institution_contact_add(actor=office, institution=other, email=person.email)
    client.force_login(person)
    html = client.get(HOME).text
    assert "取引先 株式会社北" in html and other_key.key_prefix in html
    assert institution.name not in html
    assert live.key_prefix not in html
    assert "shinsei_0601.csv" not in html and "hojo.example.jp" not in html and "4200" not in html


def test_a_deactivated_contact_or_institution_loses_the_page(client, office, institution, contact_user):
    client.force_login(contact_user)
    assert client.get(HOME).status_code == 200
    institution_active_set(actor=office, institution=institution, is_active=False)
    assert client.get(HOME).status_code == 403
    institution_active_set(actor=office, institution=institution, is_active=True)
    assert client.get(HOME).status_code == 200
    institution_contact_deactivate(actor=office, contact=InstitutionContact.objects.get(user=contact_user))
    assert client.get(HOME).status_code == 403


def test_my_page_links_to_the_portal_only_for_contacts(client, office, contact_user, django_user_model):
    client.force_login(contact_user)
    assert reverse("institutions:home") in client.get(reverse("mypage:index")).text
    client.force_login(django_user_model.objects.create_user(email="plain@example.jp"))
    assert reverse("institutions:home") not in client.get(reverse("mypage:index")).text
    # A deactivated contact is no longer shown the way in.
    institution_contact_deactivate(actor=office, contact=InstitutionContact.objects.get(user=contact_user))
    client.force_login(contact_user)
    assert reverse("institutions:home") not in client.get(reverse("mypage:index")).text


def test_the_portal_in_english_has_no_japanese_but_the_data(client, contact_user, keyed):
    client.force_login(contact_user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(HOME).text
    assert '<html lang="en">' in html
    assert "Requests" in html
    assert japanese_left(html, ("東京都", "補助金事務局")) == []
    assert "Last 7 days: 1 delivered, 0 pending, 1 failed" in html
    mypage = client.get(reverse("mypage:index")).text
    assert "Go to the institution portal" in mypage
    assert japanese_left(mypage, ("東京都", "補助金事務局")) == []


def test_the_403_page_in_english(client, django_user_model):
    client.force_login(django_user_model.objects.create_user(email="en@example.jp", language="en"))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    r = client.get(HOME)
    assert r.status_code == 403
    assert "not registered as a contact of any institution" in r.text
    assert japanese_left(r.text) == []


def test_the_page_reads_a_fixed_number_of_queries(
    client, office, contact_user, institution, keyed, django_assert_max_num_queries
):
    """More keys, uploads and deliveries do not mean more queries (no query per row)."""
    live, _key, _old = keyed
    for n in range(5):
        api_key_issue(contact=f"c{n}@example.jp", holder=institution, actor=office)
        BulkUpload.objects.create(institution=institution, filename=f"f{n}.csv", source=b"")
    hook = Webhook.objects.get()
    for n in range(5):
        WebhookDelivery.objects.create(webhook=hook, event_id=1000 + n, payload={})
    client.force_login(contact_user)
    with django_assert_max_num_queries(10):
        assert client.get(HOME).status_code == 200
