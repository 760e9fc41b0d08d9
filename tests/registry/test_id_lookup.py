"""What a lookup answers for a 4-ID that is not found: mistyped (Damm fails) or plainly unknown.

A legacy 4-ID that fails the Damm check but exists is found, because the lookup comes first.
Checked on the verification page, the registry search by ID, the batch page and its CSV,
the API single and batch, in Japanese and in English.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from secaction.declarations.ids import damm_check_digit, damm_valid
from secaction.institutions.services import api_key_issue
from secaction.registry.selectors import declaration_lookup_miss_reason, declarations_verify

from .factories import make_declaration, new_id

pytestmark = pytest.mark.django_db

LEGACY_FAILING_DAMM = "40000000017"  # 4000000001 → Damm digit 8: a legacy ID with another rule
UNKNOWN_MISTYPED = "41234567859"  # 41234567895 with its last two digits swapped
UNKNOWN_PLAIN = "4000000001" + str(damm_check_digit("4000000001"))  # well-formed, nobody's

HINT_JA = "チェック用の数字"
HINT_EN = "check digit"
PLAIN_JA = "見つかりませんでした"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def english():
    other = Client()  # a client of its own, so that tests can also use the Japanese ``client``
    other.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return other


@pytest.fixture
def key(django_user_model):
    office = django_user_model.objects.create_user(email="office@example.jp", is_staff=True)
    return api_key_issue(institution="補助金事務局", contact="hojo@example.jp", actor=office)[1]


def test_the_sample_ids_are_what_they_claim():
    assert not damm_valid(LEGACY_FAILING_DAMM) and not damm_valid(UNKNOWN_MISTYPED)
    assert damm_valid(UNKNOWN_PLAIN) and damm_valid("41234567895")


def test_miss_reason_is_pure_and_only_for_4_ids():
    assert declaration_lookup_miss_reason(UNKNOWN_MISTYPED) == "check_digit_mismatch"
    assert declaration_lookup_miss_reason(UNKNOWN_PLAIN) is None
    early = "5000000000" + str(damm_check_digit("5000000000"))
    assert declaration_lookup_miss_reason(early) is None


# --- the verification page ---


def test_page_finds_a_legacy_id_that_fails_damm(client):
    make_declaration(declaration_id=LEGACY_FAILING_DAMM)
    r = client.get(reverse("registry:verify", args=[LEGACY_FAILING_DAMM]))
    assert r.status_code == 200 and "この宣言は有効です" in r.text and HINT_JA not in r.text


def test_page_hints_at_a_mistyped_id(client):
    r = client.get(reverse("registry:verify", args=[UNKNOWN_MISTYPED]))
    assert r.status_code == 404
    assert HINT_JA in r.text and "写し間違い" in r.text
    assert "まだIDが発行されていない" not in r.text  # not the plain answer


def test_page_says_plainly_not_found_for_an_unknown_valid_id(client):
    r = client.get(reverse("registry:verify", args=[UNKNOWN_PLAIN]))
    assert r.status_code == 404
    assert PLAIN_JA in r.text and HINT_JA not in r.text


def test_page_hints_in_english(english):
    r = english.get(reverse("registry:verify", args=[UNKNOWN_MISTYPED]))
    assert r.status_code == 404 and HINT_EN in r.text and "copied wrongly" in r.text
    plain = english.get(reverse("registry:verify", args=[UNKNOWN_PLAIN]))
    assert plain.status_code == 404 and HINT_EN not in plain.text


def test_verify_form_takes_a_mistyped_4_id_to_the_answer_not_to_a_format_error(client):
    r = client.get(reverse("registry:verify_form"), {"declaration_id": UNKNOWN_MISTYPED})
    assert r.status_code == 302 and r["Location"] == reverse("registry:verify", args=[UNKNOWN_MISTYPED])


# --- the registry search by ID ---


def test_search_by_id_hints_at_a_mistyped_id(client, english):
    r = client.get(reverse("registry:search"), {"declaration_id": UNKNOWN_MISTYPED})
    assert r.status_code == 200 and HINT_JA in r.text
    plain = client.get(reverse("registry:search"), {"declaration_id": UNKNOWN_PLAIN})
    assert plain.status_code == 200 and HINT_JA not in plain.text and "条件に合う" in plain.text
    en = english.get(reverse("registry:search"), {"declaration_id": UNKNOWN_MISTYPED})
    assert HINT_EN in en.text


def test_search_by_a_legacy_id_failing_damm_finds_it(client):
    d = make_declaration(declaration_id=LEGACY_FAILING_DAMM)
    r = client.get(reverse("registry:search"), {"declaration_id": LEGACY_FAILING_DAMM})
    assert d.organization.name in r.text and HINT_JA not in r.text


def test_search_by_an_inactive_mistyped_looking_id_gives_no_hint(client):
    # The row exists (withdrawn): it was not mistyped, it is just not in the active list.
    make_declaration(declaration_id=LEGACY_FAILING_DAMM, status="withdrawn")
    r = client.get(reverse("registry:search"), {"declaration_id": LEGACY_FAILING_DAMM})
    assert HINT_JA not in r.text


# --- batch verification: selector, page, CSV ---


def test_batch_selector_tells_the_three_apart():
    make_declaration(declaration_id=LEGACY_FAILING_DAMM)
    results = declarations_verify([LEGACY_FAILING_DAMM, UNKNOWN_MISTYPED, UNKNOWN_PLAIN, "123"])
    assert [(r.result, r.reason) for r in results] == [
        ("found", None),
        ("not_found", "check_digit_mismatch"),
        ("not_found", None),
        ("invalid", None),
    ]
    assert HINT_JA in (results[1].message or "") and results[2].message is None


def test_batch_page_and_csv(client):
    body = {"ids": f"{UNKNOWN_MISTYPED}\n{UNKNOWN_PLAIN}"}
    r = client.post(reverse("registry:batch"), body)
    assert r.status_code == 200 and r.text.count(HINT_JA) == 1
    csv = client.post(reverse("registry:batch"), {**body, "download": "csv"})
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert HINT_JA in lines[1] and HINT_JA not in lines[2]


def test_batch_page_in_english(english):
    r = english.post(reverse("registry:batch"), {"ids": UNKNOWN_MISTYPED})
    assert HINT_EN in r.text


# --- the API ---


def test_api_single_finds_a_legacy_id_that_fails_damm(client):
    make_declaration(declaration_id=LEGACY_FAILING_DAMM)
    r = client.get(f"/api/v1/declarations/{LEGACY_FAILING_DAMM}")
    assert r.status_code == 200 and r.json()["declaration_id"] == LEGACY_FAILING_DAMM


def test_api_single_not_found_reasons(client, english):
    mistyped = client.get(f"/api/v1/declarations/{UNKNOWN_MISTYPED}")
    assert mistyped.status_code == 404
    assert mistyped.json()["code"] == "not_found"  # unchanged for existing clients
    assert mistyped.json()["reason"] == "check_digit_mismatch" and HINT_JA in mistyped.json()["detail"]
    plain = client.get(f"/api/v1/declarations/{UNKNOWN_PLAIN}")
    assert plain.status_code == 404
    assert plain.json() == {
        "detail": "この宣言IDの宣言は見つかりません。番号をご確認ください。",
        "code": "not_found",
        "reason": None,
    }
    cache.clear()
    en = english.get(f"/api/v1/declarations/{UNKNOWN_MISTYPED}")
    assert en.json()["reason"] == "check_digit_mismatch" and HINT_EN in en.json()["detail"]


def test_api_batch_reasons(client, key):
    make_declaration(declaration_id=LEGACY_FAILING_DAMM)
    ids = [LEGACY_FAILING_DAMM, UNKNOWN_MISTYPED, UNKNOWN_PLAIN, "123"]
    r = client.post(
        "/api/v1/declarations/verify",
        {"ids": ids},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert r.status_code == 200
    got = [(x["result"], x["reason"], x["error"] is None) for x in r.json()["results"]]
    assert got == [
        ("found", None, True),
        ("not_found", "check_digit_mismatch", True),
        ("not_found", None, True),
        ("invalid", None, False),
    ]


def test_new_ids_from_the_factory_are_4_ids():
    assert new_id(7)[0] == "4" and damm_valid(new_id(7))
