"""Factories for the declarations tests: organisations with owners and members."""

from __future__ import annotations

import itertools
from itertools import chain

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError

from secaction.accounts.models import User
from secaction.declarations.models import ProgrammeSettings, ReviewMode, TermsVersion
from secaction.declarations.rules import TwoStarInput
from secaction.organizations.models import Membership, Organization

_seq = itertools.count(1)


def make_user(
    email: str | None = None, *, language: str = "ja", staff: bool = False, password: str = "pw-Secret-123"
) -> User:
    email = email or f"user{next(_seq)}@example.jp"
    user = User.objects.create_user(email, password, language=language, is_staff=staff, is_superuser=staff)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def make_org(name: str = "株式会社みどり商店", corporate_number: str = "", **extra) -> Organization:
    n = next(_seq)
    fields = dict(
        entity_type="corporation",
        name=name,
        name_kana="ミドリショウテン",
        corporate_number=corporate_number or f"{7000000000000 + n}",
        representative_name="緑川 一郎",
        postal_code="100-0001",
        prefecture="13",
        address="千代田区千代田1-1",
        industry="I",
        employees="1-5",
        capital="-10m",
        contact_name="緑川 花子",
        contact_email=f"contact{n}@example.jp",
        contact_phone="03-1234-5678",
    )
    fields.update(extra)
    return Organization.objects.create(**fields)


def add_member(org: Organization, user: User | None = None, role: str = "member") -> User:
    user = user or make_user()
    Membership.objects.create(organization=org, user=user, role=role)
    return user


@pytest.fixture
def org():
    return make_org()


@pytest.fixture
def owner(org):
    return add_member(org, make_user("owner@example.jp"), role="owner")


@pytest.fixture
def member(org):
    return add_member(org, make_user("member@example.jp"), role="member")


@pytest.fixture
def staff():
    return make_user("staff@example.jp", staff=True)


@pytest.fixture
def terms():
    return TermsVersion.objects.get(is_current=True)


@pytest.fixture
def reviewed_mode():
    s = ProgrammeSettings.load()
    s.review_mode = ReviewMode.REVIEWED
    s.save()
    return s


GOOD_TWO_STAR = TwoStarInput(
    publication_method="website",
    publication_url="https://midori.example.jp/security-policy",
    diagnosis_stated=True,
    policy_stated=True,
)


def error_codes(exc: ValidationError) -> set[str | None]:
    """The codes of every message of a service's refusal, field-keyed or not."""
    errors = chain.from_iterable(exc.error_dict.values()) if hasattr(exc, "error_dict") else exc.error_list
    return {error.code for error in errors}
