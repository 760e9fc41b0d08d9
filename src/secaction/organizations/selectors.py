"""Reads about organisations, their members and invitations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from allauth.account.models import EmailAddress
from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from secaction.core.models import AuditEvent

from .choices import EntityType
from .models import IdentityChangeRequest, IdentityConflict, Invitation, Membership, Organization

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from secaction.accounts.models import User


def membership_for_user(user: User | AnonymousUser) -> Membership | None:
    """The user's active membership of an active organisation, or None.

    A person belongs to at most one organisation at a time (the services
    enforce it), so "the" membership is well defined.
    """
    user_pk = getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
    if user_pk is None:
        return None
    return (
        Membership.objects.select_related("organization")
        .filter(user_id=user_pk, is_active=True, organization__is_active=True)
        .order_by("created_at")
        .first()
    )


def organization_for_user(user: User | AnonymousUser) -> Organization | None:
    """The active organisation the user belongs to, or None."""
    membership = membership_for_user(user)
    return membership.organization if membership else None


def organization_owners(organization_id: int) -> list[User]:
    """The active users holding an active owner membership of the organisation: who is told about its affairs."""
    return [
        m.user
        for m in Membership.objects.select_related("user").filter(
            organization_id=organization_id, role=Membership.Role.OWNER, is_active=True
        )
        if m.user.is_active
    ]


def organization_by_corporate_number(number: str, *, exclude_pk: int | None = None) -> Organization | None:
    """The active organisation of record for this 法人番号: the GビズID-verified one when there is one.

    Two active organisations may share a 法人番号 (one verified, one unverified holder waiting for staff,
    docs/identity.md); whoever asks "who is this company" gets the verified one.
    """
    if not number:
        return None
    qs = Organization.objects.filter(corporate_number=number, is_active=True)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    # NULLs last: a verified organisation (a date) comes before an unverified one.
    return qs.order_by(F("identity_verified_at").asc(nulls_last=True), "pk").first()


def organization_verified_by_corporate_number(
    number: str, *, exclude_pk: int | None = None
) -> Organization | None:
    """The active GビズID-verified organisation with this 法人番号, if any (at most one: a constraint)."""
    if not number:
        return None
    qs = Organization.objects.filter(
        corporate_number=number, is_active=True, identity_verified_at__isnull=False
    )
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.first()


def organization_unverified_by_corporate_number(
    number: str, *, exclude_pk: int | None = None
) -> Organization | None:
    """The active unverified organisation with this 法人番号, if any (at most one: a constraint)."""
    if not number:
        return None
    qs = Organization.objects.filter(
        corporate_number=number, is_active=True, identity_verified_at__isnull=True
    )
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.first()


def identity_conflict_open_list() -> QuerySet[IdentityConflict]:
    """Open conflicts between a verified and an unverified holder of one 法人番号, oldest first."""
    return IdentityConflict.objects.select_related("unverified", "verified").filter(
        status=IdentityConflict.Status.OPEN
    )


def identity_conflict_open_for(organization: Organization) -> list[IdentityConflict]:
    """The open conflicts ``organization`` takes part in, as the unverified or the verified side."""
    return list(
        IdentityConflict.objects.select_related("unverified", "verified").filter(
            Q(unverified=organization) | Q(verified=organization), status=IdentityConflict.Status.OPEN
        )
    )


def membership_list(organization: Organization, *, include_inactive: bool = False) -> QuerySet[Membership]:
    qs = Membership.objects.select_related("user").filter(organization=organization)
    if not include_inactive:
        qs = qs.filter(is_active=True)
    return qs.order_by("-is_active", "role", "created_at")


def invitation_open_list(organization: Organization) -> QuerySet[Invitation]:
    """Invitations still waiting for an answer (not accepted, revoked or expired)."""
    return Invitation.objects.filter(
        organization=organization,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).order_by("-created_at")


def invitation_by_token(token: str) -> Invitation | None:
    if not token or len(token) > 64:
        return None
    return Invitation.objects.select_related("organization", "invited_by").filter(token=token).first()


def user_verified_emails(user: User | AnonymousUser) -> set[str]:
    """The user's e-mail addresses that allauth has verified, lower-cased."""
    return {
        e.lower()
        for e in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    }


def invitation_open_for_user(user: User | AnonymousUser) -> QuerySet[Invitation]:
    """Open invitations addressed to one of the user's verified e-mail addresses."""
    emails = user_verified_emails(user)
    if not emails:
        return Invitation.objects.none()
    match = Q()
    for email in emails:
        match |= Q(email__iexact=email)
    return (
        Invitation.objects.select_related("organization")
        .filter(match)
        .filter(
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            organization__is_active=True,
        )
        .order_by("-created_at")
    )


def organization_declaration_is_active(organization: Organization) -> bool:
    """Whether the organisation has an active declaration (asked through the reverse relation: the
    declarations app sits above this one and is not imported)."""
    return bool(organization.pk) and organization.declarations.filter(status="active").exists()


def identity_change_pending(organization: Organization) -> IdentityChangeRequest | None:
    """The organisation's change of legal name or 法人番号 waiting for staff, if any (at most one)."""
    return IdentityChangeRequest.objects.filter(
        organization=organization, status=IdentityChangeRequest.Status.PENDING
    ).first()


def _shown(field: str, value: Any) -> Any:
    """A value as people read it: the 事業形態's label rather than its code (lazy, so each mail translates it)."""
    if field == "entity_type" and value in EntityType.values:
        return EntityType(value).label
    return value


def identity_change_rows(change: IdentityChangeRequest) -> list[tuple[Any, Any, Any]]:
    """(field label, before, after) for each requested field, for the owner's page, the staff queue and mails.

    Labels stay lazy so that a mail renders them in its recipient's language.
    """
    return [
        (
            getattr(Organization._meta.get_field(field), "verbose_name", field),
            _shown(field, change.before.get(field, "")),
            _shown(field, value),
        )
        for field, value in change.after.items()
    ]


@dataclass(frozen=True)
class HistoryRow:
    """One changed field of one audited event, as staff read it."""

    at: dt.datetime
    actor: str
    action: str
    field: str
    before: Any
    after: Any
    message: str


def _field_label(name: str) -> str:
    for model in (Organization, IdentityChangeRequest):
        try:
            return str(getattr(model._meta.get_field(name), "verbose_name", name))
        except FieldDoesNotExist:
            continue
    return name


_HISTORY_SKIP = {"updated_at", "created_at", "id"}


def organization_history(organization: Organization, *, limit: int = 500) -> list[HistoryRow]:
    """Every audited change of the organisation and of its name/法人番号 change requests, newest first.

    Reads the audit log (``core.models.AuditEvent``) by the target ``audit_record`` stored: the label of
    the model and the primary key. One row per changed field; an event without before/after (a request's
    decision, a deactivation) is one row with its message.
    """
    request_ids = [
        str(pk)
        for pk in IdentityChangeRequest.objects.filter(organization=organization).values_list("pk", flat=True)
    ]
    events = AuditEvent.objects.filter(
        Q(object_type=Organization._meta.label_lower, object_id=str(organization.pk))
        | Q(object_type=IdentityChangeRequest._meta.label_lower, object_id__in=request_ids)
    ).order_by("-created_at", "-id")[:limit]
    rows: list[HistoryRow] = []
    for event in events:
        before = event.before or {}
        after = event.after or {}
        fields = [f for f in dict.fromkeys([*before, *after]) if f not in _HISTORY_SKIP]
        if event.object_type == IdentityChangeRequest._meta.label_lower:
            action = f"{event.action} (#{event.object_id})"
        else:
            action = event.action
        if not fields:
            rows.append(HistoryRow(event.created_at, event.actor_label, action, "", "", "", event.message))
        for field in fields:
            rows.append(
                HistoryRow(
                    event.created_at,
                    event.actor_label,
                    action,
                    _field_label(field),
                    before.get(field, ""),
                    after.get(field, ""),
                    event.message,
                )
            )
    return rows
