"""Imported declarations for the claim tests, made by the real importer (registry.importing)."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path
from typing import Any

from secaction.declarations.models import Declaration

IMPORTED_ID = "40000000017"
IMPORTED_NUMBER = "6010001000001"
ON_RECORD = "info@minato.example.jp"


def imported_declaration(
    declaration_id: str = IMPORTED_ID,
    *,
    corporate_number: str = IMPORTED_NUMBER,
    contact_email: str = ON_RECORD,
    name: str = "株式会社みなと製作所",
    **columns: str,
) -> Declaration:
    """One imported ★ declaration with only the columns the older system always had: no representative,
    no employees or capital, no phone (the gaps My Page must guide the new owner through)."""
    row: dict[str, Any] = {
        "declaration_id": declaration_id,
        "level": "one_star",
        "declared_at": "2018-05-10",
        "status": "active",
        "name": name,
        "name_kana": "カブシキガイシャミナトセイサクショ",
        "corporate_number": corporate_number,
        "prefecture": "13",
        "industry": "E",
        "contact_email": contact_email,
        **columns,
    }
    from secaction.registry.importing import declarations_import

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "import.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(row))
            writer.writeheader()
            writer.writerow(row)
        report = declarations_import(path)
    assert report.imported == 1, report
    return Declaration.objects.select_related("organization").get(declaration_id=declaration_id)
