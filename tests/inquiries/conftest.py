"""Factories for the inquiries tests."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from secaction.inquiries.models import Inquiry
from secaction.inquiries.services import inquiry_submit
from tests.declarations.conftest import add_member, make_org, make_user  # noqa: F401 (re-exported)


def submit(
    user: Any = None, *, email: str = "asker@example.jp", ip: str = "192.0.2.1", **extra: Any
) -> Inquiry:
    data = {
        "category": "logo",
        "subject": "ロゴの色について",
        "body": "ロゴマークの色を変えてもよいですか。",
        "name": "山田 太郎",
        "email": email,
        "client_ip": ip,
        **extra,
    }
    inquiry = inquiry_submit(user, **data)
    assert inquiry is not None
    return inquiry


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
def staff_client(client, staff):
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)
    return client
