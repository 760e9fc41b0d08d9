"""Before a declaration is submitted the declarer sees what becomes public and confirms it."""

from __future__ import annotations

import pytest

from secaction.declarations.models import Declaration
from secaction.legal.public_fields import PUBLIC_FIELDS
from secaction.registry.models import RegistryEntry
from tests.declarations.conftest import add_member, make_org, make_user

pytestmark = pytest.mark.django_db


def _to_confirm(client, org):
    client.force_login(add_member(org, make_user(), role="owner"))
    assert client.post("/declarations/new/", {"level": "one_star"}).status_code == 302
    assert (
        client.post("/declarations/new/principles/", {f"p{n}": "on" for n in range(1, 6)}).status_code == 302
    )
    assert client.post("/declarations/new/terms/", {"agree": "on"}).status_code == 302


def test_public_fields_are_fields_the_registry_publishes():
    names = {f.name for f in RegistryEntry._meta.get_fields()}
    assert {name for name, _label in PUBLIC_FIELDS} <= names


def test_confirm_lists_the_public_fields_and_refuses_without_the_tick(client):
    org = make_org()
    _to_confirm(client, org)
    html = client.get("/declarations/new/confirm/").content.decode()
    assert 'name="public_ok"' in html
    for _name, label in PUBLIC_FIELDS:
        assert str(label) in html
    assert "個人事業主の方へ" not in html  # a corporation
    response = client.post("/declarations/new/confirm/", follow=True)
    assert not Declaration.objects.filter(organization=org).exists()
    assert "チェックを入れてください" in response.content.decode()
    client.post("/declarations/new/confirm/", {"public_ok": "1"})
    assert Declaration.objects.filter(organization=org).exists()


def test_a_sole_proprietor_is_warned_that_the_name_becomes_public(client):
    org = make_org("緑川 一郎", entity_type="sole_proprietor")
    _to_confirm(client, org)
    html = client.get("/declarations/new/confirm/").content.decode()
    assert "個人事業主の方へ" in html and "/org/edit/" in html
