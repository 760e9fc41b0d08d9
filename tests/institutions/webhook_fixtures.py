"""Institutions, contacts, keys and a running receiver for the webhook tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from secaction.institutions.models import ApiKey, Institution, InstitutionContact
from secaction.institutions.services import api_key_issue

from .webhook_receiver import Receiver, receiver_start


@dataclass
class Side:
    institution: Institution
    contact: Any
    key: ApiKey


def side_make(name: str, email: str) -> Side:
    from secaction.accounts.models import User

    office, _ = User.objects.get_or_create(email="office@example.jp", defaults={"is_staff": True})
    institution = Institution.objects.create(name=name)
    contact = User.objects.create_user(email=email)
    InstitutionContact.objects.create(institution=institution, user=contact)
    key, _plain = api_key_issue(contact=email, actor=office, holder=institution)
    return Side(institution, contact, key)


@pytest.fixture
def office_side(db) -> Side:
    return side_make("テスト県補助金事務局", "hojo@example.jp")


@pytest.fixture
def other_side(db) -> Side:
    return side_make("別の取引先株式会社", "other@example.jp")


@pytest.fixture
def receiver(settings) -> Iterator[Receiver]:
    settings.WEBHOOK_ALLOW_HTTP_HOSTS = ["127.0.0.1"]
    running = receiver_start()
    yield running
    running.server.shutdown()
    running.server.server_close()
