"""Taking over an imported declaration with a one-time code mailed to the address on record."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.models import AuditEvent
from secaction.identity import services
from secaction.identity.models import ClaimCode
from secaction.organizations.models import Membership
from tests.identity.claim_data import IMPORTED_ID, ON_RECORD, imported_declaration
from tests.organizations.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def declarer(django_user_model: Any) -> Any:
    return make_user(django_user_model, "new-owner@minato.example.jp")


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Any:
    """A clock the test moves: ``clock.now`` is what ``timezone.now()`` returns."""

    class Clock:
        now = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)

        def advance(self, **kwargs: float) -> None:
            self.now += dt.timedelta(**kwargs)

    c = Clock()
    monkeypatch.setattr(timezone, "now", lambda: c.now)
    return c


def _code_from_mail(body: str) -> str:
    found = re.search(r"\b(\d{6})\b", body)
    assert found, body
    return found.group(1)


def _send(user: Any, declaration_id: str, capture: Any) -> str:
    """Request a code and return it as the mail carried it."""
    with capture(execute=True):
        services.claim_code_request(user, declaration_id)
    return _code_from_mail(mail.outbox[-1].body)


def test_the_whole_flow_through_the_pages(
    client: Any, declarer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    declaration = imported_declaration()
    client.force_login(declarer)

    start = client.get(reverse("mypage:index")).content.decode()
    assert "以前の申込みシステムで宣言済みの方(宣言IDをお持ちの方)" in start
    assert reverse("identity:claim_start") in start
    assert reverse("identity:claim_start") in client.get(reverse("organizations:register")).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        # an address typed by the person is never used: there is no such field, and extra input is ignored
        r = client.post(
            reverse("identity:claim_start"),
            {"declaration_id": "４００-０００-０００１７", "email": "me@evil.example"},
        )
    assert r.status_code == 302 and r["Location"] == reverse("identity:claim_code")
    assert [m.to for m in mail.outbox] == [[ON_RECORD]]
    body = mail.outbox[0].body
    code = _code_from_mail(body)
    assert IMPORTED_ID in body and declarer.email in body

    page = client.get(reverse("identity:claim_code")).content.decode()
    assert "i***@m***.jp" in page and ON_RECORD not in page

    r = client.post(reverse("identity:claim_code"), {"code": code})
    assert r.status_code == 302 and r["Location"] == reverse("mypage:index")
    membership = Membership.objects.get(user=declarer)
    assert membership.organization == declaration.organization and membership.role == Membership.Role.OWNER

    mypage = client.get(reverse("mypage:index")).content.decode()
    assert "株式会社みなと製作所" in mypage and IMPORTED_ID in mypage
    # the row holds a hash, used once
    row = ClaimCode.objects.get()
    assert row.used_at is not None and code not in row.code_hash
    actions = list(
        AuditEvent.objects.filter(action__startswith="claim.").order_by("pk").values_list("action", flat=True)
    )
    assert actions == ["claim.code_requested", "claim.code_succeeded"]
    assert AuditEvent.objects.filter(action="organization.claim", after__method="code").exists()
    for event in AuditEvent.objects.all():
        assert code not in json.dumps([event.before, event.after, event.message], ensure_ascii=False)


def test_wrong_id_not_imported_claimed_and_no_address_are_explained(
    client: Any, declarer: Any, django_user_model: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(declarer)
    url = reverse("identity:claim_start")

    def refusal(typed: str) -> str:
        r = client.post(url, {"declaration_id": typed})
        assert r.status_code == 200
        return r.content.decode()

    assert "見つかりませんでした" in refusal("40000000099")
    assert "数字11桁" in refusal("4000")
    imported_declaration("40000000025", corporate_number="", contact_email="", name="山田商店")
    page = refusal("40000000025")
    assert "連絡先メールアドレスが登録されていない" in page and reverse("identity:claim_request") in page

    declaration = imported_declaration()
    other = make_user(django_user_model, "first@minato.example.jp")
    with django_capture_on_commit_callbacks(execute=True):
        code = _send(other, IMPORTED_ID, django_capture_on_commit_callbacks)
        services.claim_code_confirm(other, IMPORTED_ID, code)
    page = refusal(IMPORTED_ID)
    assert "既に引き継がれています" in page
    assert ON_RECORD not in page and declaration.organization.contact_email not in page
    assert not mail.outbox or all(m.to == [ON_RECORD] for m in mail.outbox)
    refused = AuditEvent.objects.filter(action="claim.code_refused").values_list("after__refused", flat=True)
    assert set(refused) >= {"not_found", "malformed:length", "no_address", "claimed"}


def test_a_declaration_made_on_the_portal_is_not_claimable(
    owner_with_declaration: Any, declarer: Any
) -> None:
    with pytest.raises(ServiceError) as err:
        services.claim_code_request(declarer, owner_with_declaration.declaration_id)
    assert "本ポータルで申し込まれた" in str(err.value)


@pytest.fixture
def owner_with_declaration(django_user_model: Any) -> Any:
    from secaction.declarations.models import TermsVersion
    from secaction.declarations.services import declaration_submit
    from secaction.organizations.services import organization_register
    from tests.organizations.conftest import org_data

    owner = make_user(django_user_model, "portal-owner@example.jp")
    org = organization_register(owner, org_data())
    return declaration_submit(
        organization=org,
        user=owner,
        level="one_star",
        pledged_principles=[1, 2, 3, 4, 5],
        terms_version=TermsVersion.objects.get(is_current=True),
    )


def test_five_wrong_codes_invalidate_the_code(
    declarer: Any, clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    imported_declaration()
    code = _send(declarer, IMPORTED_ID, django_capture_on_commit_callbacks)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for left in (4, 3, 2, 1):
        with pytest.raises(ServiceError) as err:
            services.claim_code_confirm(declarer, IMPORTED_ID, wrong)
        assert f"あと{left}回" in str(err.value)
    with pytest.raises(ServiceError) as err:
        services.claim_code_confirm(declarer, IMPORTED_ID, wrong)
    assert "使えなくなりました" in str(err.value)
    row = ClaimCode.objects.get()
    assert row.attempts == 5 and row.invalidated_at == clock.now
    with pytest.raises(ServiceError) as err:  # even the right code no longer works
        services.claim_code_confirm(declarer, IMPORTED_ID, code)
    assert "有効な確認コードがありません" in str(err.value)
    assert not Membership.objects.filter(user=declarer).exists()
    failed = (
        AuditEvent.objects.filter(action="claim.code_failed")
        .order_by("pk")
        .values_list("after__refused", flat=True)
    )
    assert list(failed) == ["wrong_code"] * 4 + ["wrong_code_invalidated", "no_code"]


def test_code_expires_after_fifteen_minutes(
    declarer: Any, clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    imported_declaration()
    code = _send(declarer, IMPORTED_ID, django_capture_on_commit_callbacks)
    clock.advance(minutes=15)
    with pytest.raises(ServiceError) as err:
        services.claim_code_confirm(declarer, IMPORTED_ID, code)
    assert "有効期限" in str(err.value)
    assert not Membership.objects.filter(user=declarer).exists()


def test_code_works_just_before_expiry_and_only_once(
    declarer: Any, clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    imported_declaration()
    code = _send(declarer, IMPORTED_ID, django_capture_on_commit_callbacks)
    clock.advance(minutes=14, seconds=59)
    services.claim_code_confirm(declarer, IMPORTED_ID, code)
    Membership.objects.filter(user=declarer).update(
        is_active=False
    )  # as if they left: still, a code is single-use
    with pytest.raises(ServiceError):
        services.claim_code_confirm(declarer, IMPORTED_ID, code)


def test_a_new_code_invalidates_the_older_one(
    declarer: Any, clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    imported_declaration()
    first = _send(declarer, IMPORTED_ID, django_capture_on_commit_callbacks)
    clock.advance(minutes=1)
    second = _send(declarer, IMPORTED_ID, django_capture_on_commit_callbacks)
    if first != second:
        with pytest.raises(ServiceError):
            services.claim_code_confirm(declarer, IMPORTED_ID, first)
    services.claim_code_confirm(declarer, IMPORTED_ID, second)
    assert Membership.objects.get(user=declarer).role == "owner"


def test_someone_elses_code_does_not_work(
    declarer: Any, django_user_model: Any, django_capture_on_commit_callbacks: Any
) -> None:
    imported_declaration()
    code = _send(declarer, IMPORTED_ID, django_capture_on_commit_callbacks)
    reader = make_user(django_user_model, "reader@example.jp")  # e.g. read the mail in a shared mailbox
    with pytest.raises(ServiceError):
        services.claim_code_confirm(reader, IMPORTED_ID, code)
    assert not Membership.objects.filter(user=reader).exists()


def test_rate_limit_per_declaration(
    declarer: Any, django_user_model: Any, clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    imported_declaration()
    for _ in range(3):
        _send(declarer, IMPORTED_ID, django_capture_on_commit_callbacks)
        clock.advance(minutes=10)
    other = make_user(django_user_model, "other@example.jp")  # another person, same declaration
    with pytest.raises(ServiceError) as err:
        services.claim_code_request(other, IMPORTED_ID)
    assert "30分ほど待って" in str(err.value)  # sent at 0, 10 and 20 minutes; it is now 30
    assert len(mail.outbox) == 3
    clock.advance(minutes=29)
    with pytest.raises(ServiceError):
        services.claim_code_request(other, IMPORTED_ID)
    clock.advance(minutes=1)
    _send(other, IMPORTED_ID, django_capture_on_commit_callbacks)
    assert AuditEvent.objects.filter(
        action="claim.code_refused", after__refused="rate_limited:declaration"
    ).exists()


def test_rate_limit_per_address(
    django_user_model: Any, clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    shared = "soumu@group.example.jp"  # one person on record for several companies
    for n in range(4):
        imported_declaration(f"4100000000{n}", corporate_number="", contact_email=shared, name=f"商店{n}")
    for n in range(3):
        user = make_user(django_user_model, f"u{n}@example.jp")
        _send(user, f"4100000000{n}", django_capture_on_commit_callbacks)
    user = make_user(django_user_model, "u3@example.jp")
    with pytest.raises(ServiceError) as err:
        services.claim_code_request(user, "41000000003")
    assert "60分ほど待って" in str(err.value)
    assert AuditEvent.objects.filter(
        action="claim.code_refused", after__refused="rate_limited:address"
    ).exists()


def test_rate_limit_per_person(declarer: Any, clock: Any, django_capture_on_commit_callbacks: Any) -> None:
    for n in range(6):
        imported_declaration(
            f"4200000000{n}", corporate_number="", contact_email=f"s{n}@example.jp", name=f"商店{n}"
        )
    for n in range(5):
        _send(declarer, f"4200000000{n}", django_capture_on_commit_callbacks)
        clock.advance(minutes=1)
    with pytest.raises(ServiceError) as err:
        services.claim_code_request(declarer, "42000000005")
    assert "分ほど待って" in str(err.value)
    assert AuditEvent.objects.filter(action="claim.code_refused", after__refused="rate_limited:user").exists()
    assert all(m.to != ["s5@example.jp"] for m in mail.outbox)


def test_rate_limit_message_on_the_page(
    client: Any, declarer: Any, clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    imported_declaration()
    client.force_login(declarer)
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            assert (
                client.post(reverse("identity:claim_start"), {"declaration_id": IMPORTED_ID}).status_code
                == 302
            )
    r = client.post(reverse("identity:claim_start"), {"declaration_id": IMPORTED_ID})
    assert r.status_code == 200 and "60分ほど待って" in r.content.decode()


def test_a_person_with_an_organisation_cannot_claim(client: Any, django_user_model: Any) -> None:
    from secaction.organizations.services import organization_register
    from tests.organizations.conftest import org_data

    outsider = make_user(django_user_model, "has-org@example.jp")
    organization_register(outsider, org_data())
    imported_declaration()
    with pytest.raises(AccessDenied):
        services.claim_code_request(outsider, IMPORTED_ID)
    client.force_login(outsider)
    assert client.get(reverse("identity:claim_start"))["Location"] == reverse("mypage:index")


def test_pages_need_a_log_in_and_a_started_claim(client: Any, declarer: Any) -> None:
    assert client.get(reverse("identity:claim_start")).status_code == 302
    assert "login" in client.get(reverse("identity:claim_start"))["Location"]
    client.force_login(declarer)
    assert client.get(reverse("identity:claim_code"))["Location"] == reverse("identity:claim_start")


def test_gbizid_hint_is_shown_only_when_gbizid_is_configured(
    client: Any, declarer: Any, settings: Any
) -> None:
    client.force_login(declarer)
    settings.OIDC_ISSUER = ""
    assert (
        "法人番号が一致する宣言をすぐに引き継げます"
        not in client.get(reverse("identity:claim_start")).content.decode()
    )
    settings.OIDC_ISSUER = "https://gbizid.example.jp"
    assert (
        "法人番号が一致する宣言をすぐに引き継げます"
        in client.get(reverse("identity:claim_start")).content.decode()
    )
