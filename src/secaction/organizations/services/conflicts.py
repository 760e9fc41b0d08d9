"""Two active organisations with one 法人番号: a GビズID-verified one and an unverified one.

A verified organisation takes precedence; the unverified holder keeps working until staff resolve
the conflict in the back office (docs/identity.md, "Verified organisations"): **keep** both, **merge**
the unverified one's people into the verified one, or **deactivate** the unverified one. Each decision
needs a reason, is audited with before/after and is mailed to the owners of both organisations.

These are the organisation-level halves. Ending the unverified organisation's open declaration
belongs to the declarations app, which sits above this one: the back office calls
``secaction.identity.services.identity_conflict_resolve``, which ends it first and then calls
``identity_conflict_merge`` / ``identity_conflict_deactivate`` here. Nothing is deleted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from secaction.core.errors import ServiceError
from secaction.core.services import audit_record, mail_send, model_snapshot

from .. import selectors
from ..models import IdentityConflict, Membership, Organization
from ..permissions import staff_require
from ._retire import _organization_retire

if TYPE_CHECKING:
    from secaction.accounts.models import User


def identity_conflict_detect(verified: Organization) -> list[IdentityConflict]:
    """Open a conflict for every active unverified organisation holding ``verified``'s 法人番号.

    Called by the services that verify an organisation (no person acts: the verification itself is
    the cause). Idempotent: an open conflict for the same pair is not opened twice, and a pair staff
    decided to keep is not flagged again. Returns the open conflicts of ``verified``.
    """
    if not verified.is_identity_verified or not verified.corporate_number or not verified.is_active:
        return []
    holders = Organization.objects.filter(
        corporate_number=verified.corporate_number, is_active=True, identity_verified_at__isnull=True
    ).exclude(pk=verified.pk)
    kept = IdentityConflict.objects.filter(verified=verified, status=IdentityConflict.Status.KEPT)
    holders = holders.exclude(pk__in=kept.values("unverified_id"))
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


def _reason_require(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(
            {
                "reason": _(
                    "対応の理由を入力してください。理由は監査ログに残り、両方の事業者の管理者へのメールにも記載されます。"
                )
            }
        )
    return reason


def _open_conflict_lock(conflict: IdentityConflict) -> IdentityConflict:
    """The conflict, locked; refused once decided (two staff deciding at once: the second is told)."""
    locked = (
        IdentityConflict.objects.select_for_update()
        .select_related("unverified", "verified")
        .get(pk=conflict.pk)
    )
    if locked.status != IdentityConflict.Status.OPEN:
        raise ServiceError(
            _("この法人番号の重複は既に対応済みです(%(status)s)。") % {"status": locked.get_status_display()}
        )
    return locked


def _close(conflict: IdentityConflict, actor: User, status: str, reason: str) -> None:
    before = model_snapshot(conflict)
    conflict.status = status
    conflict.resolved_by = actor
    conflict.resolved_at = timezone.now()
    conflict.reason = reason
    conflict.save(update_fields=["status", "resolved_by", "resolved_at", "reason"])
    audit_record(
        actor=actor,
        action=f"identity_conflict.{status}",
        target=conflict,
        before=before,
        after=model_snapshot(conflict),
        message=reason,
    )


def _owners_mail(conflict: IdentityConflict, recipients: dict[str, list[User]], reason: str) -> None:
    """Tell the owners of both organisations what staff decided and what it means for them."""
    base = settings.SITE_URL
    context: dict[str, Any] = {
        "decision": conflict.status,
        "corporate_number": conflict.corporate_number,
        "unverified_name": conflict.unverified.name,
        "verified_name": conflict.verified.name,
        "reason": reason,
        "mypage_url": base + reverse("mypage:index"),
        "faq_url": base + reverse("pages:faq"),
    }
    for side, users in recipients.items():
        for user in users:
            office = (
                settings.PROGRAMME_OFFICE_NAME_EN if user.language == "en" else settings.PROGRAMME_OFFICE_NAME
            )
            mail_send(
                to=user.email,
                template=f"organizations/mail/conflict_{side}",
                context={**context, "office_name": office},
                language=user.language or settings.LANGUAGE_CODE,
            )


def _recipients(conflict: IdentityConflict) -> dict[str, list[User]]:
    # Read before anything changes: a merge deactivates the unverified side's memberships.
    return {
        "unverified": selectors.organization_owners(conflict.unverified_id),
        "verified": selectors.organization_owners(conflict.verified_id),
    }


def identity_conflict_keep(actor: User, conflict: IdentityConflict, *, reason: str) -> IdentityConflict:
    """Staff decide that both organisations stay (e.g. a group company legitimately using the number).

    The conflict is closed as ``kept``; neither organisation changes. Staff only; a reason is required.
    """
    staff_require(actor)
    reason = _reason_require(reason)
    with transaction.atomic():
        conflict = _open_conflict_lock(conflict)
        recipients = _recipients(conflict)
        _close(conflict, actor, IdentityConflict.Status.KEPT, reason)
        _owners_mail(conflict, recipients, reason)
    return conflict


def identity_conflict_merge(actor: User, conflict: IdentityConflict, *, reason: str) -> IdentityConflict:
    """Staff merge the unverified organisation into the verified one.

    Every active member of the unverified organisation (owners included) becomes a MEMBER of the
    verified one (owners of the verified one stay owners; someone already in it keeps their role); their
    memberships of the unverified organisation end, which is then deactivated. Its declarations must
    have been ended first (the identity-level service does it). Refused while the verified organisation
    is inactive. Staff only; a reason is required.
    """
    staff_require(actor)
    reason = _reason_require(reason)
    with transaction.atomic():
        conflict = _open_conflict_lock(conflict)
        unverified, verified = conflict.unverified, conflict.verified
        if not verified.is_active:
            # Merging people into an organisation nobody can act for would strand them.
            raise ServiceError(
                _(
                    "GビズIDで確認済みの事業者が無効になっているため、統合できません。先にその事業者を有効に戻してください。"
                )
            )
        recipients = _recipients(conflict)
        for old in Membership.objects.select_related("user").filter(organization=unverified, is_active=True):
            before = model_snapshot(old)
            old.is_active = False
            old.save(update_fields=["is_active"])
            audit_record(
                actor=actor,
                action="membership.deactivate",
                target=old,
                before=before,
                after=model_snapshot(old),
                message=reason,
            )
            new, created = Membership.objects.get_or_create(
                organization=verified, user=old.user, defaults={"role": Membership.Role.MEMBER}
            )
            if created:
                audit_record(
                    actor=actor,
                    action="membership.create",
                    target=new,
                    after=model_snapshot(new),
                    message=reason,
                )
            elif not new.is_active:
                before = model_snapshot(new)
                new.is_active = True
                new.role = Membership.Role.MEMBER
                new.save(update_fields=["is_active", "role"])
                audit_record(
                    actor=actor,
                    action="membership.reactivate",
                    target=new,
                    before=before,
                    after=model_snapshot(new),
                    message=reason,
                )
        _organization_retire(actor, unverified, reason)
        _close(conflict, actor, IdentityConflict.Status.MERGED, reason)
        _owners_mail(conflict, recipients, reason)
    return conflict


def identity_conflict_deactivate(actor: User, conflict: IdentityConflict, *, reason: str) -> IdentityConflict:
    """Staff deactivate the unverified organisation; the verified one is the company of record.

    Its rows, memberships and declaration history stay; its people can no longer act for it. Its
    declarations must have been ended first (the identity-level service does it). Staff only; a reason
    is required.
    """
    staff_require(actor)
    reason = _reason_require(reason)
    with transaction.atomic():
        conflict = _open_conflict_lock(conflict)
        recipients = _recipients(conflict)
        _organization_retire(actor, conflict.unverified, reason)
        _close(conflict, actor, IdentityConflict.Status.DEACTIVATED, reason)
        _owners_mail(conflict, recipients, reason)
    return conflict
