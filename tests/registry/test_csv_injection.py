"""Every CSV the portal serves, with a hostile organisation name: no cell starts a formula."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from secaction.documents.csvwriter import FORMULA_STARTS

from .factories import make_declaration, make_org, new_id

pytestmark = pytest.mark.django_db

HOSTILE_NAMES = ['=HYPERLINK("http://evil.example","開く")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "\t=1"]


def _cells(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _assert_no_formula(rows: list[list[str]]) -> None:
    starts = [cell for row in rows for cell in row if cell and cell[0] in FORMULA_STARTS]
    assert starts == []


@pytest.fixture
def hostile():
    return [
        make_declaration(make_org(name=name), level="two_star" if i % 2 else "one_star")
        for i, name in enumerate(HOSTILE_NAMES)
    ]


def test_batch_verify_csv(client, hostile):
    ids = "\n".join([*(d.declaration_id for d in hostile), "=1+1", "-" + new_id(9)])
    r = client.post(reverse("registry:batch"), {"ids": ids, "download": "csv"})
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    rows = _cells(r.content)
    _assert_no_formula(rows)
    # The names are still there, whole, behind the apostrophe.
    assert [row[5] for row in rows[1:6]] == ["'" + n for n in HOSTILE_NAMES]
    assert rows[6][0] == "'=1+1"


def test_statistics_csv(client, hostile):
    r = client.get(reverse("registry:statistics_csv"))
    assert r.status_code == 200
    rows = _cells(r.content)
    _assert_no_formula(rows)
    assert rows[1][3:6] == ["3", "2", "5"]  # counts are numbers, written as numbers


def test_import_error_report(tmp_path, monkeypatch):
    """The report echoes what the importer said about a row; a message that starts a formula is neutralised."""
    from secaction.registry.importing import ImportReport, RowError
    from secaction.registry.management.commands import import_declarations

    hostile = ImportReport(rows=1, errors=[RowError(2, "name", '=HYPERLINK("x")'), RowError(3, "-", "@x")])
    monkeypatch.setattr(import_declarations, "declarations_import", lambda *a, **k: hostile)
    source = tmp_path / "in.csv"
    source.write_text("declaration_id\n", encoding="utf-8")
    report = tmp_path / "report.csv"
    call_command("import_declarations", str(source), "--dry-run", "--report", str(report))
    rows = _cells(report.read_bytes())
    assert rows[1:] == [["2", "name", '\'=HYPERLINK("x")'], ["3", "'-", "'@x"]]
    _assert_no_formula(rows)
