"""Continuation of a declaration: the declarer's 「内容に変更はありません」, staff suspension and its lifting,
the stale-confirmation flag (services, views, admin; docs/privacy-and-retention.md)."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.urls import reverse

from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.models import AuditEvent
from secaction.declarations import services
from secaction.declarations.models import Declaration, DeclarationEvent, EventKind, Status
from secaction.declarations.selectors import continuation_stale_cutoff, declarations_needing_attention
from secaction.registry.models import RegistryEntry

from .conftest import add_member, error_codes, make_org, make_user

pytestmark = pytest.mark.django_db
ALL = [1, 2, 3, 4, 5]
T0 = dt.datetime(2026, 4, 1, 3, 0, tzinfo=dt.UTC)


def declare(org, user, terms, *, at=T0):
    with mock.patch("django.utils.timezone.now", return_value=at):
        return services.declaration_submit(
            organization=org, user=user, level="one_star", pledged_principles=ALL, terms_version=terms
        )


def audit_actions(decl):
    return list(
        AuditEvent.objects.filter(object_type="declarations.declaration", object_id=str(decl.pk))
        .order_by("id")
        .values_list("action", "message")
    )


# --- confirmation --------------------------------------------------------------------------------------


def test_activation_sets_last_confirmed_at(org, owner, terms):
    decl = declare(org, owner, terms)
    assert decl.status == Status.ACTIVE
    assert decl.last_confirmed_at == T0 == decl.declared_at


def test_upgrade_counts_as_a_confirmation(org, owner, terms):
    from .conftest import GOOD_TWO_STAR

    decl = declare(org, owner, terms)
    later = T0 + dt.timedelta(days=200)
    with mock.patch("django.utils.timezone.now", return_value=later):
        decl = services.declaration_upgrade(declaration=decl, user=owner, two_star=GOOD_TWO_STAR)
    assert decl.last_confirmed_at == later


def test_member_confirms_unchanged_audited_with_via(org, owner, member, terms):
    decl = declare(org, owner, terms)
    later = T0 + dt.timedelta(days=365)
    with mock.patch("django.utils.timezone.now", return_value=later):
        services.declaration_confirm_unchanged(decl, by=member, via="mypage")
    decl.refresh_from_db()
    assert decl.last_confirmed_at == later
    assert decl.declared_at == T0  # the declaration date never moves
    assert ("declaration.confirm_unchanged", "via=mypage") in audit_actions(decl)
    event = AuditEvent.objects.filter(action="declaration.confirm_unchanged").get()
    assert event.actor == member
    # the registry's read model follows
    assert RegistryEntry.objects.get(declaration_id=decl.pk).last_confirmed_at == later


def test_confirmation_by_a_signed_link_has_no_user(org, owner, terms):
    decl = declare(org, owner, terms)
    services.declaration_confirm_unchanged(decl, by=None, via="mail-link")
    event = AuditEvent.objects.filter(action="declaration.confirm_unchanged").get()
    assert (event.actor, event.actor_label, event.message) == (None, "system", "via=mail-link")


def test_outsider_cannot_confirm(org, owner, terms):
    decl = declare(org, owner, terms)
    stranger = add_member(make_org("株式会社よそ"))
    with pytest.raises(AccessDenied):
        services.declaration_confirm_unchanged(decl, by=stranger, via="mypage")
    decl.refresh_from_db()
    assert decl.last_confirmed_at == T0


def test_only_an_active_declaration_is_confirmed(org, owner, terms):
    decl = declare(org, owner, terms)
    services.declaration_withdraw(declaration=decl, user=owner, reason="廃業")
    with pytest.raises(ServiceError) as err:
        services.declaration_confirm_unchanged(decl, by=owner, via="mypage")
    assert error_codes(err.value) == {"state"}


def test_a_suspended_declaration_may_be_confirmed_and_stays_suspended(org, owner, staff, terms):
    decl = declare(org, owner, terms)
    services.declaration_suspend(staff, decl, reason="ロゴの不適切な使用")
    later = T0 + dt.timedelta(days=30)
    with mock.patch("django.utils.timezone.now", return_value=later):
        decl = services.declaration_confirm_unchanged(decl, by=owner, via="mypage")
    assert decl.last_confirmed_at == later
    assert decl.suspended_at is not None and decl.suspension_reason == "ロゴの不適切な使用"


def test_via_is_required(org, owner, terms):
    decl = declare(org, owner, terms)
    with pytest.raises(ServiceError) as err:
        services.declaration_confirm_unchanged(decl, by=owner, via=" ")
    assert error_codes(err.value) == {"via"}


# --- suspension ----------------------------------------------------------------------------------------


def test_staff_suspend_and_resume(org, owner, staff, terms, django_capture_on_commit_callbacks):
    decl = declare(org, owner, terms)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decl = services.declaration_suspend(staff, decl, reason="ロゴマークを改変して使っている")
    assert decl.status == Status.ACTIVE  # an overlay: the declaration is not ended
    assert decl.suspended_at is not None
    assert decl.suspension_reason == "ロゴマークを改変して使っている"
    event = DeclarationEvent.objects.filter(declaration=decl).last()
    assert event is not None
    assert (event.kind, event.by_staff, event.actor, event.message) == (
        EventKind.SUSPENDED,
        True,
        staff,
        "ロゴマークを改変して使っている",
    )
    [sent] = [m for m in mail.outbox if owner.email in m.to]
    assert "一時停止" in sent.subject and "ロゴマークを改変して使っている" in sent.body
    entry = RegistryEntry.objects.get(declaration_id=decl.pk)
    assert entry.status == "active" and entry.is_suspended

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decl = services.declaration_unsuspend(staff, decl, note="是正を確認しました")
    assert (decl.suspended_at, decl.suspension_reason, decl.status) == (None, "", Status.ACTIVE)
    assert DeclarationEvent.objects.filter(declaration=decl).last().kind == EventKind.RESUMED  # type: ignore[union-attr]
    [sent] = [m for m in mail.outbox if owner.email in m.to]
    assert "解除" in sent.subject and "是正を確認しました" in sent.body
    assert not RegistryEntry.objects.get(declaration_id=decl.pk).is_suspended
    acts = [a for a, _m in audit_actions(decl)]
    assert acts[-2:] == ["declaration.suspend", "declaration.unsuspend"]


def test_suspend_requires_staff_and_a_reason(org, owner, staff, terms):
    decl = declare(org, owner, terms)
    with pytest.raises(AccessDenied):
        services.declaration_suspend(owner, decl, reason="x")
    with pytest.raises(ServiceError) as err:
        services.declaration_suspend(staff, decl, reason="  ")
    assert error_codes(err.value) == {"reason_required"}
    decl.refresh_from_db()
    assert decl.suspended_at is None


def test_suspend_refuses_a_suspended_or_ended_declaration(org, owner, staff, terms):
    decl = declare(org, owner, terms)
    services.declaration_suspend(staff, decl, reason="理由")
    with pytest.raises(ServiceError) as err:
        services.declaration_suspend(staff, decl, reason="もう一度")
    assert error_codes(err.value) == {"state"}
    services.declaration_unsuspend(staff, decl)
    with pytest.raises(ServiceError):
        services.declaration_unsuspend(staff, decl)  # not suspended any more
    services.declaration_cancel(declaration=decl, staff=staff, reason="不正利用")
    with pytest.raises(ServiceError) as err:
        services.declaration_suspend(staff, decl, reason="理由")
    assert error_codes(err.value) == {"state"}


def test_unsuspend_is_staff_only(org, owner, staff, terms):
    decl = declare(org, owner, terms)
    services.declaration_suspend(staff, decl, reason="理由")
    with pytest.raises(AccessDenied):
        services.declaration_unsuspend(owner, decl)


# --- stale confirmations -------------------------------------------------------------------------------


def test_needing_attention_after_three_years_without_confirmation(org, owner, staff, terms):
    decl = declare(org, owner, terms)
    just_before = T0.replace(year=T0.year + 3) - dt.timedelta(seconds=1)
    assert list(declarations_needing_attention(just_before)) == []
    after = T0.replace(year=T0.year + 3) + dt.timedelta(seconds=1)
    assert list(declarations_needing_attention(after)) == [decl]
    # a confirmation takes it off the list; nothing about the declaration changed by itself
    with mock.patch("django.utils.timezone.now", return_value=after):
        services.declaration_confirm_unchanged(decl, by=owner, via="mypage")
    assert list(declarations_needing_attention(after)) == []
    decl.refresh_from_db()
    assert decl.status == Status.ACTIVE and decl.suspended_at is None


def test_ended_declarations_are_never_flagged(org, owner, terms):
    decl = declare(org, owner, terms)
    services.declaration_withdraw(declaration=decl, user=owner, reason="廃業")
    assert list(declarations_needing_attention(T0 + dt.timedelta(days=4 * 366))) == []


def test_stale_years_follow_the_setting(settings):
    settings.CONTINUATION_STALE_YEARS = 2
    assert continuation_stale_cutoff(dt.datetime(2028, 2, 29, tzinfo=dt.UTC)) == dt.datetime(
        2026, 2, 28, tzinfo=dt.UTC
    )


# --- My Page and logo downloads --------------------------------------------------------------------------


def test_mypage_button_confirms(client, org, owner, member, terms):
    decl = declare(org, owner, terms)
    client.force_login(member)
    page = client.get(reverse("mypage:index")).content.decode()
    assert "内容に変更はありません" in page and reverse("declarations:confirm_unchanged") in page
    r = client.post(reverse("declarations:confirm_unchanged"), follow=True)
    assert r.redirect_chain[-1][0] == reverse("mypage:index")
    decl.refresh_from_db()
    assert decl.last_confirmed_at > T0  # type: ignore[operator]
    assert "変更がないことを確認しました" in r.content.decode()


def test_confirm_view_is_post_only_and_needs_a_declaration(client, org, owner):
    client.force_login(owner)
    assert client.get(reverse("declarations:confirm_unchanged")).status_code == 405
    r = client.post(reverse("declarations:confirm_unchanged"), follow=True)
    assert "この操作ができる宣言がありません" in r.content.decode()


def test_suspended_declarer_sees_the_reason_and_cannot_download(client, org, owner, staff, terms):
    decl = declare(org, owner, terms)
    services.declaration_suspend(staff, decl, reason="名称の誤表示の確認中")
    client.force_login(owner)
    page = client.get(reverse("mypage:index")).content.decode()
    assert "一時停止" in page and "名称の誤表示の確認中" in page
    assert reverse("declarations:logo") not in page
    for url in (
        reverse("declarations:logo"),
        reverse("declarations:logo_svg", args=["one_star"]),
        reverse("declarations:logo_png", args=["one_star", 240]),
        reverse("declarations:certificate"),
    ):
        r = client.get(url)
        assert r.status_code == 403, url
        assert "一時停止中" in r.content.decode() and "名称の誤表示の確認中" in r.content.decode()
    services.declaration_unsuspend(staff, decl)
    assert client.get(reverse("declarations:logo_svg", args=["one_star"])).status_code == 200


# --- back office ---------------------------------------------------------------------------------------


@pytest.fixture
def staff_client(client, staff):
    TOTP.activate(staff, generate_totp_secret())  # the back office requires a second factor
    client.force_login(staff)
    return client


def test_admin_suspend_and_unsuspend_forms(staff_client, org, owner, staff, terms):
    decl = declare(org, owner, terms)
    change = staff_client.get(
        reverse("admin:declarations_declaration_change", args=[decl.pk])
    ).content.decode()
    assert reverse("admin:declarations_declaration_suspend", args=[decl.pk]) in change
    url = reverse("admin:declarations_declaration_suspend", args=[decl.pk])
    assert staff_client.get(url).status_code == 200
    r = staff_client.post(url, {"reason": ""})
    assert r.status_code == 200  # the form says the reason is missing
    decl.refresh_from_db()
    assert decl.suspended_at is None
    r = staff_client.post(url, {"reason": "調査中"})
    assert r.status_code == 302
    decl.refresh_from_db()
    assert decl.suspension_reason == "調査中"
    change = staff_client.get(
        reverse("admin:declarations_declaration_change", args=[decl.pk])
    ).content.decode()
    assert reverse("admin:declarations_declaration_unsuspend", args=[decl.pk]) in change
    r = staff_client.post(reverse("admin:declarations_declaration_unsuspend", args=[decl.pk]), {"note": ""})
    assert r.status_code == 302
    decl.refresh_from_db()
    assert decl.suspended_at is None


def test_admin_list_filters(staff_client, org, owner, staff, terms):
    stale = declare(org, owner, terms, at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    org2 = make_org("株式会社あたらし")
    fresh = declare(org2, add_member(org2, role="owner"), terms, at=dt.datetime.now(dt.UTC))
    services.declaration_suspend(staff, fresh, reason="調査中")
    changelist = reverse("admin:declarations_declaration_changelist")

    def listed(query: str) -> set[int]:
        r = staff_client.get(changelist + query)
        assert r.status_code == 200
        return {d.pk for d in r.context["cl"].result_list}

    assert listed("?stale=yes") == {stale.pk}
    assert listed("?suspended=yes") == {fresh.pk}
    assert "継続確認が3年以上ない" in staff_client.get(changelist).content.decode()


def test_admin_actions_redirect_to_the_reason_forms(staff_client, org, owner, staff, terms):
    decl = declare(org, owner, terms)
    r = staff_client.post(
        reverse("admin:declarations_declaration_changelist"),
        {"action": "suspend_selected", "_selected_action": [decl.pk]},
    )
    assert r.status_code == 302
    assert r["Location"] == reverse("admin:declarations_declaration_suspend", args=[decl.pk])


def test_outsider_staff_check_keeps_the_declaration(org, owner, terms):
    decl = declare(org, owner, terms)
    with pytest.raises(AccessDenied):
        services.declaration_suspend(make_user(), decl, reason="x")
    assert Declaration.objects.get(pk=decl.pk).suspended_at is None
