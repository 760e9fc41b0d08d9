"""Outsider cases for organizations' services: someone with an organisation of their own acts on another's."""

from __future__ import annotations

from typing import Any

from secaction.organizations import services
from secaction.organizations.models import Membership, Organization
from tests.contract.cases import OutsiderCase
from tests.identity.verified_helpers import completion_data, gbiz_sign_in_store
from tests.organizations.conftest import make_user, org_data


def _victim() -> tuple[Any, Organization]:
    """Another organisation, with its owner, that the outsider does not belong to."""
    from secaction.accounts.models import User

    owner = make_user(User, "victim-owner@example.jp")
    organization = services.organization_register(
        owner, org_data(name="株式会社ヴィクティム", contact_email="victim@example.jp")
    )
    return owner, organization


def _member_of(organization: Organization) -> Membership:
    from secaction.accounts.models import User

    user = make_user(User, "victim-member@example.jp")
    return Membership.objects.create(organization=organization, user=user)


def _update(outsider: Any) -> object:
    _owner, organization = _victim()
    return services.organization_update(outsider, organization, org_data(name="乗っ取り"))


def _invite(outsider: Any) -> object:
    _owner, organization = _victim()
    return services.invitation_create(outsider, organization, "friend@example.jp")


def _revoke(outsider: Any) -> object:
    owner, organization = _victim()
    return services.invitation_revoke(
        outsider, services.invitation_create(owner, organization, "x@example.jp")
    )


def _deactivate_member(outsider: Any) -> object:
    _owner, organization = _victim()
    return services.membership_deactivate(outsider, _member_of(organization))


def _staff_deactivate(outsider: Any) -> object:
    _owner, organization = _victim()
    return services.organization_deactivate(outsider, organization, reason="試し")


def _staff_reactivate(outsider: Any) -> object:
    _owner, organization = _victim()
    Organization.objects.filter(pk=organization.pk).update(is_active=False)
    organization.refresh_from_db()
    return services.organization_reactivate(outsider, organization, reason="試し")


def _staff_revoke(outsider: Any) -> object:
    owner, organization = _victim()
    invitation = services.invitation_create(owner, organization, "x@example.jp")
    return services.invitation_revoke_by_staff(outsider, invitation)


def _claim(outsider: Any) -> object:
    _owner, organization = _victim()  # it has an owner: nobody can take it over
    return services.organization_claim(outsider, organization, method="code")


def _conflict() -> Any:
    from secaction.accounts.models import User
    from tests.organizations.conflicts_setup import open_conflict, squatter_build, verified_build

    _owner, squatter = squatter_build(User, email="victim-squatter@example.jp")
    verified_build(User, email="victim-real@example.jp")
    return open_conflict(squatter)


def _conflict_keep(outsider: Any) -> object:
    return services.identity_conflict_keep(outsider, _conflict(), reason="試し")


def _conflict_merge(outsider: Any) -> object:
    return services.identity_conflict_merge(outsider, _conflict(), reason="試し")


def _conflict_deactivate(outsider: Any) -> object:
    return services.identity_conflict_deactivate(outsider, _conflict(), reason="試し")


def _register_verified(outsider: Any) -> object:
    # No GビズID sign-in of their own: the 法人番号 and name cannot come from a form.
    return services.organization_register_verified(
        outsider, {**completion_data(), "corporate_number": "7000012050002", "name": "株式会社テスト商事"}
    )


def _identity_verify(outsider: Any) -> object:
    _owner, organization = _victim()
    # Even with a GビズID sign-in carrying the victim's 法人番号, only its owner may verify it.
    gbiz_sign_in_store(outsider, corporate_number=organization.corporate_number)
    return services.organization_identity_verify(outsider, organization)


def _identity_sync(outsider: Any) -> object:
    _owner, organization = _victim()
    gbiz_sign_in_store(outsider, corporate_number=organization.corporate_number, name="乗っ取り株式会社")
    return services.organization_identity_sync(outsider, organization)


def _claim_verified(outsider: Any) -> object:
    _owner, organization = _victim()  # it has an owner: a matching 法人番号 does not take it over
    gbiz_sign_in_store(outsider, corporate_number=organization.corporate_number)
    return services.organization_claim_verified(outsider, organization)


def _pending_change(organization: Organization) -> Any:
    """A pending change of the victim's name (created directly: the queue itself is not under test here)."""
    from secaction.organizations.models import IdentityChangeRequest

    owner = Membership.objects.get(organization=organization, role="owner").user
    return IdentityChangeRequest.objects.create(
        organization=organization,
        requested_by=owner,
        before={"name": organization.name},
        after={"name": "新名称"},
    )


def _change_submit(outsider: Any) -> object:
    _owner, organization = _victim()
    return services.identity_change_submit(outsider, organization, {"name": "乗っ取り"})


def _change_withdraw(outsider: Any) -> object:
    _owner, organization = _victim()
    return services.identity_change_withdraw(outsider, _pending_change(organization))


def _change_accept(outsider: Any) -> object:
    _owner, organization = _victim()
    return services.identity_change_accept(outsider, _pending_change(organization), "試し")


def _change_reject(outsider: Any) -> object:
    _owner, organization = _victim()
    return services.identity_change_reject(outsider, _pending_change(organization), "試し")


CASES = [
    OutsiderCase("organizations.identity_conflict_keep", _conflict_keep),
    OutsiderCase("organizations.identity_conflict_merge", _conflict_merge),
    OutsiderCase("organizations.identity_conflict_deactivate", _conflict_deactivate),
    OutsiderCase("organizations.organization_register_verified", _register_verified),
    OutsiderCase("organizations.organization_identity_verify", _identity_verify),
    OutsiderCase("organizations.organization_identity_sync", _identity_sync),
    OutsiderCase("organizations.organization_claim_verified", _claim_verified),
    OutsiderCase("organizations.identity_change_submit", _change_submit),
    OutsiderCase("organizations.identity_change_withdraw", _change_withdraw),
    OutsiderCase("organizations.identity_change_accept", _change_accept),
    OutsiderCase("organizations.identity_change_reject", _change_reject),
    OutsiderCase("organizations.organization_claim", _claim),
    OutsiderCase("organizations.organization_update", _update),
    OutsiderCase("organizations.invitation_create", _invite),
    OutsiderCase("organizations.invitation_revoke", _revoke),
    OutsiderCase("organizations.membership_deactivate", _deactivate_member),
    OutsiderCase("organizations.organization_deactivate", _staff_deactivate),
    OutsiderCase("organizations.organization_reactivate", _staff_reactivate),
    OutsiderCase("organizations.invitation_revoke_by_staff", _staff_revoke),
]

EXEMPT = {
    "organizations.corporate_number_holder_problem": (
        "a read-only question asked by the registration form and services before a write; it changes "
        "nothing and reveals only what the duplicate message already says"
    ),
    "organizations.identity_conflict_detect": (
        "no person acts: the services that verify an organisation call it, and it only opens conflicts "
        "for staff to resolve (it changes no organisation)"
    ),
    "organizations.organization_register": (
        "open to any signed-in person by design: it creates a new organisation with the caller as its owner, "
        "acting on nobody else's records (a caller who already belongs to one is refused with ServiceError)"
    ),
    "organizations.invitation_accept": (
        "the invitation itself is the permission: it is accepted only by an account holding the verified "
        "address it was sent to; anyone else gets a ServiceError naming that address"
    ),
}
