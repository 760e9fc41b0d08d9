"""Declarations with a chosen last confirmation, for the continuation tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model

from secaction.declarations.models import Declaration
from secaction.organizations.models import Membership
from tests.registry.factories import make_declaration, make_org

NOW = dt.datetime(2027, 6, 15, 3, 0, tzinfo=dt.UTC)  # 12:00 in Japan


def confirmed(
    ago: dt.timedelta, *, level: str = "one_star", language: str | None = None, **org: Any
) -> Declaration:
    """An active declaration last confirmed ``ago`` before ``NOW``, its organisation optionally with an owner."""
    organization = make_org(**org)
    declaration = make_declaration(
        organization, level=level, declared_at=NOW - ago, last_confirmed_at=NOW - ago
    )
    if language:
        user = get_user_model().objects.create_user(
            email=f"owner-{organization.pk}@example.jp", language=language
        )
        Membership.objects.create(organization=organization, user=user, role=Membership.Role.OWNER)
    return declaration
