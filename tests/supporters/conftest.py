"""Fixtures for the supporters tests: an organisation with an owner and a member, staff, and factories."""

from __future__ import annotations

import pytest

from secaction.supporters import services
from secaction.supporters.models import Supporter, SupportOffer
from tests.declarations.conftest import add_member, make_org, make_user

__all__ = ["add_member", "make_org", "make_user", "apply", "approved_supporter", "offer"]

PROFILE = services.SupporterInput(
    kind="company",
    description="セキュリティ勉強会を毎月開いて、SECURITY ACTION の宣言を呼びかけています。",
    contact="support@example.jp",
    website="https://support.example.jp/",
)


def apply(org, owner) -> Supporter:
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
    return make_org("株式会社ささえる")


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
