"""The registry records each public change of a declaration once, and the rebuild records none."""

from __future__ import annotations

import pytest
from django.utils import timezone

from secaction.registry.models import RegistryChange
from secaction.registry.services import registry_rebuild

from .factories import make_declaration

pytestmark = pytest.mark.django_db


def _kinds() -> list[tuple[str, str, str]]:
    return list(RegistryChange.objects.order_by("id").values_list("kind", "level", "status"))


def test_start_upgrade_and_withdrawal_are_recorded_in_order() -> None:
    declaration = make_declaration(level="one_star", status="active")
    declaration.save()  # a save that changes nothing public records nothing
    declaration.level = "two_star"
    declaration.save()
    declaration.status, declaration.ended_at = "withdrawn", timezone.now()
    declaration.save()
    assert _kinds() == [
        ("started", "one_star", "active"),
        ("level_changed", "two_star", "active"),
        ("ended", "two_star", "withdrawn"),
    ]
    assert set(RegistryChange.objects.values_list("declaration_code", flat=True)) == {
        declaration.declaration_id
    }


def test_the_rebuild_of_the_read_model_records_no_change() -> None:
    make_declaration(level="one_star", status="active")
    before = RegistryChange.objects.count()
    registry_rebuild()
    assert RegistryChange.objects.count() == before == 1


def test_a_rename_moves_the_entries_updated_at_and_an_unrelated_save_does_not() -> None:
    from secaction.registry.models import RegistryEntry

    declaration = make_declaration()
    organization = declaration.organization
    first = RegistryEntry.objects.get(declaration_id=declaration.pk).updated_at
    organization.website = "https://example.jp/"  # not a public field of the registry
    organization.save()
    assert RegistryEntry.objects.get(declaration_id=declaration.pk).updated_at == first
    organization.name = "株式会社あたらしい名前"
    organization.save()
    entry = RegistryEntry.objects.get(declaration_id=declaration.pk)
    assert entry.name == "株式会社あたらしい名前" and entry.updated_at > first
