"""Two active organisations with one 法人番号: a GビズID-verified one and an unverified one.

A verified organisation takes precedence; the unverified holder keeps working until staff resolve
the conflict in the back office (docs/identity.md).
"""

from __future__ import annotations

from django.db import transaction

from secaction.core.services import audit_record, model_snapshot

from ..models import IdentityConflict, Organization


def identity_conflict_detect(verified: Organization) -> list[IdentityConflict]:
    """Open a conflict for every active unverified organisation holding ``verified``'s 法人番号.

    Called by the services that verify an organisation (no person acts: the verification itself is
    the cause). Idempotent: an open conflict for the same pair is not opened twice. Returns the open
    conflicts of ``verified``.
    """
    if not verified.is_identity_verified or not verified.corporate_number or not verified.is_active:
        return []
    holders = Organization.objects.filter(
        corporate_number=verified.corporate_number, is_active=True, identity_verified_at__isnull=True
    ).exclude(pk=verified.pk)
    with transaction.atomic():
        for holder in holders:
            conflict, created = IdentityConflict.objects.get_or_create(
                unverified=holder,
                verified=verified,
                status=IdentityConflict.Status.OPEN,
                defaults={"corporate_number": verified.corporate_number},
            )
            if created:
                audit_record(
                    actor=None,
                    action="organization.identity_conflict",
                    target=conflict,
                    after=model_snapshot(conflict),
                    message=f"verified organisation {verified.pk} holds the 法人番号 of unverified {holder.pk}",
                )
    return list(IdentityConflict.objects.filter(verified=verified, status=IdentityConflict.Status.OPEN))
