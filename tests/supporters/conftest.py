"""Fixtures for the supporters tests: an organisation with an owner and a member, staff, and factories."""

from __future__ import annotations

import pytest

from secaction.declarations.models import Declaration
from secaction.supporters import services
from secaction.supporters.models import Supporter, SupportOffer
from tests.declarations.conftest import add_member, make_org, make_user
from tests.registry.factories import make_declaration

__all__ = ["add_member", "make_org", "make_user", "apply", "approved_supporter", "declare", "offer"]

PROFILE = services.SupporterInput(
    kind="company",
    description="セキュリティ勉強会を毎月開いて、SECURITY ACTION の宣言を呼びかけています。",
    contact="support@example.jp",
    website="https://support.example.jp/",
)


def declare(org, **fields) -> Declaration:
    """An active ★ declaration for ``org`` (unless it has an open one): what applying as a supporter needs."""
    existing = org.declarations.filter(status__in=["pending", "returned", "active"]).first()
    return existing or make_declaration(org, **fields)


def apply(org, owner) -> Supporter:
    declare(org)
    return services.supporter_apply(organization=org, user=owner, data=PROFILE, agreed=True)


def approved_supporter(org=None, owner=None, staff=None) -> Supporter:
    org = org or make_org("株式会社支援ネット")
    owner = owner or add_member(org, role="owner")
    staff = staff or make_user(staff=True)
    return services.supporter_approve(supporter=apply(org, owner), staff=staff)


def offer(supporter, user, *, publish=True, **fields) -> SupportOffer:
    data = {
        "title": "無料セキュリティ相談",
        "category": "information",
        "description": "宣言事業者は初回の相談が無料です。",
        "audience": "declarers",
        "prefecture": "",
        "url": "",
        **fields,
    }
    return services.offer_create(
        supporter=supporter, user=user, data=services.OfferInput(**data), publish=publish
    )


@pytest.fixture
def org():
    """An organisation that has declared ★, as every applicant must have."""
    org = make_org("株式会社ささえる")
    declare(org)
    return org


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
def supporter(org, owner, staff):
    return approved_supporter(org, owner, staff)
