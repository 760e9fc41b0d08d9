"""Builders for mail-out tests: declarers with the attributes the recipient filter reads."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from secaction.mailouts.models import Mailout
from secaction.organizations.models import Membership, Organization
from secaction.supporters.models import Supporter
from tests.registry.factories import make_declaration, make_org


def declarer(
    *, owner_language: str | None = None, level: str = "one_star", status: str = "active", **org: Any
) -> Organization:
    """An organisation with one declaration (and so one registry entry), optionally with an owner."""
    organization = make_org(**org)
    make_declaration(organization, level=level, status=status)
    if owner_language:
        user = get_user_model().objects.create_user(
            email=f"owner-{organization.pk}@example.jp", language=owner_language
        )
        Membership.objects.create(organization=organization, user=user, role=Membership.Role.OWNER)
    return organization


def supporter(organization: Organization, status: str) -> Any:
    now = timezone.now()
    user = get_user_model().objects.create_user(email=f"supporter-{organization.pk}@example.jp")
    return Supporter.objects.create(
        organization=organization,
        status=status,
        kind="company",
        description="取組み",
        contact="x@example.jp",
        agreed_at=now,
        agreed_by=user,
        applied_at=now,
    )


def staff(email: str = "office@example.jp") -> Any:
    return get_user_model().objects.create_user(email=email, is_staff=True)


def draft(actor: Any, **fields: Any) -> Mailout:
    values: dict[str, Any] = {
        "kind": Mailout.Kind.NOTICE,
        "subject_ja": "お知らせ",
        "body_ja": "{name} 御中\n本文です。",
        "filters": {},
        "created_by": actor,
    }
    values.update(fields)
    return Mailout.objects.create(**values)
