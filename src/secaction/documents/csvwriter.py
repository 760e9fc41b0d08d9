"""The one CSV writer of the portal: every CSV the portal writes goes through ``csv_writer``.

Spreadsheet programs (Excel, LibreOffice, Numbers) treat a cell whose text starts
with ``=``, ``+``, ``-`` or ``@`` as a formula, and a leading tab or carriage return
can hide such a start; a declarer's organisation name such as ``=HYPERLINK(…)`` would
otherwise run as a live formula on the PC of the subsidy office that opens a batch
verification. OWASP's rule ("CSV Injection") is applied to every text cell: such a
cell is written with a leading apostrophe, which the spreadsheet shows as text.

The rule applies to text only. Numbers the portal writes as numbers (``int``,
``float``, ``Decimal``; a count, a negative figure) stay numbers and are written as
they are; dates and datetimes are written in ISO 8601 (``2026-12-06``), which never
starts with a formula character. A text that merely looks like a negative number
(``"-5"``, a phone number ``"+81…"``) is still text and gets the apostrophe: the
portal never writes figures as text, so such a cell came from someone's input.
The full-width forms (＝ ＋ － ＠) are treated like their ASCII originals, since
Japanese Excel turns a full-width ``＝`` typed at the start of a cell into a formula.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Protocol

# What a spreadsheet reads as the start of a formula (OWASP), plus the full-width forms.
FORMULA_STARTS = frozenset("=+-@\t\r" + "\uff1d\uff0b\uff0d\uff20")


class _Writable(Protocol):
    def write(self, s: str, /) -> Any: ...


def csv_cell(value: Any) -> Any:
    """One cell as the CSV writer should receive it.

    ``None`` is an empty cell; ``bool`` is text (``True``/``False``); numbers pass
    through; dates become ISO 8601; any other value is text, prefixed with ``'``
    when its first character is one of ``FORMULA_STARTS``. Pure and total.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime.date):  # datetime is a date too
        return value.isoformat()
    text = str(value)
    if text and text[0] in FORMULA_STARTS:
        return "'" + text
    return text


class SafeCsvWriter:
    """A ``csv.writer`` whose every cell goes through ``csv_cell``."""

    def __init__(self, fileobj: _Writable) -> None:
        self._writer = csv.writer(fileobj)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([csv_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(fileobj: _Writable) -> SafeCsvWriter:
    """The writer to use for every CSV the portal writes (downloads, reports, exports)."""
    return SafeCsvWriter(fileobj)
