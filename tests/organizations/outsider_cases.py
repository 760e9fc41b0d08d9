"""Outsider cases for organizations' services: someone with an organisation of their own acts on another's."""

from __future__ import annotations

from typing import Any

from secaction.organizations import services
from secaction.organizations.models import Membership, Organization
from tests.contract.cases import OutsiderCase
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


def _gbizid_sync(outsider: Any) -> object:
    from secaction.accounts.gbiz import gbiz_claims_parse

    _owner, organization = _victim()
    claims = gbiz_claims_parse(
        {
            "sub": "x",
            "account_type": "2",
            "corporate_number": organization.corporate_number,
            "name": "乗っ取り",
        }
    )
    return services.organization_identity_sync_from_gbizid(outsider, organization, claims)


CASES = [
    OutsiderCase("organizations.identity_change_submit", _change_submit),
    OutsiderCase("organizations.identity_change_withdraw", _change_withdraw),
    OutsiderCase("organizations.identity_change_accept", _change_accept),
    OutsiderCase("organizations.identity_change_reject", _change_reject),
    OutsiderCase("organizations.organization_identity_sync_from_gbizid", _gbizid_sync),
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
