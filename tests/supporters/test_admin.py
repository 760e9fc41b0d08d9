"""Back office: review queue order, approve / return (message) / suspend (reason), offers read-only."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from secaction.core.models import AuditEvent, OutgoingMail
from secaction.supporters.models import Supporter, SupporterStatus

from .conftest import add_member, apply, approved_supporter, make_org, offer

pytestmark = pytest.mark.django_db
LIST = "/backoffice/supporters/supporter/"


@pytest.fixture
def staff_client(client, staff):
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)
    return client


def test_queue_lists_pending_first(staff_client, staff):
    approved_supporter(make_org("株式会社承認済み"), staff=staff)
    org = make_org("株式会社確認待ち")
    apply(org, add_member(org, role="owner"))
    html = staff_client.get(LIST).content.decode()
    assert html.index("株式会社確認待ち") < html.index("株式会社承認済み")


def test_approve_from_the_change_page_and_bulk_action(staff_client, org, owner):
    sup = apply(org, owner)
    page = staff_client.get(f"{LIST}{sup.pk}/change/").content.decode()
    assert f"{LIST}{sup.pk}/act/approve/" in page and f"{LIST}{sup.pk}/act/return/" in page
    assert staff_client.post(f"{LIST}{sup.pk}/act/approve/").status_code == 302
    sup.refresh_from_db()
    assert sup.status == SupporterStatus.APPROVED
    other_org = make_org("株式会社二件目")
    other = apply(other_org, add_member(other_org, role="owner"))
    staff_client.post(LIST, {"action": "approve_selected", "_selected_action": [other.pk]})
    other.refresh_from_db()
    assert other.status == SupporterStatus.APPROVED
    assert AuditEvent.objects.filter(action="supporter.approve").count() == 2


def test_return_with_a_message(staff_client, org, owner):
    sup = apply(org, owner)
    assert staff_client.post(f"{LIST}{sup.pk}/act/return/", {"message": ""}).status_code == 200  # form error
    staff_client.post(f"{LIST}{sup.pk}/act/return/", {"message": "取組みの内容を具体的に。"})
    sup.refresh_from_db()
    assert (sup.status, sup.status_reason) == (SupporterStatus.RETURNED, "取組みの内容を具体的に。")
    assert "取組みの内容を具体的に。" in OutgoingMail.objects.latest("pk").body_text
    response = staff_client.post(LIST, {"action": "return_selected", "_selected_action": [sup.pk]})
    assert response["Location"].endswith(f"{sup.pk}/act/return/")


def test_suspend_with_a_reason(staff_client, supporter):
    staff_client.post(f"{LIST}{supporter.pk}/act/suspend/", {"message": "誤解を招く表示"})
    supporter.refresh_from_db()
    assert supporter.status == SupporterStatus.SUSPENDED and supporter.status_reason == "誤解を招く表示"


def test_reinstate_from_the_change_page(staff_client, supporter, staff):
    change = f"{LIST}{supporter.pk}/change/"
    assert "act/reinstate/" not in staff_client.get(change).content.decode()  # only offered when suspended
    staff_client.post(f"{LIST}{supporter.pk}/act/suspend/", {"message": "誤解を招く表示"})
    assert "act/reinstate/" in staff_client.get(change).content.decode()
    staff_client.post(f"{LIST}{supporter.pk}/act/reinstate/", {"message": "表示が直りました"})
    supporter.refresh_from_db()
    assert supporter.status == SupporterStatus.APPROVED and supporter.status_reason == "表示が直りました"


def test_wrong_state_is_a_message_not_an_error(staff_client, supporter):
    response = staff_client.post(f"{LIST}{supporter.pk}/act/approve/", follow=True)
    assert "確認待ちの申請だけを承認できます" in response.content.decode()


def test_records_cannot_be_edited_or_deleted_and_offers_are_read_only(staff_client, supporter, owner):
    o = offer(supporter, owner)
    staff_client.post(f"{LIST}{supporter.pk}/change/", {"status": "approved", "description": "changed"})
    assert Supporter.objects.get().description != "changed"
    assert staff_client.post(f"{LIST}{supporter.pk}/delete/").status_code == 403
    offers = "/backoffice/supporters/supportoffer/"
    assert o.title in staff_client.get(offers).content.decode()
    assert staff_client.get(f"{offers}add/").status_code == 403
