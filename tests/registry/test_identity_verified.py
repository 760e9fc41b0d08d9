"""``identity_verified`` on the public record: copied from the organisation, shown on the page and in the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from secaction.institutions.services import api_key_issue
from secaction.registry.models import RegistryEntry
from secaction.registry.selectors import declaration_public_get
from secaction.registry.services import registry_entries_create_bulk, registry_rebuild

from .factories import make_declaration, make_org

pytestmark = pytest.mark.django_db

# 16:30 UTC on 31 March is already 1 April in Japan: the public date is Japan's.
VERIFIED_AT = dt.datetime(2026, 3, 31, 16, 30, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def verified_declaration(**fields):
    return make_declaration(make_org(identity_verified_at=VERIFIED_AT, identity_source="gbizid"), **fields)


def _entry(decl) -> RegistryEntry:
    return RegistryEntry.objects.get(declaration_id=decl.pk)


def test_the_entry_copies_the_organisation_field():
    assert _entry(verified_declaration()).identity_verified_at == VERIFIED_AT
    assert _entry(make_declaration()).identity_verified_at is None


def test_verifying_an_organisation_later_updates_its_entries():
    decl = make_declaration()
    org = decl.organization
    org.identity_verified_at = VERIFIED_AT
    org.save()
    assert _entry(decl).identity_verified_at == VERIFIED_AT
    org.identity_verified_at = None  # e.g. staff undid a verification
    org.save()
    assert _entry(decl).identity_verified_at is None


def test_rebuild_keeps_the_field():
    verified, plain = verified_declaration(), make_declaration()
    RegistryEntry.objects.update(identity_verified_at=None)  # a stale read model
    assert registry_rebuild() == 2
    assert _entry(verified).identity_verified_at == VERIFIED_AT
    assert _entry(plain).identity_verified_at is None


def test_bulk_create_copies_the_field():
    decl = verified_declaration()
    RegistryEntry.objects.all().delete()
    assert registry_entries_create_bulk([(decl, decl.organization)]) == 1
    assert _entry(decl).identity_verified_at == VERIFIED_AT


def test_public_record_has_the_japan_date():
    record = declaration_public_get(verified_declaration().declaration_id)
    assert record is not None
    assert record["identity_verified"] is True
    assert record["identity_verified_at"] == dt.date(2026, 4, 1)
    plain = declaration_public_get(make_declaration().declaration_id)
    assert plain is not None and plain["identity_verified"] is False and plain["identity_verified_at"] is None


def test_page_shows_verified_with_the_date(client):
    decl = verified_declaration()
    text = client.get(reverse("registry:verify", args=[decl.declaration_id])).text
    assert "GビズIDで確認済み(2026年4月1日)" in text
    assert "未確認" not in text
    assert "認証済み" not in text


def test_page_shows_unverified_with_the_explanation(client):
    decl = make_declaration()
    text = client.get(reverse("registry:verify", args=[decl.declaration_id])).text
    assert "未確認" in text
    assert "GビズIDで確認していないという意味です" in text and "疑わしいという意味ではありません" in text
    assert "GビズIDで確認済み" not in text


def test_page_in_english():
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    verified = english.get(reverse("registry:verify", args=[verified_declaration().declaration_id])).text
    assert "Verified by gBizID (1 April 2026)" in verified
    plain = english.get(reverse("registry:verify", args=[make_declaration().declaration_id])).text
    assert "Not verified" in plain and "does not mean that the declaration is doubtful" in plain


def test_api_single(client):
    verified = client.get(f"/api/v1/declarations/{verified_declaration().declaration_id}").json()
    assert verified["identity_verified"] is True and verified["identity_verified_at"] == "2026-04-01"
    plain = client.get(f"/api/v1/declarations/{make_declaration().declaration_id}").json()
    assert plain["identity_verified"] is False and plain["identity_verified_at"] is None


def test_api_single_through_the_endpoint_gives_the_same(client, settings):
    decl = verified_declaration()
    fast = client.get(f"/api/v1/declarations/{decl.declaration_id}").content
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("DeclarationLookupFastPath")]
    cache.clear()
    assert client.get(f"/api/v1/declarations/{decl.declaration_id}").content == fast


def test_api_batch(client, django_user_model):
    office = django_user_model.objects.create_user(email="office@example.jp", is_staff=True)
    key = api_key_issue(institution="補助金事務局", contact="hojo@example.jp", actor=office)[1]
    ids = [verified_declaration().declaration_id, make_declaration().declaration_id]
    r = client.post(
        "/api/v1/declarations/verify",
        {"ids": ids},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    got = [
        (x["declaration"]["identity_verified"], x["declaration"]["identity_verified_at"])
        for x in r.json()["results"]
    ]
    assert got == [(True, "2026-04-01"), (False, None)]


def test_the_migration_fills_existing_entries_from_their_organisations():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("secaction.registry.migrations.0003_entry_identity_verified_at")
    verified, plain = verified_declaration(), make_declaration()
    RegistryEntry.objects.update(identity_verified_at=None)  # as right after AddField
    migration.copy_from_organizations(apps, None)
    assert _entry(verified).identity_verified_at == VERIFIED_AT
    assert _entry(plain).identity_verified_at is None


def test_batch_page_and_csv_show_the_identity(client):
    verified, plain = verified_declaration(), make_declaration()
    body = {"ids": f"{verified.declaration_id}\n{plain.declaration_id}\n41234567859"}
    text = client.post(reverse("registry:batch"), body).text
    assert text.count("GビズIDで確認済み") == 1 and "未確認" in text
    csv = client.post(reverse("registry:batch"), {**body, "download": "csv"})
    rows = [line.split(",") for line in csv.content.decode("utf-8-sig").splitlines()]
    column = rows[0].index("GビズIDで確認した日")
    assert [row[column] for row in rows[1:]] == ["2026-04-01", "未確認", ""]


def test_batch_page_in_english_shows_the_identity():
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = english.post(reverse("registry:batch"), {"ids": verified_declaration().declaration_id}).text
    assert "Verified by gBizID" in text
