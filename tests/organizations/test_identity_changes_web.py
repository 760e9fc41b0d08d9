"""The profile page and the back office for changes of name / 法人番号: what the owner and staff see and do."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse

from secaction.core.models import AuditEvent, OutgoingMail
from secaction.organizations.models import IdentityChangeRequest, Membership, Organization
from secaction.organizations.services import organization_register, organization_update

from .conftest import OTHER_NUMBER, VALID_NUMBER, make_user, org_data
from .test_identity_changes import declare, verify

pytestmark = pytest.mark.django_db

Status = IdentityChangeRequest.Status
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXQ"


@pytest.fixture
def declared(organization: Organization) -> Organization:
    declare(organization)
    return organization


@pytest.fixture
def office(django_user_model: Any) -> Any:
    """Programme-office staff with TOTP, as the back office requires."""
    user = django_user_model.objects.create_user(
        email="office@example.jp", password="staff-pass-1234!", is_staff=True, is_superuser=True
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    TOTP.activate(user, SECRET)
    return user


def _messages(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_owner_is_told_the_name_change_waits_and_sees_it_on_the_profile(client, owner, declared):
    client.force_login(owner)
    response = client.post("/org/edit/", org_data(name="株式会社新サンプル", address="港区1-1"))
    assert response.status_code == 302 and response["Location"] == reverse("organizations:edit")
    said = " ".join(_messages(response))
    assert "住所や連絡先などの変更は保存しました" in said
    assert "事務局が内容を確認してから公開されます" in said
    assert f"通常{settings.IDENTITY_CHANGE_REVIEW_DAYS}日ほど" in said
    assert "メールでお知らせします" in said
    page = client.get("/org/edit/").content.decode()
    assert "事務局の確認待ちの変更があります" in page
    assert "株式会社新サンプル" in page  # the requested value, in the pending box
    change = IdentityChangeRequest.objects.get()
    assert reverse("organizations:identity_change_withdraw", args=[change.pk]) in page
    declared.refresh_from_db()
    assert declared.name == "株式会社サンプル商事" and declared.address == "港区1-1"
    # The audit log holds what really changed (the form had already written its values on the instance).
    update = AuditEvent.objects.filter(action="organization.update", actor=owner).latest("id")
    assert update.before["address"] == "千代田区霞が関1-2-3" and update.after["address"] == "港区1-1"
    assert "name" not in update.after


def test_without_a_declaration_the_page_says_updated(client, owner, organization):
    client.force_login(owner)
    response = client.post("/org/edit/", org_data(name="株式会社すぐ変わる"))
    assert response.status_code == 302 and response["Location"] == reverse("mypage:index")
    assert _messages(response) == ["事業者情報を更新しました。"]
    assert "事務局の確認待ち" not in client.get("/org/edit/").content.decode()


def test_the_owner_withdraws_from_the_profile_page(client, owner, declared, django_user_model):
    organization_update(owner, declared, org_data(name="株式会社取り下げ予定"))
    change = IdentityChangeRequest.objects.get()
    url = reverse("organizations:identity_change_withdraw", args=[change.pk])
    # Another organisation's owner gets a 404 (not even a hint), a member a 403.
    stranger = make_user(django_user_model, "stranger@example.jp")
    organization_register(stranger, org_data(corporate_number=OTHER_NUMBER, contact_email="s@example.jp"))
    client.force_login(stranger)
    assert client.post(url).status_code == 404
    member = make_user(django_user_model, "member@example.jp")
    Membership.objects.create(organization=declared, user=member)
    client.force_login(member)
    assert client.post(url).status_code == 403
    client.force_login(owner)
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    assert "取り下げました" in " ".join(_messages(response))
    change.refresh_from_db()
    assert change.status == Status.WITHDRAWN
    again = client.post(url)  # a second click: a message, not a crash
    assert again.status_code == 302
    assert "既に対応済みか、取り下げ済み" in " ".join(_messages(again))


def test_a_verified_number_is_shown_read_only_and_cannot_be_posted(client, owner, organization):
    verify(organization)
    client.force_login(owner)
    page = client.get("/org/edit/").content.decode()
    assert "GビズIDで確認済み" in page
    assert "認証済み" not in page
    assert 'name="corporate_number"' in page and "disabled" in page
    response = client.post("/org/edit/", org_data(corporate_number=OTHER_NUMBER, address="港区9-9"))
    assert response.status_code == 302  # the disabled field keeps the verified number; the rest is saved
    organization.refresh_from_db()
    assert organization.corporate_number == VALID_NUMBER and organization.address == "港区9-9"


def test_the_page_and_the_message_in_english(client, owner, declared):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(owner)
    response = client.post("/org/edit/", org_data(name="Sample New Ltd"))
    said = " ".join(_messages(response))
    assert "do not take effect at once" in said
    page = client.get("/org/edit/").content.decode()
    assert "A change is waiting for the programme office" in page
    assert "Withdraw this change request" in page


def test_the_staff_queue_lists_pending_first_oldest_first_with_before_and_after(
    client, office, owner, declared, django_user_model
):
    organization_update(owner, declared, org_data(name="株式会社古い申請"))
    old = IdentityChangeRequest.objects.get()
    other_owner = make_user(django_user_model, "o2@example.jp")
    other = organization_register(
        other_owner,
        org_data(corporate_number=OTHER_NUMBER, name="株式会社二社目", contact_email="o2@example.jp"),
    )
    declare(other)
    verify(other)
    organization_update(other_owner, other, org_data(corporate_number=OTHER_NUMBER, name="株式会社二社目改"))
    decided = IdentityChangeRequest.objects.create(
        organization=declared, requested_by=owner, before={}, after={"name": "x"}, status=Status.REJECTED
    )
    client.force_login(office)
    page = client.get(reverse("admin:organizations_identitychangerequest_changelist")).content.decode()
    names = ["株式会社古い申請", "株式会社二社目改"]
    positions = [page.index(n) for n in names]
    assert positions == sorted(positions)
    assert page.index("株式会社二社目改") < page.rindex(f"/{decided.pk}/change/")
    assert "株式会社サンプル商事" in page and "→" in page
    declaration_id = declared.declarations.get().declaration_id
    assert declaration_id in page
    detail = client.get(
        reverse("admin:organizations_identitychangerequest_change", args=[old.pk])
    ).content.decode()
    assert declaration_id in detail and "株式会社古い申請" in detail
    assert reverse("admin:organizations_identitychangerequest_accept", args=[old.pk]) in detail


def test_staff_accept_through_the_back_office_publishes_the_name(client, office, owner, declared):
    organization_update(owner, declared, org_data(name="株式会社承認後"))
    change = IdentityChangeRequest.objects.get()
    declaration_id = declared.declarations.get().declaration_id
    assert "株式会社サンプル商事" in client.get(reverse("registry:verify", args=[declaration_id])).text
    client.force_login(office)
    url = reverse("admin:organizations_identitychangerequest_accept", args=[change.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "登記で確認"})
    assert response.status_code == 302
    declared.refresh_from_db()
    assert declared.name == "株式会社承認後"
    client.logout()
    public = client.get(reverse("registry:verify", args=[declaration_id])).text
    assert "株式会社承認後" in public and "株式会社サンプル商事" not in public
    assert OutgoingMail.objects.filter(template="organizations/mail/identity_change_accepted", to=owner.email)


def test_staff_reject_through_the_back_office_needs_a_reason(client, office, owner, declared):
    organization_update(owner, declared, org_data(name="株式会社却下予定"))
    change = IdentityChangeRequest.objects.get()
    client.force_login(office)
    url = reverse("admin:organizations_identitychangerequest_reject", args=[change.pk])
    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 200
    change.refresh_from_db()
    assert change.status == Status.PENDING
    assert client.post(url, {"reason": "名称が登記と違います"}).status_code == 302
    change.refresh_from_db()
    assert change.status == Status.REJECTED and change.decided_by == office
    assert AuditEvent.objects.filter(action="identity_change.reject", actor=office).exists()
    # A decided request offers no more actions; a second POST is refused with a message, not a crash.
    again = client.post(url, {"reason": "もう一度"})
    assert again.status_code == 200 and "既に対応済み" in again.content.decode()


def test_a_non_staff_user_cannot_open_the_queue_or_act(client, owner, declared):
    organization_update(owner, declared, org_data(name="株式会社勝手に"))
    change = IdentityChangeRequest.objects.get()
    client.force_login(owner)
    url = reverse("admin:organizations_identitychangerequest_accept", args=[change.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 302 and "/login/" in response["Location"]
    change.refresh_from_db()
    assert change.status == Status.PENDING


def test_the_change_history_page_lists_field_changes_newest_first(client, office, owner, declared):
    organization_update(owner, declared, org_data(address="港区1-1"))
    organization_update(owner, declared, org_data(address="港区2-2"))
    client.force_login(office)
    org_page = client.get(
        reverse("admin:organizations_organization_change", args=[declared.pk])
    ).content.decode()
    history_url = reverse("admin:organizations_organization_change_history", args=[declared.pk])
    assert history_url in org_page and "変更履歴" in org_page
    page = client.get(history_url).content.decode()
    # Newest first: the second change (港区1-1 → 港区2-2) above the first (千代田区… → 港区1-1).
    assert page.index("港区2-2") < page.index("千代田区霞が関1-2-3")
    assert "住所(市区町村以降)" in page and "owner@example.jp" in page
    assert "organization.register" in page


def test_the_queue_reads_each_rows_declaration_without_a_query_per_row(
    rf: Any, django_user_model: Any
) -> None:
    """The changelist's 宣言 column comes from one prefetch for the page, however many requests are listed."""
    from django.contrib import admin as django_admin
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from secaction.organizations.admin_changes import IdentityChangeRequestAdmin
    from secaction.organizations.models import IdentityChangeRequest
    from tests.registry.factories import make_declaration, make_org

    requester = django_user_model.objects.create_user(email="asker@example.jp")
    for n in range(5):
        organization = make_org()
        make_declaration(organization)
        IdentityChangeRequest.objects.create(
            organization=organization, requested_by=requester, before={"name": "旧"}, after={"name": f"新{n}"}
        )
    model_admin = IdentityChangeRequestAdmin(IdentityChangeRequest, django_admin.site)
    request = rf.get("/")
    with CaptureQueriesContext(connection) as queries:
        rows = list(model_admin.get_queryset(request))
        shown = [model_admin.declaration(row) for row in rows]
    assert len(rows) == 5 and all("(" in text for text in shown)
    assert len(queries.captured_queries) == 2  # the rows, then every row's declarations
