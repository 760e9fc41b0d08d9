"""Factories for the privacy tests: a declared organisation with an owner and a member, and staff."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest

from secaction.declarations import services as declaration_services
from secaction.declarations.models import TermsVersion
from tests.declarations.conftest import add_member, make_org, make_user

NOW = dt.datetime(2026, 4, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def org():
    return make_org("株式会社みどり商店")


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
def declared(org, owner):
    return declaration_services.declaration_submit(
        organization=org,
        user=owner,
        level="one_star",
        pledged_principles=[1, 2, 3, 4, 5],
        terms_version=TermsVersion.objects.get(is_current=True),
    )


class Clock:
    """``timezone.now()`` fixed at a moment the test moves forward."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def move(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock():
    c = Clock(NOW)
    with mock.patch("django.utils.timezone.now", side_effect=lambda: c.now):
        yield c
