"""The supporter state machine, permissions, audit events and mails."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from secaction.core.models import AuditEvent, OutgoingMail
from secaction.supporters import services
from secaction.supporters.models import AGREEMENT_TEXT, Supporter, SupporterStatus, SupportOffer

from .conftest import PROFILE, add_member, apply, offer

pytestmark = pytest.mark.django_db


def sent() -> list[OutgoingMail]:
    """Mails queued by the services (delivered after commit), oldest first."""
    return list(OutgoingMail.objects.order_by("pk"))


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))


def test_owner_applies_with_agreement_and_is_pending(org, owner):
    sup = apply(org, owner)
    assert sup.status == SupporterStatus.PENDING
    assert sup.agreed_by == owner and sup.agreed_at is not None and sup.applied_at is not None
    assert actions() == ["supporter.apply"]
    assert [m.to for m in sent()] == ["owner@example.jp"]
    assert "申請を受け付けました" in sent()[0].subject
    assert "認定・認証の制度ではありません" in sent()[0].body_text
    assert AGREEMENT_TEXT == "制度の趣旨に賛同し、普及促進に取り組みます"


def test_apply_needs_the_agreement(org, owner):
    with pytest.raises(ValidationError) as exc:
        services.supporter_apply(organization=org, user=owner, data=PROFILE, agreed=False)
    assert "賛同" in exc.value.message_dict["agreed"][0]
    assert not Supporter.objects.exists()


def test_member_and_stranger_cannot_apply(org, member):
    with pytest.raises(PermissionDenied, match="管理者"):
        apply(org, member)
    from .conftest import make_user

    with pytest.raises(PermissionDenied):
        apply(org, make_user())
    assert not Supporter.objects.exists() and not AuditEvent.objects.exists()


def test_input_is_checked(org, owner):
    bad = services.SupporterInput(kind="x", description=" ", contact="not a contact", website="ftp://x")
    with pytest.raises(ValidationError) as exc:
        services.supporter_apply(organization=org, user=owner, data=bad, agreed=True)
    assert set(exc.value.message_dict) == {"kind", "description", "contact", "website"}
    ok = services.SupporterInput(kind="association", description="勉強会", contact="https://ex.jp/contact")
    assert (
        services.supporter_apply(organization=org, user=owner, data=ok, agreed=True).contact_is_email is False
    )


def test_second_application_refused(org, owner):
    apply(org, owner)
    with pytest.raises(ValidationError, match="既に"):
        apply(org, owner)


def test_return_resubmit_approve(org, owner, staff):
    sup = apply(org, owner)
    OutgoingMail.objects.all().delete()
    with pytest.raises(ValidationError):
        services.supporter_return(supporter=sup, staff=staff, message="  ")
    sup = services.supporter_return(supporter=sup, staff=staff, message="取組みを具体的に書いてください。")
    assert sup.status == SupporterStatus.RETURNED and sup.status_reason == "取組みを具体的に書いてください。"
    assert "取組みを具体的に書いてください。" in sent()[-1].body_text
    with pytest.raises(ValidationError):  # only pending ones are approved
        services.supporter_approve(supporter=sup, staff=staff)
    sup = services.supporter_resubmit(supporter=sup, user=owner, data=PROFILE, agreed=True)
    assert sup.status == SupporterStatus.PENDING
    sup = services.supporter_approve(supporter=sup, staff=staff)
    assert sup.status == SupporterStatus.APPROVED and sup.reviewed_by == staff and sup.status_reason == ""
    assert actions() == ["supporter.apply", "supporter.return", "supporter.resubmit", "supporter.approve"]
    assert sent()[-1].subject == "普及賛同企業等として掲載を始めました"


def test_resubmit_only_after_return(org, owner):
    sup = apply(org, owner)
    with pytest.raises(ValidationError, match="差し戻されていない"):
        services.supporter_resubmit(supporter=sup, user=owner, data=PROFILE, agreed=True)


def test_only_staff_review(org, owner):
    sup = apply(org, owner)
    with pytest.raises(PermissionDenied, match="事務局"):
        services.supporter_approve(supporter=sup, staff=owner)
    with pytest.raises(PermissionDenied):
        services.supporter_suspend(supporter=sup, staff=owner, reason="x")


def test_suspend_needs_a_reason_and_mails_it(supporter, staff):
    with pytest.raises(ValidationError):
        services.supporter_suspend(supporter=supporter, staff=staff, reason="")
    sup = services.supporter_suspend(supporter=supporter, staff=staff, reason="事務局の提供と誤解させる表示")
    assert sup.status == SupporterStatus.SUSPENDED
    assert "事務局の提供と誤解させる表示" in sent()[-1].body_text
    event = AuditEvent.objects.get(action="supporter.suspend")
    assert event.before["status"] == "approved" and event.message == "事務局の提供と誤解させる表示"
    assert event.after["status"] == "suspended"


def test_reinstate_lifts_a_suspension_with_a_message(supporter, staff, owner):
    with pytest.raises(ValidationError, match="掲載停止中"):
        services.supporter_reinstate(
            supporter=supporter, staff=staff, message="確認しました"
        )  # not suspended
    services.supporter_suspend(supporter=supporter, staff=staff, reason="不正利用")
    with pytest.raises(PermissionDenied):
        services.supporter_reinstate(supporter=supporter, staff=owner, message="自分で解除")
    with pytest.raises(ValidationError):
        services.supporter_reinstate(supporter=supporter, staff=staff, message="  ")
    sup = services.supporter_reinstate(supporter=supporter, staff=staff, message="表示を直していただきました")
    assert sup.status == SupporterStatus.APPROVED and sup.status_reason == "表示を直していただきました"
    assert "表示を直していただきました" in sent()[-1].body_text
    event = AuditEvent.objects.get(action="supporter.reinstate")
    assert event.before["status"] == "suspended" and event.after["status"] == "approved"
    assert event.message == "表示を直していただきました"


def test_suspended_cannot_reapply_or_withdraw(org, owner, supporter, staff):
    services.supporter_suspend(supporter=supporter, staff=staff, reason="不正利用")
    with pytest.raises(ValidationError, match="停止"):
        apply(org, owner)
    with pytest.raises(ValidationError):
        services.supporter_withdraw(supporter=supporter, user=owner)


def test_withdraw_keeps_everything_and_allows_a_new_application(org, owner, member, supporter, staff):
    o = offer(supporter, member)
    with pytest.raises(PermissionDenied):
        services.supporter_withdraw(supporter=supporter, user=member)
    sup = services.supporter_withdraw(supporter=supporter, user=owner, reason="事業を見直すため")
    assert sup.status == SupporterStatus.WITHDRAWN
    assert Supporter.objects.count() == 1 and SupportOffer.objects.filter(pk=o.pk, is_published=True).exists()
    again = apply(org, owner)
    assert again.pk == sup.pk and again.status == SupporterStatus.PENDING
    assert "supporter.withdraw" in actions() and actions()[-1] == "supporter.apply"


def test_members_manage_offers_only_when_approved(org, owner, member, staff):
    sup = apply(org, owner)
    with pytest.raises(PermissionDenied, match="承認された"):
        offer(sup, member)
    sup = services.supporter_approve(supporter=sup, staff=staff)
    OutgoingMail.objects.all().delete()
    o = offer(sup, member, publish=False)
    assert not o.is_published
    o = services.offer_publish(offer=o, user=member)
    assert o.is_published
    with pytest.raises(ValidationError, match="既に公開"):
        services.offer_publish(offer=o, user=member)
    o = services.offer_update(
        offer=o,
        user=owner,
        data=services.OfferInput(
            title="体制づくり支援", category="organisation", description="規程作りを手伝います。",
            audience="two_star", prefecture="27",
        ),
    )  # fmt: skip
    assert (o.title, o.category, o.prefecture, o.is_published) == (
        "体制づくり支援",
        "organisation",
        "27",
        True,
    )
    o = services.offer_unpublish(offer=o, user=member)
    assert not o.is_published and SupportOffer.objects.filter(pk=o.pk).exists()
    assert [a for a in actions() if a.startswith("offer.")] == [
        "offer.create", "offer.publish", "offer.update", "offer.unpublish"
    ]  # fmt: skip
    assert len(sent()) == 4 and all(m.to == "owner@example.jp" for m in sent())
    assert sent()[1].subject == "支援策が公開されました"


def test_stranger_cannot_touch_offers(supporter, owner):
    o = offer(supporter, owner)
    from .conftest import make_org, make_user

    other = add_member(make_org("別会社"), make_user(), role="owner")
    with pytest.raises(PermissionDenied):
        services.offer_unpublish(offer=o, user=other)


def test_offer_input_is_checked(supporter, owner):
    with pytest.raises(ValidationError) as exc:
        offer(
            supporter, owner, title="", category="gift", audience="all", prefecture="99", url="javascript:x"
        )
    assert set(exc.value.message_dict) == {"title", "category", "audience", "prefecture", "url"}


def test_suspended_supporter_cannot_change_offers(supporter, owner, staff):
    o = offer(supporter, owner)
    services.supporter_suspend(supporter=supporter, staff=staff, reason="不正利用")
    with pytest.raises(PermissionDenied):
        services.offer_unpublish(offer=o, user=owner)


def test_mail_in_english_for_english_users(org, staff):
    from .conftest import make_user

    english = add_member(org, make_user(language="en"), role="owner")
    apply(org, english)
    assert "application" in sent()[-1].subject.lower()
    assert "not a certification" in sent()[-1].body_text


def test_seed_demo_adds_one_approved_supporter_with_two_published_offers_idempotently(settings):
    from django.core.management import call_command

    from secaction.supporters.selectors import DirectoryFilter, supporter_directory

    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    sup = Supporter.objects.get()
    assert sup.status == SupporterStatus.APPROVED and sup.organization.name == "株式会社サンプルセキュリティ"
    assert SupportOffer.objects.filter(supporter=sup, is_published=True).count() == 2
    assert [len(s.public_offers) for s in supporter_directory(DirectoryFilter())] == [2]
    assert AuditEvent.objects.filter(action="supporter.approve").count() == 1


# --- only a declarer may apply (issue 9) ----------------------------------------------------------


def test_applying_needs_an_active_declaration():
    from secaction.core.errors import ServiceError

    from .conftest import declare, make_org, make_user

    org = make_org("株式会社これから宣言")
    owner = add_member(org, make_user(), role="owner")
    with pytest.raises(ServiceError, match="一つ星または二つ星を宣言している事業者だけ") as exc:
        services.supporter_apply(organization=org, user=owner, data=PROFILE, agreed=True)
    assert exc.value.error_list[0].code == "not_declared"
    pending = declare(org, status="pending", declaration_id=None)
    with pytest.raises(ServiceError, match="先に自己宣言"):  # waiting for review is not declared yet
        services.supporter_apply(organization=org, user=owner, data=PROFILE, agreed=True)
    assert not Supporter.objects.exists() and not AuditEvent.objects.exists() and not sent()
    pending.status = "active"
    pending.save()
    assert (
        services.supporter_apply(organization=org, user=owner, data=PROFILE, agreed=True).status == "pending"
    )


def test_resubmitting_needs_the_declaration_still_active(org, owner, staff):
    sup = services.supporter_return(supporter=apply(org, owner), staff=staff, message="直してください")
    org.declarations.update(status="withdrawn")
    with pytest.raises(ValidationError, match="先に自己宣言"):
        services.supporter_resubmit(supporter=sup, user=owner, data=PROFILE, agreed=True)
    sup.refresh_from_db()
    assert sup.status == SupporterStatus.RETURNED
