"""Small helpers to build organisations, members and answer sets for the diagnosis tests."""

from __future__ import annotations

import itertools
from typing import Any

from allauth.account.models import EmailAddress

from secaction.accounts.models import User
from secaction.organizations.models import Membership, Organization

_seq = itertools.count(1)


def organization_make(name: str = "株式会社テスト") -> Organization:
    return Organization.objects.create(
        entity_type="corporation",
        name=name,
        name_kana="テスト",
        corporate_number="",
        representative_name="山田 太郎",
        postal_code="100-0001",
        prefecture="13",
        address="千代田区1-1",
        industry="E",
        employees="6-20",
        capital="-10m",
        contact_name="山田 花子",
        contact_email="info@example.jp",
        contact_phone="03-0000-0000",
    )


def member_make(
    organization: Organization | None = None, *, email: str | None = None, password: str = "pw-Secure-12345"
) -> User:
    user = User.objects.create_user(email=email or f"user{next(_seq)}@example.jp", password=password)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    if organization is not None:
        Membership.objects.create(user=user, organization=organization, role="owner")
    return user


def answers_all(value: str) -> dict[int, str]:
    return {n: value for n in range(1, 26)}


def answers_for_total(total: int) -> dict[int, str] | None:
    """Some complete answer set scoring exactly ``total``, or None if no answers can reach it."""
    for yes in range(25, -1, -1):
        for partial in range(25 - yes, -1, -1):
            for unknown in range(25 - yes - partial + 1):
                if 4 * yes + 2 * partial - unknown == total:
                    values = ["yes"] * yes + ["partial"] * partial + ["unknown"] * unknown
                    values += ["no"] * (25 - len(values))
                    return dict(zip(range(1, 26), values, strict=True))
    return None


def post_data(answers: dict[int, str], **extra: Any) -> dict[str, Any]:
    return {**{f"q{n}": v for n, v in answers.items()}, **extra}
