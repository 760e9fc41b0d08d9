"""Dates follow the page's language through Django's per-language formats (secaction/formats/)."""

import datetime
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "secaction"
MOMENT = datetime.datetime(2026, 4, 1, 9, 5, tzinfo=datetime.UTC)  # 18:05 in Tokyo


@pytest.mark.parametrize(
    ("language", "fmt", "expected"),
    [
        ("ja", "DATE_FORMAT", "2026年4月1日"),
        ("en", "DATE_FORMAT", "1 April 2026"),
        ("ja", "DATETIME_FORMAT", "2026年4月1日 18:05"),
        ("en", "DATETIME_FORMAT", "1 April 2026, 18:05"),
        ("ja", "SHORT_DATE_FORMAT", "2026-04-01"),
        ("en", "SHORT_DATETIME_FORMAT", "2026-04-01 18:05"),
    ],
)
def test_named_formats_per_language(language, fmt, expected):
    with translation.override(language):
        rendered = Template('{{ moment|date:"' + fmt + '" }}').render(Context({"moment": MOMENT}))
    assert rendered == expected


def test_no_template_types_its_own_date_format():
    # A format typed into a template (|date:"Y年n月j日") is the same in every language; name one instead.
    typed = re.compile(r"\|date:\s*[\"'](?![A-Z_]+_FORMAT[\"'])[^\"']*[\"']")
    offenders = [
        f"{path.relative_to(PACKAGE)}: {match.group(0)}"
        for path in PACKAGE.rglob("templates/**/*")
        if path.suffix in {".html", ".txt"}
        for match in typed.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, offenders
