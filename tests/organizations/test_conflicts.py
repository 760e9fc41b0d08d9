"""Precedence of a GビズID-verified organisation, and staff deciding its conflicts with unverified holders."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from secaction.core.errors import AccessDenied
from secaction.core.models import AuditEvent, OutgoingMail
from secaction.organizations import selectors
from secaction.organizations.forms import OrganizationForm
from secaction.organizations.models import IdentityConflict, Membership, Organization
from secaction.organizations.services import (
    DUPLICATE_CORPORATE_NUMBER,
    VERIFIED_CORPORATE_NUMBER,
    identity_conflict_deactivate,
    identity_conflict_keep,
    identity_conflict_merge,
    organization_deactivate,
    organization_reactivate,
    organization_register,
    organization_update,
)
from tests.organizations.conflicts_setup import open_conflict, squatter_build, staff_build, verified_build
from tests.organizations.conftest import OTHER_NUMBER, VALID_NUMBER, make_user, org_data

pytestmark = pytest.mark.django_db


def _field_message(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(exc.value.message_dict["corporate_number"])


# --- precedence ------------------------------------------------------------------------------------


def test_registering_a_number_a_verified_company_holds_is_refused_with_the_clear_message(django_user_model):
    verified_build(django_user_model)
    newcomer = make_user(django_user_model, "new@example.jp")
    with pytest.raises(ValidationError) as exc:
        organization_register(newcomer, org_data(name="別の会社"))
    assert _field_message(exc) == str(VERIFIED_CORPORATE_NUMBER)
    assert "GビズIDで確認済み" in _field_message(exc) and "事務局" in _field_message(exc)
    assert not Membership.objects.filter(user=newcomer).exists()
    assert Organization.objects.filter(corporate_number=VALID_NUMBER).count() == 1


def test_registering_a_number_an_unverified_organisation_holds_is_still_refused(django_user_model):
    squatter_build(django_user_model)
    with pytest.raises(ValidationError) as exc:
        organization_register(make_user(django_user_model, "new@example.jp"), org_data(name="別の会社"))
    assert _field_message(exc) == str(DUPLICATE_CORPORATE_NUMBER)


def test_the_registration_form_gives_the_same_message(django_user_model):
    verified_build(django_user_model)
    form = OrganizationForm(data=org_data(name="別の会社"))
    assert not form.is_valid()
    assert form.errors["corporate_number"] == [str(VERIFIED_CORPORATE_NUMBER)]


def test_a_race_with_a_verified_registration_becomes_the_clear_message(django_user_model, monkeypatch):
    """The check passed before the verified company committed; the constraint is not what refuses here, so
    the clear message comes from the check again after a simulated IntegrityError."""
    verified_build(django_user_model)
    calls = {"n": 0}
    real = selectors.organization_verified_by_corporate_number

    def stale_first_time(number, **kw):
        calls["n"] += 1
        return None if calls["n"] == 1 else real(number, **kw)

    def collide(self, *args, **kwargs):
        raise IntegrityError("unique_unverified_corporate_number")

    monkeypatch.setattr(selectors, "organization_verified_by_corporate_number", stale_first_time)
    monkeypatch.setattr(Organization, "save", collide)
    with pytest.raises(ValidationError) as exc:
        organization_register(make_user(django_user_model, "new@example.jp"), org_data(name="別の会社"))
    assert _field_message(exc) == str(VERIFIED_CORPORATE_NUMBER)


def test_an_unverified_organisation_may_not_move_to_a_verified_number(django_user_model):
    verified_build(django_user_model, number=OTHER_NUMBER)
    owner = make_user(django_user_model, "owner@example.jp")
    organization = organization_register(owner, org_data())
    with pytest.raises(ValidationError) as exc:
        organization_update(owner, organization, org_data(corporate_number=OTHER_NUMBER))
    assert _field_message(exc) == str(VERIFIED_CORPORATE_NUMBER)
    organization.refresh_from_db()
    assert organization.corporate_number == VALID_NUMBER


def test_a_flagged_holder_keeps_working_on_its_own_profile_until_staff_decide(django_user_model):
    owner, squatter = squatter_build(django_user_model)
    verified_build(django_user_model)
    updated = organization_update(
        owner, squatter, org_data(name="株式会社サンプル商事販売", address="港区1-1")
    )
    assert updated.address == "港区1-1"
    form = OrganizationForm(data=org_data(name="株式会社サンプル商事販売"), instance=squatter)
    assert form.is_valid(), form.errors


def test_a_verified_organisation_updates_its_profile_beside_an_unverified_holder(django_user_model):
    squatter_build(django_user_model)
    owner, verified = verified_build(django_user_model)
    organization_update(owner, verified, org_data(name="株式会社サンプル商事", address="港区2-2"))
    verified.refresh_from_db()
    assert verified.address == "港区2-2" and verified.is_identity_verified


def test_staff_cannot_reactivate_an_unverified_organisation_over_a_verified_one(django_user_model):
    office = staff_build(django_user_model)
    _owner, squatter = squatter_build(django_user_model)
    organization_deactivate(office, squatter, reason="重複")
    verified_build(django_user_model)
    squatter.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        organization_reactivate(office, squatter, reason="戻す")
    assert _field_message(exc) == str(VERIFIED_CORPORATE_NUMBER)
    squatter.refresh_from_db()
    assert not squatter.is_active


def test_a_reactivated_verified_organisation_opens_a_conflict_with_the_unverified_holder(django_user_model):
    office = staff_build(django_user_model)
    _owner, verified = verified_build(django_user_model)
    organization_deactivate(office, verified, reason="一時停止")
    _sq_owner, squatter = squatter_build(django_user_model)
    organization_reactivate(office, verified, reason="再開")
    assert open_conflict(squatter).verified == verified


def test_the_company_of_record_for_a_number_is_the_verified_one(django_user_model):
    squatter_build(django_user_model)
    _owner, verified = verified_build(django_user_model)
    assert selectors.organization_by_corporate_number(VALID_NUMBER) == verified
    assert selectors.organization_verified_by_corporate_number(VALID_NUMBER) == verified
    assert selectors.organization_unverified_by_corporate_number(VALID_NUMBER).identity_verified_at is None


# --- staff decisions -------------------------------------------------------------------------------


@pytest.fixture
def scene(django_user_model):
    office = staff_build(django_user_model)
    squatter_owner, squatter = squatter_build(django_user_model)
    member = make_user(django_user_model, "sq-member@example.jp")
    Membership.objects.create(organization=squatter, user=member, role=Membership.Role.MEMBER)
    real_owner, verified = verified_build(django_user_model, language="en")
    OutgoingMail.objects.all().delete()
    return {
        "office": office,
        "squatter": squatter,
        "squatter_owner": squatter_owner,
        "member": member,
        "verified": verified,
        "real_owner": real_owner,
        "conflict": open_conflict(squatter),
    }


def _mails_to(address: str) -> list[OutgoingMail]:
    return list(OutgoingMail.objects.filter(to=address))


def test_detection_is_idempotent_and_audited(scene):
    from secaction.organizations.services import identity_conflict_detect

    identity_conflict_detect(scene["verified"])
    assert IdentityConflict.objects.filter(unverified=scene["squatter"]).count() == 1
    assert AuditEvent.objects.filter(action="organization.identity_conflict").count() == 1


@pytest.mark.parametrize(
    "decide", [identity_conflict_keep, identity_conflict_merge, identity_conflict_deactivate]
)
def test_every_decision_requires_a_reason_and_changes_nothing_without_one(scene, decide):
    with pytest.raises(ValidationError) as exc:
        decide(scene["office"], scene["conflict"], reason="  ")
    assert "reason" in exc.value.message_dict
    assert open_conflict(scene["squatter"]).status == "open"
    assert Organization.objects.get(pk=scene["squatter"].pk).is_active


@pytest.mark.parametrize(
    "decide", [identity_conflict_keep, identity_conflict_merge, identity_conflict_deactivate]
)
def test_a_non_staff_user_is_refused_even_the_verified_owner(scene, decide):
    with pytest.raises(AccessDenied):
        decide(scene["real_owner"], scene["conflict"], reason="私の会社です")
    assert open_conflict(scene["squatter"]).status == "open"


def test_keep_closes_the_conflict_and_changes_neither_organisation(scene):
    conflict = identity_conflict_keep(scene["office"], scene["conflict"], reason="グループ会社のため")
    assert conflict.status == "kept" and conflict.resolved_by == scene["office"] and conflict.resolved_at
    assert conflict.reason == "グループ会社のため"
    assert (
        Organization.objects.filter(
            pk__in=[scene["squatter"].pk, scene["verified"].pk], is_active=True
        ).count()
        == 2
    )
    event = AuditEvent.objects.get(action="identity_conflict.kept")
    assert event.before["status"] == "open" and event.after["status"] == "kept"
    assert event.message == "グループ会社のため"
    (to_squatter,) = _mails_to("squatter@example.jp")
    assert to_squatter.language == "ja" and "このまま残ります" in to_squatter.body_text
    assert "グループ会社のため" in to_squatter.body_text
    (to_real,) = _mails_to("real@example.jp")
    assert to_real.language == "en"


def test_a_decided_conflict_cannot_be_decided_again(scene):
    identity_conflict_keep(scene["office"], scene["conflict"], reason="グループ会社")
    with pytest.raises(ValidationError, match="既に対応済み"):
        identity_conflict_deactivate(scene["office"], scene["conflict"], reason="やはり無効")
    assert Organization.objects.get(pk=scene["squatter"].pk).is_active


def test_merge_moves_the_people_and_retires_the_unverified_organisation(scene):
    conflict = identity_conflict_merge(scene["office"], scene["conflict"], reason="同じ会社の担当者でした")
    assert conflict.status == "merged"
    squatter = Organization.objects.get(pk=scene["squatter"].pk)
    assert not squatter.is_active
    roles = dict(
        Membership.objects.filter(organization=scene["verified"], is_active=True).values_list(
            "user__email", "role"
        )
    )
    assert roles == {
        "real@example.jp": "owner",
        "squatter@example.jp": "member",
        "sq-member@example.jp": "member",
    }
    assert not Membership.objects.filter(organization=squatter, is_active=True).exists()
    assert Membership.objects.filter(organization=squatter).count() == 2  # kept, not deleted
    assert selectors.organization_for_user(scene["squatter_owner"]) == scene["verified"]
    assert (
        AuditEvent.objects.filter(action="membership.create", message="同じ会社の担当者でした").count() == 2
    )
    assert AuditEvent.objects.filter(action="organization.deactivate", object_id=str(squatter.pk)).exists()
    (to_squatter,) = _mails_to("squatter@example.jp")
    assert "統合しました" in to_squatter.body_text
    assert _mails_to("sq-member@example.jp") == []  # owners are told; members see it on My Page


def test_merge_reactivates_an_earlier_membership_as_a_member(scene):
    Membership.objects.create(
        organization=scene["verified"], user=scene["member"], role=Membership.Role.OWNER, is_active=False
    )
    identity_conflict_merge(scene["office"], scene["conflict"], reason="統合")
    again = Membership.objects.get(organization=scene["verified"], user=scene["member"])
    assert again.is_active and again.role == "member"


def test_deactivate_retires_the_unverified_organisation_and_mails_both_owners(scene):
    conflict = identity_conflict_deactivate(scene["office"], scene["conflict"], reason="GビズIDの会社が正式")
    assert conflict.status == "deactivated"
    assert not Organization.objects.get(pk=scene["squatter"].pk).is_active
    assert Organization.objects.get(pk=scene["verified"].pk).is_active
    assert Membership.objects.filter(organization=scene["squatter"], is_active=True).count() == 2  # rows stay
    assert selectors.organization_for_user(scene["squatter_owner"]) is None
    (to_squatter,) = _mails_to("squatter@example.jp")
    body = to_squatter.body_text
    assert "無効にしました" in body and "お問い合わせ" in body and "/faq/" in body
    for accusing in ("不正", "なりすまし", "乗っ取り"):
        assert accusing not in body
    (to_real,) = _mails_to("real@example.jp")
    assert to_real.language == "en" and to_real.template == "organizations/mail/conflict_verified"
    assert to_real.subject.startswith("[SECURITY ACTION]")
    assert "takes precedence" in to_real.body_text and "has been deactivated" in to_real.body_text
    assert "SECURITY ACTION programme office" in to_real.body_text and "ご担当者" not in to_real.body_text


def test_an_unverified_registration_racing_a_verified_one_is_flagged_for_staff(
    django_user_model, monkeypatch
):
    """Both checks passed before either committed (the two partial indexes do not refuse the pair): the
    unverified side, looking again after its commit, opens the conflict so staff see it."""
    from secaction.organizations.services import profile

    _owner, verified = verified_build(django_user_model)
    monkeypatch.setattr(profile, "_holder_error", lambda *args, **kwargs: None)  # the check ran before
    racer = organization_register(
        make_user(django_user_model, "racer@example.jp"), org_data(name="同時の会社")
    )
    assert open_conflict(racer).verified == verified


def test_a_kept_pair_is_not_flagged_again_when_the_holder_edits_its_profile(scene):
    identity_conflict_keep(scene["office"], scene["conflict"], reason="グループ会社")
    organization_update(
        scene["squatter_owner"],
        scene["squatter"],
        org_data(name="株式会社サンプル商事販売", address="港区3-3"),
    )
    assert not IdentityConflict.objects.filter(status="open").exists()


def test_the_refusal_reads_in_english_on_the_english_registration_page(client, django_user_model):
    from django.urls import reverse

    from tests.i18n.japanese import japanese_left

    verified_build(django_user_model)
    client.force_login(make_user(django_user_model, "new@example.jp"))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.post(reverse("organizations:register"), org_data(name="Another Co."))
    html = response.content.decode()
    assert response.status_code == 200 and '<html lang="en">' in html
    assert "already registered and verified with gBizID" in html
    assert not [text for text in japanese_left(html) if "GビズID" in text or "法人番号" in text]
