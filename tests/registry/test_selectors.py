from __future__ import annotations

import pytest
from django.core.management import call_command

from secaction.declarations.models import Declaration
from secaction.registry.models import RegistryEntry
from secaction.registry.selectors import RegistryQuery, declarations_verify, registry_search
from secaction.registry.selectors import search as selectors

from .factories import make_declaration, make_org, new_id

pytestmark = pytest.mark.django_db


def _many(n: int, stem: str = "ショウテン") -> None:
    for i in range(n):
        make_declaration(make_org(name=f"テスト商店{i:02d}", name_kana=f"テスト{stem}{i:02d}"))


def test_exact_count_and_kana_order():
    _many(7)
    page = registry_search(RegistryQuery(name="テスト"), page=1, per_page=3)
    assert page.total == 7 and not page.total_capped
    assert [e.name_kana for e in page.entries] == [
        "テストショウテン00",
        "テストショウテン01",
        "テストショウテン02",
    ]
    assert page.has_next and not page.has_previous
    last = registry_search(RegistryQuery(name="テスト"), page=3, per_page=3)
    assert [e.name_kana for e in last.entries] == ["テストショウテン06"]
    assert not last.has_next


def test_broad_query_is_capped_and_pages_stop_at_the_cap(monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 5)
    _many(9)
    page = registry_search(RegistryQuery(name="テスト"), page=1, per_page=2)
    assert page.total_capped and page.total == 5
    # Still the global kana order, not an arbitrary subset.
    assert [e.name_kana for e in page.entries] == ["テストショウテン00", "テストショウテン01"]
    third = registry_search(RegistryQuery(name="テスト"), page=3, per_page=2)
    assert [e.name_kana for e in third.entries] == ["テストショウテン04"]
    assert not third.has_next
    beyond = registry_search(RegistryQuery(name="テスト"), page=99, per_page=2)
    assert beyond.number == 3


def test_query_only_active():
    make_declaration(make_org(name="生きてる商店", name_kana="イキテルショウテン"))
    make_declaration(make_org(name="止めた商店", name_kana="ヤメタショウテン"), status="withdrawn")
    make_declaration(make_org(name="待ってる商店", name_kana="マッテルショウテン"), status="pending")
    names = [e.name for e in registry_search(RegistryQuery(name="商店")).entries]
    assert names == ["生きてる商店"]


def test_declaration_without_id_has_no_entry_until_issued():
    d = make_declaration(declaration_id=None, status="pending")
    assert not RegistryEntry.objects.filter(declaration_id=d.pk).exists()
    d.declaration_id = new_id(31337)
    d.status = "active"
    d.save()
    assert RegistryEntry.objects.get(declaration_id=d.pk).status == "active"


def test_upgrade_keeps_id_and_changes_level():
    d = make_declaration()
    d.level = "two_star"
    d.save()
    [r] = declarations_verify([d.declaration_id])
    assert r.entry is not None and r.entry.level == "two_star"


def test_rebuild_recreates_the_read_model():
    d1 = make_declaration()
    d2 = make_declaration(status="cancelled")
    # A bulk update bypasses signals; the rebuild puts things right.
    Declaration.objects.filter(pk=d1.pk).update(status="withdrawn")
    RegistryEntry.objects.filter(pk=d2.pk).delete()
    call_command("registry_rebuild")
    assert RegistryEntry.objects.get(pk=d1.pk).status == "withdrawn"
    assert RegistryEntry.objects.get(pk=d2.pk).status == "cancelled"
    assert RegistryEntry.objects.count() == 2


def test_load_data_generator_makes_valid_varied_data():
    call_command("generate_load_data", "--declarations", "300", "--batch-size", "100")
    assert Declaration.objects.count() == 300
    entries = RegistryEntry.objects.all()
    assert entries.count() == Declaration.objects.exclude(declaration_id=None).count()
    from secaction.declarations.ids import damm_valid, declaration_id_normalize

    for e in entries:
        assert declaration_id_normalize(e.declaration_code) == e.declaration_code
        assert e.declaration_code[0] == "4"  # new and legacy IDs alike: 「4からはじまる11桁の数字」
    new_ids = Declaration.objects.filter(imported=False).exclude(declaration_id=None)
    assert new_ids.exists()
    assert all(damm_valid(code) for code in new_ids.values_list("declaration_id", flat=True))
    assert {e.level for e in entries} == {"one_star", "two_star"}
    assert len({e.prefecture for e in entries}) > 20
    assert {"active", "withdrawn"} <= {e.status for e in entries}
