"""Staff resolve conflicts through the identity-level service and the back-office page."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from secaction.core.errors import AccessDenied
from secaction.core.models import AuditEvent
from secaction.declarations.models import Declaration, ProgrammeSettings, ReviewMode, TermsVersion
from secaction.declarations.services import declaration_submit
from secaction.identity.services import identity_conflict_resolve
from secaction.organizations.models import IdentityConflict, Organization
from secaction.registry.models import RegistryEntry
from tests.organizations.conflicts_setup import open_conflict, squatter_build, staff_build, verified_build
from tests.organizations.conftest import OTHER_NUMBER, make_user

pytestmark = pytest.mark.django_db


def _declare(organization, user, *, mode=ReviewMode.IMMEDIATE) -> Declaration:
    ProgrammeSettings.objects.update_or_create(pk=1, defaults={"review_mode": mode})
    terms = TermsVersion.objects.filter(is_current=True).first() or TermsVersion.objects.create(
        version="1.0", title="規約", body="本文", published_at=timezone.now(), is_current=True
    )
    return declaration_submit(
        organization=organization,
        user=user,
        level="one_star",
        pledged_principles=[1, 2, 3, 4, 5],
        terms_version=terms,
    )


@pytest.fixture
def scene(django_user_model):
    squatter_owner, squatter = squatter_build(django_user_model)
    declaration = _declare(squatter, squatter_owner)
    real_owner, verified = verified_build(django_user_model)
    return {
        "office": staff_build(django_user_model),
        "squatter": squatter,
        "squatter_owner": squatter_owner,
        "declaration": declaration,
        "verified": verified,
        "real_owner": real_owner,
        "conflict": open_conflict(squatter),
    }


@pytest.mark.parametrize("decision", ["keep", "merge", "deactivate"])
def test_a_non_staff_user_is_refused_and_nothing_changes(scene, decision):
    with pytest.raises(AccessDenied):
        identity_conflict_resolve(
            scene["real_owner"], scene["conflict"], decision=decision, reason="私の会社"
        )
    scene["declaration"].refresh_from_db()
    assert scene["declaration"].status == "active"
    assert open_conflict(scene["squatter"]).status == "open"


def test_an_unknown_decision_or_no_reason_is_a_field_error(scene):
    with pytest.raises(ValidationError) as exc:
        identity_conflict_resolve(scene["office"], scene["conflict"], decision="delete", reason="x")
    assert "decision" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        identity_conflict_resolve(scene["office"], scene["conflict"], decision="deactivate", reason="")
    assert "reason" in exc.value.message_dict
    scene["declaration"].refresh_from_db()
    assert scene["declaration"].status == "active"


def test_keep_leaves_the_declaration_alone(scene):
    identity_conflict_resolve(scene["office"], scene["conflict"], decision="keep", reason="グループ会社")
    scene["declaration"].refresh_from_db()
    assert scene["declaration"].status == "active"
    assert Organization.objects.get(pk=scene["squatter"].pk).is_active


def test_merge_cancels_the_open_declaration_keeping_its_history(scene):
    identity_conflict_resolve(scene["office"], scene["conflict"], decision="merge", reason="同じ会社の担当者")
    declaration = Declaration.objects.get(pk=scene["declaration"].pk)  # still there
    assert declaration.status == "cancelled" and declaration.status_reason == "同じ会社の担当者"
    assert declaration.ended_at is not None
    entry = RegistryEntry.objects.get(declaration_id=declaration.pk)
    assert entry.status == "cancelled" and entry.ended_at is not None
    assert not Organization.objects.get(pk=scene["squatter"].pk).is_active
    assert IdentityConflict.objects.get(pk=scene["conflict"].pk).status == "merged"


def test_a_pending_declaration_is_cancelled_too(django_user_model):
    owner, squatter = squatter_build(django_user_model)
    declaration = _declare(squatter, owner, mode=ReviewMode.REVIEWED)
    assert declaration.status == "pending"
    verified_build(django_user_model)
    identity_conflict_resolve(
        staff_build(django_user_model),
        open_conflict(squatter),
        decision="deactivate",
        reason="確認済みの会社が正式",
    )
    declaration.refresh_from_db()
    assert declaration.status == "cancelled"


def test_a_failure_after_the_cancellation_rolls_everything_back(scene, monkeypatch):
    import secaction.identity.services.conflicts as module

    def boom(*args, **kwargs):
        raise RuntimeError("mail server on fire")

    monkeypatch.setattr(module, "identity_conflict_deactivate", boom)
    with pytest.raises(RuntimeError):
        identity_conflict_resolve(scene["office"], scene["conflict"], decision="deactivate", reason="理由")
    scene["declaration"].refresh_from_db()
    assert scene["declaration"].status == "active"
    assert not AuditEvent.objects.filter(action="declaration.cancel").exists()


# --- the back-office page ------------------------------------------------------------------------


@pytest.fixture
def office_client(client, scene):
    client.force_login(scene["office"])
    with override_settings(BACKOFFICE_REQUIRE_MFA=False):
        yield client


def test_open_conflicts_are_listed_first(office_client, scene, django_user_model):
    identity_conflict_resolve(scene["office"], scene["conflict"], decision="keep", reason="グループ会社")
    # A later, still open conflict on another number.
    owner = make_user(django_user_model, "later@example.jp")
    from secaction.organizations.services import organization_register
    from tests.organizations.conftest import org_data

    later = organization_register(owner, org_data(name="株式会社あとから", corporate_number=OTHER_NUMBER))
    verified_build(django_user_model, email="later-real@example.jp", number=OTHER_NUMBER)
    page = office_client.get(reverse("admin:organizations_identityconflict_changelist")).content.decode()
    assert page.index(later.name) < page.index(scene["squatter"].name)


def test_the_decision_pages_need_a_reason_and_a_known_decision(office_client, scene):
    conflict = scene["conflict"]
    keep = reverse("admin:organizations_identityconflict_resolve", args=[conflict.pk, "keep"])
    assert office_client.get(keep).status_code == 200
    assert office_client.post(keep, {"reason": "  "}).status_code == 200
    assert open_conflict(scene["squatter"]).status == "open"
    unknown = reverse("admin:organizations_identityconflict_resolve", args=[conflict.pk, "delete"])
    assert office_client.post(unknown, {"reason": "x"}).status_code == 404
    assert office_client.post(keep, {"reason": "グループ会社"}).status_code == 302
    conflict.refresh_from_db()
    assert conflict.status == "kept"
    # Decided: the page offers no decision any more, and a second decision is refused on the form.
    page = office_client.get(reverse("admin:organizations_identityconflict_change", args=[conflict.pk]))
    assert "/resolve/" not in page.content.decode()
    merge = reverse("admin:organizations_identityconflict_resolve", args=[conflict.pk, "merge"])
    again = office_client.post(merge, {"reason": "やはり統合"})
    assert again.status_code == 200 and "既に対応済み" in again.content.decode()
    assert Organization.objects.get(pk=scene["squatter"].pk).is_active


def test_a_post_to_the_change_page_changes_nothing(office_client, scene):
    conflict = scene["conflict"]
    url = reverse("admin:organizations_identityconflict_change", args=[conflict.pk])
    office_client.post(url, {"status": "kept", "reason": "裏口"})
    assert open_conflict(scene["squatter"]).reason == ""


def test_a_non_staff_user_cannot_open_the_page(client, scene):
    client.force_login(scene["real_owner"])
    response = client.get(reverse("admin:organizations_identityconflict_changelist"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_merge_into_a_deactivated_verified_organisation_is_refused_and_rolls_back(scene):
    Organization.objects.filter(pk=scene["verified"].pk).update(is_active=False)
    with pytest.raises(ValidationError, match="無効になっているため"):
        identity_conflict_resolve(scene["office"], scene["conflict"], decision="merge", reason="統合")
    scene["declaration"].refresh_from_db()
    assert scene["declaration"].status == "active"  # the cancellation before it was rolled back
    assert Organization.objects.get(pk=scene["squatter"].pk).is_active


def test_the_conflict_pages_need_staff_totp(client, scene):
    client.force_login(scene["office"])  # no TOTP authenticator yet; MFA is required by default
    response = client.get(reverse("admin:organizations_identityconflict_change", args=[scene["conflict"].pk]))
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/totp/activate/"
