"""The one CSV writer: formula starts in text cells are neutralised, numbers and dates kept."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from secaction.documents.csvwriter import FORMULA_STARTS, csv_cell, csv_writer

SRC = Path(__file__).resolve().parents[2] / "src" / "secaction"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+81-3-1234-5678", "'+81-3-1234-5678"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("＝１＋１", "'＝１＋１"),
        ("株式会社=山田", "株式会社=山田"),
        ("", ""),
        (None, ""),
        (-3, -3),
        (Decimal("-1.5"), Decimal("-1.5")),
        (2.5, 2.5),
        (datetime.date(2026, 12, 6), "2026-12-06"),
        (True, "True"),
    ],
)
def test_cell_rule(value, expected):
    assert csv_cell(value) == expected


@given(st.text())
def test_no_text_cell_starts_a_formula(text):
    cell = csv_cell(text)
    assert not cell or cell[0] not in FORMULA_STARTS
    assert cell in (text, "'" + text)  # nothing is dropped, at most one apostrophe added


@given(st.integers())
def test_numbers_stay_numbers(n):
    out = io.StringIO()
    csv_writer(out).writerow([n])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == [str(n)]


def test_writer_round_trip():
    out = io.StringIO()
    csv_writer(out).writerows([["=1+1", 7, "a,b"], ["-", None, "ok"]])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [["'=1+1", "7", "a,b"], ["'-", "", "ok"]]


def test_no_other_csv_writer_in_the_portal():
    """Every CSV goes through ``csv_writer``: no module builds its own ``csv.writer``."""
    offenders = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if p.name != "csvwriter.py" and ("csv.writer(" in (text := p.read_text()) or "DictWriter" in text)
    ]
    assert offenders == []
