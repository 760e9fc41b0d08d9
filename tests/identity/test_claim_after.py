"""After a take-over the organisation and its declaration behave like any other: My Page, ★★, withdraw.

Also way (a): a GビズID sign-in (through the real test provider) whose 法人番号 matches takes over at once.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from secaction.core.models import AuditEvent
from secaction.declarations.models import Declaration
from secaction.identity import services
from secaction.identity.models import ClaimRequest
from secaction.organizations.models import Membership
from tests.identity.claim_data import IMPORTED_ID, imported_declaration
from tests.organizations.conftest import make_user

pytestmark = pytest.mark.django_db

TWO_STAR_POST = {
    "publication_method": "website",
    "publication_url": "https://minato.example.jp/security-policy",
    "diagnosis_stated": "on",
    "policy_stated": "on",
    "privacy_ack": "on",
}


@pytest.fixture
def new_owner(django_user_model: Any) -> Any:
    """The person who took over the imported declaration (through a staff decision: the quickest path)."""
    user = make_user(django_user_model, "new-owner@minato.example.jp")
    staff = make_user(django_user_model, "office@example.jp")
    staff.is_staff = True
    staff.save()
    imported_declaration()
    request = services.claim_request_submit(
        user, IMPORTED_ID, message="総務部の港です。前任者が退職しました。", contact_name="港 花子"
    )
    services.claim_request_accept(staff, request, reason="代表電話で確認しました。")
    assert ClaimRequest.objects.get().status == "accepted"
    return user


def test_my_page_shows_the_declaration_and_asks_to_complete_the_profile(client: Any, new_owner: Any) -> None:
    client.force_login(new_owner)
    r = client.get(reverse("mypage:index"))
    assert r.status_code == 200
    page = r.content.decode()
    assert "株式会社みなと製作所" in page and IMPORTED_ID in page
    assert "事業者情報に未入力の項目があります" in page
    for missing in ("代表者氏名", "従業員数", "資本金", "担当者電話番号", "郵便番号"):
        assert missing in page, missing
    assert reverse("organizations:edit") in page
    assert client.get(reverse("organizations:edit")).status_code == 200


def test_profile_gaps_disappear_once_completed(client: Any, new_owner: Any) -> None:
    from secaction.organizations.services import organization_update
    from tests.organizations.conftest import org_data

    organization = Membership.objects.get(user=new_owner).organization
    organization_update(
        new_owner,
        organization,
        org_data(
            name="株式会社みなと製作所",
            corporate_number="6010001000001",
            contact_email="soumu@minato.example.jp",
        ),
    )
    client.force_login(new_owner)
    assert "事業者情報に未入力の項目があります" not in client.get(reverse("mypage:index")).content.decode()


def test_new_owner_upgrades_to_two_stars_through_the_pages(client: Any, new_owner: Any) -> None:
    client.force_login(new_owner)
    r = client.get(reverse("declarations:upgrade"))
    assert r.status_code == 302
    r = client.post(reverse("declarations:two_star"), TWO_STAR_POST)
    assert r.status_code == 302, r.content.decode()[:3000]
    if r["Location"] == reverse("declarations:terms"):  # the imported record never agreed to the logo terms
        assert client.get(r["Location"]).status_code == 200
        r = client.post(reverse("declarations:terms"), {"agree": "on"})
        assert r.status_code == 302
    assert r["Location"] == reverse("declarations:confirm")
    assert client.get(reverse("declarations:confirm")).status_code == 200
    assert client.post(reverse("declarations:confirm"), {"public_ok": "1"}).status_code == 302
    declaration = Declaration.objects.get(declaration_id=IMPORTED_ID)
    assert declaration.level == "two_star" and declaration.status == "active"
    assert declaration.terms_version is not None  # agreed on the way
    assert IMPORTED_ID in client.get(reverse("mypage:index")).content.decode()


def test_new_owner_withdraws_through_the_pages(client: Any, new_owner: Any) -> None:
    client.force_login(new_owner)
    assert client.get(reverse("declarations:withdraw")).status_code == 200
    r = client.post(reverse("declarations:withdraw"), {"reason": "廃業のため"})
    assert r.status_code == 302
    declaration = Declaration.objects.get(declaration_id=IMPORTED_ID)
    assert declaration.status == "withdrawn" and declaration.imported
    assert client.get(reverse("mypage:index")).status_code == 200


def test_gbizid_sign_in_takes_over_the_matching_imported_declaration(client: Any, gbizid: Any) -> None:
    # the test provider's プライム account carries 法人番号 7000012050002
    imported_declaration("40000000033", corporate_number="7000012050002", name="株式会社テスト商事")
    start = client.post(reverse("openid_connect_login", kwargs={"provider_id": "gbizid"}))
    landing = client.get(gbizid.login(start["Location"], "prime"), follow=True)
    assert landing.status_code == 200
    from allauth.socialaccount.models import SocialAccount

    user = SocialAccount.objects.get(provider="gbizid").user
    membership = Membership.objects.get(user=user, is_active=True)
    assert membership.role == "owner"
    assert membership.organization.declarations.get().declaration_id == "40000000033"
    assert membership.organization.is_identity_verified
    assert AuditEvent.objects.filter(action="claim.gbizid", after__corporate_number="7000012050002").exists()
    assert AuditEvent.objects.filter(action="organization.claim", after__method="gbizid").exists()
