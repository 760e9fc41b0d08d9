"""The back office for institutions: a staff member with TOTP registers an institution, adds its contact, issues
a key for it (shown once), assigns a legacy key, deactivates a contact, revokes a key and reads the usage."""

# ruff: noqa: F811 - the fixtures imported from portal_fixtures are requested by name
from __future__ import annotations

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.urls import reverse

from secaction.core.models import AuditEvent, OutgoingMail
from secaction.institutions.models import ApiKey, ApiUsageDay, Institution, InstitutionContact, api_key_hash
from secaction.institutions.services import api_key_issue
from secaction.institutions.usage import usage_day
from tests.institutions.portal_fixtures import contact_user, institution, office  # noqa: F401

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXQ"


@pytest.fixture
def staff(client, office):
    EmailAddress.objects.create(user=office, email=office.email, verified=True, primary=True)
    TOTP.activate(office, SECRET)
    client.force_login(office)
    return client


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_staff_register_an_institution(staff, office):
    r = staff.post(
        "/backoffice/institutions/institution/add/",
        {"name": " 大阪府 補助金事務局 ", "kind": "subsidy_office", "note": "2026年度"},
    )
    assert r.status_code == 302
    row = Institution.objects.get()
    assert (row.name, row.kind, row.created_by) == ("大阪府 補助金事務局", "subsidy_office", office)
    assert AuditEvent.objects.filter(action="institution.create", object_id=str(row.pk)).exists()
    # The same name again (another case) is refused on the form, not with a 500.
    again = staff.post(
        "/backoffice/institutions/institution/add/", {"name": "大阪府 補助金事務局", "kind": "other"}
    )
    assert again.status_code == 200
    assert "同じ名前の機関がすでに登録されています。" in again.text
    assert Institution.objects.count() == 1


def test_add_a_contact_by_address_mails_them(staff, institution, django_user_model):
    person = django_user_model.objects.create_user(email="Tanto@Hojo.example.jp", language="en")
    url = reverse("admin:institutions_institution_contact_add", args=[institution.pk])
    assert staff.get(url).status_code == 200
    r = staff.post(url, {"email": "tanto@hojo.example.jp"})
    assert r.status_code == 302
    contact = InstitutionContact.objects.get(institution=institution)
    assert contact.user == person and contact.is_active
    mail = OutgoingMail.objects.get(to=person.email)
    assert mail.language == "en" and "You are now a contact" in mail.subject
    assert reverse("institutions:home") in mail.body_text
    assert AuditEvent.objects.filter(action="institution.contact_add").exists()
    page = staff.get(reverse("admin:institutions_institution_change", args=[institution.pk])).text
    assert person.email in page


def test_a_contact_needs_an_account_first(staff, institution):
    url = reverse("admin:institutions_institution_contact_add", args=[institution.pk])
    r = staff.post(url, {"email": "nobody@example.jp"})
    assert r.status_code == 200
    assert "このメールアドレスのアカウントがありません" in r.text
    assert not InstitutionContact.objects.exists()
    assert not OutgoingMail.objects.exists()


def test_issue_a_key_for_the_institution_shown_once(staff, institution, client):
    url = reverse("admin:institutions_institution_key_issue", args=[institution.pk])
    r = staff.post(url, {"contact": "hojo@example.jp", "note": "本番用"}, follow=True)
    assert r.status_code == 200
    shown = next(m for m in _messages(r) if "sa_" in m)
    key = "sa_" + shown.split("sa_", 1)[1].split()[0]
    row = ApiKey.objects.get()
    assert row.holder == institution and row.institution == institution.name
    assert row.key_hash == api_key_hash(key) and key.startswith(row.key_prefix)
    assert AuditEvent.objects.filter(action="api_key.issue", object_id=str(row.pk)).exists()
    # Never again: not on the institution's page, the key's page or the list.
    for page in (
        reverse("admin:institutions_institution_change", args=[institution.pk]),
        reverse("admin:institutions_apikey_change", args=[row.pk]),
        reverse("admin:institutions_apikey_changelist"),
    ):
        assert key not in staff.get(page).text
    assert (
        row.key_prefix
        in staff.get(reverse("admin:institutions_institution_change", args=[institution.pk])).text
    )


def test_the_key_add_form_can_name_the_holder(staff, institution):
    r = staff.post(
        "/backoffice/institutions/apikey/add/",
        {"holder": institution.pk, "institution": "東京都 補助金事務局(検証用)", "contact": "c@example.jp"},
    )
    assert r.status_code == 302
    assert ApiKey.objects.get().holder == institution


def test_assign_a_legacy_key_once(staff, office, institution):
    legacy, _key = api_key_issue(institution="旧い発行", contact="c@example.jp", actor=office)
    change = staff.get(reverse("admin:institutions_apikey_change", args=[legacy.pk])).text
    url = reverse("admin:institutions_apikey_assign", args=[legacy.pk])
    assert url in change
    assert staff.post(url, {"holder": institution.pk}).status_code == 302
    legacy.refresh_from_db()
    assert legacy.holder == institution
    assert AuditEvent.objects.filter(action="api_key.assign", object_id=str(legacy.pk)).exists()
    other = Institution.objects.create(name="別の機関")
    r = staff.post(url, {"holder": other.pk})
    assert r.status_code == 200 and "すでに別の機関のもの" in r.text
    legacy.refresh_from_db()
    assert legacy.holder == institution


def test_deactivate_a_contact(staff, institution, contact_user):
    contact = InstitutionContact.objects.get(user=contact_user)
    r = staff.post(
        reverse("admin:institutions_institutioncontact_changelist"),
        {"action": "deactivate", "_selected_action": [contact.pk]},
    )
    assert r.status_code == 302
    contact.refresh_from_db()
    assert not contact.is_active
    assert AuditEvent.objects.filter(action="institution.contact_deactivate").exists()
    assert InstitutionContact.objects.filter(pk=contact.pk).exists()  # kept on record


def test_deactivate_and_reactivate_an_institution(staff, institution):
    changelist = reverse("admin:institutions_institution_changelist")
    staff.post(changelist, {"action": "deactivate", "_selected_action": [institution.pk]})
    institution.refresh_from_db()
    assert not institution.is_active
    staff.post(changelist, {"action": "reactivate", "_selected_action": [institution.pk]})
    institution.refresh_from_db()
    assert institution.is_active
    actions = list(AuditEvent.objects.filter(object_id=str(institution.pk)).values_list("action", flat=True))
    assert "institution.deactivate" in actions and "institution.activate" in actions


def test_revoke_an_institution_key_and_it_stops_working(staff, office, institution, client):
    cache.clear()
    row, key = api_key_issue(contact="c@example.jp", holder=institution, actor=office)
    staff.post(
        reverse("admin:institutions_apikey_changelist"), {"action": "revoke", "_selected_action": [row.pk]}
    )
    row.refresh_from_db()
    assert row.revoked_at is not None
    client.logout()
    r = client.post(
        "/api/v1/declarations/verify",
        {"ids": ["50000000000"]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert r.status_code == 401


def test_usage_per_day_for_30_and_90_days(staff, office, institution):
    row, _key = api_key_issue(contact="c@example.jp", holder=institution, actor=office)
    today = usage_day()
    ApiUsageDay.objects.create(api_key=row, day=today, requests=12, rows=3400)
    ApiUsageDay.objects.create(api_key=row, day=today - dt.timedelta(days=45), requests=5, rows=77)
    url = reverse("admin:institutions_institution_usage", args=[institution.pk])
    page = staff.get(url).text
    assert "リクエスト 12回、確認した件数 3400件" in page
    assert "<svg" in page and "3400" in page
    page90 = staff.get(url + "?days=90").text
    assert "リクエスト 17回、確認した件数 3477件" in page90
    key_page = staff.get(reverse("admin:institutions_apikey_usage", args=[row.pk]) + "?days=90").text
    assert "リクエスト 17回" in key_page
    assert staff.get(reverse("admin:institutions_apiusageday_changelist")).status_code == 200
    assert staff.get("/backoffice/institutions/apiusageday/add/").status_code == 403


def test_people_who_are_not_staff_are_kept_out(client, institution, contact_user):
    client.force_login(contact_user)
    for url in (
        reverse("admin:institutions_institution_contact_add", args=[institution.pk]),
        reverse("admin:institutions_institution_key_issue", args=[institution.pk]),
        reverse("admin:institutions_institution_usage", args=[institution.pk]),
    ):
        r = client.post(url, {"contact": "x@example.jp", "email": contact_user.email})
        assert r.status_code == 302 and "/login/" in r["Location"]
    assert not ApiKey.objects.exists()
