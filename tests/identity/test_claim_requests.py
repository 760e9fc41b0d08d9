"""Staff-reviewed claims: the requester writes to the office, staff accept or reject in the back office."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.urls import reverse

from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.models import AuditEvent
from secaction.identity import services
from secaction.identity.models import ClaimRequest
from secaction.organizations.models import Membership
from tests.identity.claim_data import IMPORTED_ID, ON_RECORD, imported_declaration
from tests.organizations.conftest import make_user

pytestmark = pytest.mark.django_db

MESSAGE = "株式会社みなと製作所 総務部の港です。宣言した担当者が退職し、登録のアドレスが使えません。"
LIST = reverse("admin:identity_claimrequest_changelist")


@pytest.fixture
def requester(django_user_model: Any) -> Any:
    return make_user(django_user_model, "minato-new@minato.example.jp")


@pytest.fixture
def staff(django_user_model: Any) -> Any:
    user = make_user(django_user_model, "office@example.jp")
    user.is_staff = user.is_superuser = True  # staff is one role (backoffice/admin.py)
    user.save()
    return user


@pytest.fixture
def staff_client(client: Any, staff: Any) -> Any:
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)
    return client


def _submit(user: Any) -> ClaimRequest:
    return services.claim_request_submit(
        user, IMPORTED_ID, message=MESSAGE, contact_name="港 花子", contact_phone="03-1234-5678"
    )


def test_request_through_the_page(client: Any, requester: Any) -> None:
    imported_declaration()
    client.force_login(requester)
    url = reverse("identity:claim_request")
    r = client.post(url, {"declaration_id": IMPORTED_ID, "message": "短い", "contact_name": "港 花子"})
    assert r.status_code == 200 and "10文字以上" in r.content.decode()
    r = client.post(
        url,
        {
            "declaration_id": IMPORTED_ID,
            "message": MESSAGE,
            "contact_name": "港 花子",
            "contact_phone": "03-1234-5678",
        },
    )
    assert r.status_code == 302
    request = ClaimRequest.objects.get()
    assert (request.requested_by, request.status, request.contact_phone) == (
        requester,
        "pending",
        "03-1234-5678",
    )
    page = client.get(reverse("identity:claim_start")).content.decode()
    assert "確認待ち" in page  # the person sees their request and its state
    r = client.post(url, {"declaration_id": IMPORTED_ID, "message": MESSAGE, "contact_name": "港 花子"})
    assert r.status_code == 200 and "既に申請済み" in r.content.decode()
    assert ClaimRequest.objects.count() == 1
    assert AuditEvent.objects.filter(action="claim.request_submitted").count() == 1


def test_request_for_a_claimed_declaration_is_refused(
    requester: Any, django_user_model: Any, staff: Any
) -> None:
    imported_declaration()
    first = make_user(django_user_model, "first@minato.example.jp")
    services.claim_request_accept(staff, _submit(first), reason="代表電話で確認")
    with pytest.raises(ServiceError) as err:
        _submit(requester)
    assert "既に引き継がれています" in str(err.value)


def test_staff_see_the_queue_and_the_record_and_accept(
    staff_client: Any, requester: Any, django_capture_on_commit_callbacks: Any
) -> None:
    declaration = imported_declaration()
    request = _submit(requester)
    listing = staff_client.get(LIST).content.decode()
    assert "株式会社みなと製作所" in listing and requester.email in listing
    detail = staff_client.get(
        reverse("admin:identity_claimrequest_change", args=[request.pk])
    ).content.decode()
    for shown in (IMPORTED_ID, ON_RECORD, "6010001000001", MESSAGE, requester.email, "03-1234-5678"):
        assert shown in detail, shown
    accept = reverse("admin:identity_claimrequest_accept", args=[request.pk])
    assert accept in detail
    assert staff_client.post(accept, {"reason": ""}).status_code == 200  # a reason is required
    with django_capture_on_commit_callbacks(execute=True):
        r = staff_client.post(accept, {"reason": "登記の代表電話に折り返して本人と確認しました。"})
    assert r.status_code == 302
    request.refresh_from_db()
    assert request.status == "accepted" and request.decided_at is not None
    membership = Membership.objects.get(user=requester)
    assert membership.organization == declaration.organization and membership.role == "owner"
    assert [m.to for m in mail.outbox] == [[requester.email]]
    assert "引き継ぎが完了しました" in mail.outbox[0].subject and "折り返して" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="claim.request_accepted", object_id=str(request.pk)).exists()
    assert AuditEvent.objects.filter(action="organization.claim", after__method="staff").exists()
    # decided: no second decision
    with pytest.raises(ServiceError):
        services.claim_request_reject(
            requester.__class__.objects.get(email="office@example.jp"), request, reason="x"
        )


def test_staff_reject_with_a_reason_that_is_mailed(
    staff_client: Any, staff: Any, requester: Any, django_capture_on_commit_callbacks: Any
) -> None:
    imported_declaration()
    request = _submit(requester)
    reject = reverse("admin:identity_claimrequest_reject", args=[request.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            staff_client.post(reject, {"reason": "登記の代表電話で確認できませんでした。"}).status_code == 302
        )
    request.refresh_from_db()
    assert (request.status, request.decided_by, request.reason) == (
        "rejected",
        staff,
        "登記の代表電話で確認できませんでした。",
    )
    assert not Membership.objects.filter(user=requester).exists()
    assert [m.to for m in mail.outbox] == [[requester.email]]
    assert "確認できませんでした" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="claim.request_rejected").exists()
    # rejected: the person may ask again
    assert _submit(requester).status == "pending"


def test_mail_is_in_the_requesters_language(
    staff: Any, requester: Any, django_capture_on_commit_callbacks: Any
) -> None:
    imported_declaration()
    requester.language = "en"
    requester.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_request_reject(staff, _submit(requester), reason="Not confirmed.")
    sent = mail.outbox[0]
    assert "Your request to take over a declaration" in sent.subject
    assert "could not" in sent.body and "宣言" not in sent.body


def test_non_staff_cannot_decide(requester: Any, django_user_model: Any) -> None:
    imported_declaration()
    request = _submit(requester)
    somebody = make_user(django_user_model, "somebody@example.jp")
    with pytest.raises(AccessDenied):
        services.claim_request_accept(somebody, request, reason="ok")
    with pytest.raises(AccessDenied):
        services.claim_request_reject(requester, request, reason="ok")
    request.refresh_from_db()
    assert request.status == "pending"


def test_accept_fails_cleanly_when_the_record_was_claimed_meanwhile(
    staff: Any, requester: Any, django_user_model: Any
) -> None:
    imported_declaration()
    request = _submit(requester)
    other = make_user(django_user_model, "other@minato.example.jp")
    services.claim_request_accept(staff, _submit(other), reason="確認済み")
    with pytest.raises(ServiceError):
        services.claim_request_accept(staff, request, reason="確認済み")
    request.refresh_from_db()
    assert request.status == "pending"  # staff reject it with a reason
    services.claim_request_reject(staff, request, reason="既に別の方が引き継ぎました。")


def test_codes_page_in_the_back_office_never_shows_the_hash(
    staff_client: Any, requester: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from secaction.identity.models import ClaimCode

    imported_declaration()
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_code_request(requester, IMPORTED_ID)
    row = ClaimCode.objects.get()
    listing = staff_client.get(reverse("admin:identity_claimcode_changelist")).content.decode()
    assert ON_RECORD in listing
    detail = staff_client.get(reverse("admin:identity_claimcode_change", args=[row.pk]))
    assert detail.status_code == 200
    assert row.code_hash not in detail.content.decode()
