"""Imported names follow the rules of names typed on the site (issue 10, finding 10)."""

from __future__ import annotations

from secaction.registry.importing import row_clean

from .factories import new_id


def test_import_refuses_look_alike_names_and_folds_the_rest():
    row = {
        "declaration_id": new_id(77),
        "level": "one_star",
        "declared_at": "2020-01-01",
        "name": "株式会社\u202eエー",
        "name_kana": "エー",
        "prefecture": "13",
        "industry": "I",
        "entity_type": "sole_proprietor",
    }
    _, errors = row_clean(row)
    assert [field for field, _ in errors] == ["name"] and "U+202E" in errors[0][1]
    out, errors = row_clean({**row, "name": "ＡＢＣ　商店"})
    assert errors == [] and out["name"] == "ABC 商店"
