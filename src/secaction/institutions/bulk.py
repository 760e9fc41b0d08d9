"""CSV in, CSV out for the bulk verification of institutions. Pure: no models, no database, no clock.

- ``bulk_source_check`` reads an uploaded file once and refuses it (``BulkFileError``, a message for the
  uploader) when it is not a CSV, has no usable header, no data rows or more than ``MAX_ROWS``;
- ``bulk_rows_iter`` streams its data rows as ``BulkRow`` (one per non-empty record, with a per-row
  ``error`` for a bad 基準日: bad rows never fail the file);
- ``bulk_result_header`` / ``bulk_result_cells`` build the result rows (columns in docs/api.md,
  "一括確認(CSV)"); the file is written by the portal's one CSV writer (``documents.csvwriter``);
- ``applicant_name_normalize`` folds the ways one company name is typed, for the ``name_mismatch`` flag.

Accepted encodings: UTF-8 (with or without BOM) and Shift_JIS / cp932 (what Excel in Japan saves).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from secaction.core.text import width_fold
from secaction.documents.csvwriter import SafeCsvWriter, csv_writer

MAX_ROWS = 50_000
JAPAN = ZoneInfo("Asia/Tokyo")

# Header spellings accepted for each column (compared after NFKC, spaces removed, lower case).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "declaration_id": ("declaration_id", "宣言id", "宣言番号"),
    "corporate_number": ("corporate_number", "法人番号"),
    "applicant_name": ("applicant_name", "申請者名", "事業者名"),
    "as_of": ("as_of", "基準日"),
}
INPUT_COLUMNS = tuple(COLUMN_ALIASES)

# The result file's columns, in order (docs/api.md, "一括確認(CSV)").
RESULT_COLUMNS = (
    "row",
    "input_declaration_id",
    "input_corporate_number",
    "input_applicant_name",
    "input_as_of",
    "result",
    "matched_by",
    "declaration_id",
    "level",
    "status",
    "as_of",
    "name",
    "corporate_number",
    "declared_at",
    "ended_at",
    "ended_reason",
    "two_star_since",
    "identity_verified",
    "name_mismatch",
    "error",
    # Added with issue 14, after the older columns so that readers by position keep working.
    "suspended",
    "last_confirmed_at",
)
TEMPLATE_HEADER = ("宣言ID", "法人番号", "申請者名", "基準日")
TEMPLATE_EXAMPLE = ("41234567895", "", "株式会社テスト商事", "2026-05-31")
_ENDED_REASONS = {"withdrawn": "withdrawn", "cancelled": "cancelled"}  # the API's ended_reason values
_DATE_RE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")


class BulkFileError(Exception):
    """The whole file is refused at upload; the message says why, in the uploader's language."""


@dataclass(frozen=True)
class BulkSource:
    """What ``bulk_source_check`` learnt: the encoding, which column holds what, and the data rows."""

    encoding: str
    columns: dict[str, int]
    rows_total: int


@dataclass(frozen=True)
class BulkRow:
    """One data row as given (cells stripped); ``row`` is its row number in a spreadsheet (header = 1)."""

    row: int
    declaration_id: str = ""
    corporate_number: str = ""
    applicant_name: str = ""
    as_of_text: str = ""
    as_of: dt.date | None = None
    error: str = ""


@dataclass(frozen=True)
class BulkAnswer:
    """The registry's answer for one row, as plain values (the service fills it from ``VerifyAnswer``)."""

    result: str  # found | not_found | invalid
    matched_by: str = ""
    declaration_id: str = ""
    level: str = ""
    status: str = ""
    name: str = ""
    corporate_number: str = ""
    declared_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    identity_verified: bool | None = None
    two_star_since: dt.date | None = None
    suspended: bool | None = None  # now, whatever the row's date: a suspension is not part of the history
    last_confirmed_at: dt.date | None = None
    answered_for: dt.date | None = None  # the day (Japan time) the level and status hold for
    message: str = ""


def _decode(data: bytes) -> tuple[str, str]:
    if b"\x00" in data:
        raise BulkFileError(
            _("CSVファイルではないようです。CSV形式(カンマ区切り)で保存したファイルを選んでください。")
        )
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise BulkFileError(
        _("ファイルの文字コードを読み取れません。UTF-8 または Shift_JIS(Excelの「CSV」)で保存してください。")
    )


def _header_key(cell: str) -> str:
    return re.sub(r"\s+", "", width_fold(cell)).lower()


def _columns(header: list[str]) -> dict[str, int]:
    keys = [_header_key(c) for c in header]
    columns: dict[str, int] = {}
    for column, aliases in COLUMN_ALIASES.items():
        for index, key in enumerate(keys):
            if key in aliases:
                columns[column] = index
                break
    if "declaration_id" not in columns and "corporate_number" not in columns:
        raise BulkFileError(
            _(
                "1行目に列名が見つかりません。1行目を見出しにして、「宣言ID」か「法人番号」の列"
                "(declaration_id / corporate_number)を含めてください。"
            )
        )
    return columns


def _records(text: str) -> Iterator[list[str]]:
    try:
        yield from csv.reader(io.StringIO(text, newline=""), strict=True)
    except csv.Error as exc:
        raise BulkFileError(
            _("CSVとして読み取れません(%(detail)s)。CSV形式で保存したファイルを選んでください。")
            % {"detail": exc}
        ) from exc


def _blank(record: list[str]) -> bool:
    return not any(cell.strip() for cell in record)


def bulk_source_check(data: bytes) -> BulkSource:
    """Refuse a file that cannot be processed at all (``BulkFileError``); otherwise describe it.

    Empty lines (and lines of empty cells, as Excel writes) are not rows. More than ``MAX_ROWS`` data
    rows, or none, refuse the file.
    """
    text, encoding = _decode(data)
    records = _records(text)
    header: list[str] | None = None
    for record in records:
        if not _blank(record):
            header = record
            break
    if header is None:
        raise BulkFileError(_("ファイルが空です。見出しの行と確認したい行を入れてください。"))
    columns = _columns(header)
    total = 0
    for record in records:
        if not _blank(record):
            total += 1
            if total > MAX_ROWS:
                raise BulkFileError(
                    _(
                        "行が多すぎます。1つのファイルは%(max)s行までです。ファイルを分けてアップロードしてください。"
                    )
                    % {"max": f"{MAX_ROWS:,}"}
                )
    if total == 0:
        raise BulkFileError(_("見出しの行のほかに、確認したい行がありません。"))
    return BulkSource(encoding=encoding, columns=columns, rows_total=total)


def as_of_parse(text: str) -> dt.date:
    """``YYYY-MM-DD`` or ``YYYY/MM/DD`` (full-width digits accepted); ``ValueError`` with a message."""
    match = _DATE_RE.match(width_fold(text).strip())
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    raise ValueError(_("基準日は 2026-05-31 または 2026/05/31 の形で入力してください。"))


def bulk_rows_iter(data: bytes, source: BulkSource) -> Iterator[BulkRow]:
    """The data rows of a checked file, in order, one at a time (the file is never held as rows)."""
    text, _encoding = _decode(data)
    columns = source.columns
    number = 0
    seen_header = False
    for record in _records(text):
        number += 1
        if _blank(record):
            continue
        if not seen_header:
            seen_header = True
            continue

        def cell(column: str, record: list[str] = record) -> str:
            index = columns.get(column)
            return record[index].strip() if index is not None and index < len(record) else ""

        as_of_text = cell("as_of")
        as_of, error = None, ""
        if as_of_text:
            try:
                as_of = as_of_parse(as_of_text)
            except ValueError as exc:
                error = str(exc)
        yield BulkRow(
            row=number,
            declaration_id=cell("declaration_id"),
            corporate_number=cell("corporate_number"),
            applicant_name=cell("applicant_name"),
            as_of_text=as_of_text,
            as_of=as_of,
            error=error,
        )


# Company-type notations, each folded to one canonical spelling where it stands (before or after the
# name). After NFKC: ㈱ is (株), full-width brackets are ASCII, half-width kana are full-width. The bank
# notation (カ) / カ) / (カ is only recognised at the ends of the name, where it stands for the type.
_COMPANY_TYPES: tuple[tuple[str, str, str], ...] = (
    ("(株)", "株式会社", "カ"),
    ("(有)", "有限会社", "ユ"),
    ("(同)", "合同会社", "ド"),
    ("(資)", "合資会社", "シ"),
    ("(名)", "合名会社", "メ"),
)


def _fold(name: str) -> str:
    # NFKC, spaces out, case folded, and again until stable: a removed space may have separated a letter
    # from a combining mark, and case folding may leave text that NFKC composes further.
    text, previous = name or "", None
    while text != previous:
        previous, text = text, width_fold(re.sub(r"\s+", "", width_fold(text)).casefold())
    return text


def applicant_name_normalize(name: str) -> str:
    """A company name folded for comparison: NFKC (full/half width, ㈱ → (株)), no spaces, ASCII lower
    case, and every notation of a company type — 株式会社 / (株) / ㈱ / (カ) / カ) … — as one spelling
    ("(株)") *where it stands*.

    The position is kept on purpose: 「株式会社テスト商事」 (前株) and 「テスト商事株式会社」 (後株) are
    two different legal names in Japan's commercial register, so an applicant who writes the wrong one
    is flagged as a mismatch (docs/api.md, "一括確認(CSV)"). Idempotent.
    """
    text = _fold(name)
    for short, long, kana in _COMPANY_TYPES:
        text = text.replace(long, short).replace(f"({kana})", short)
        if text.startswith(f"{kana})"):
            text = short + text[2:]
        if text.endswith(f"({kana}"):
            text = text[:-2] + short
    return text


def name_mismatch(applicant_name: str, registry_name: str) -> bool | None:
    """True when the applicant's name differs from the registry's after normalisation; None when either is empty."""
    if not applicant_name.strip() or not registry_name.strip():
        return None
    return applicant_name_normalize(applicant_name) != applicant_name_normalize(registry_name)


def _japan_date(value: dt.datetime | None) -> dt.date | None:
    return value.astimezone(JAPAN).date() if value is not None else None


def _flag(value: bool | None) -> str:
    return "" if value is None else ("true" if value else "false")


def bulk_result_header() -> list[str]:
    return list(RESULT_COLUMNS)


def bulk_result_cells(row: BulkRow, answer: BulkAnswer) -> list[object]:
    """One result row, in ``RESULT_COLUMNS`` order: the inputs as given, then the answer.

    Dates are Japan-time calendar dates (YYYY-MM-DD). ``as_of`` is the day the level and status hold
    for (``BulkAnswer.answered_for``), which the input's own date is compared with. ``ended_reason`` is ``withdrawn`` / ``cancelled`` (the API's values) for an
    ended declaration. ``suspended`` (``true`` / ``false``) is the declaration's state now: a suspended
    declaration's ``status`` stays ``active`` (docs/privacy-and-retention.md, "Suspension"). A row with an
    error in the file is ``invalid`` whatever the registry says.
    """
    found = answer.result == "found"
    return [
        row.row,
        row.declaration_id,
        row.corporate_number,
        row.applicant_name,
        row.as_of_text,
        answer.result,
        answer.matched_by if found else "",
        answer.declaration_id if found else "",
        answer.level if found else "",
        answer.status if found else "",
        answer.answered_for if found else None,
        answer.name if found else "",
        answer.corporate_number if found else "",
        _japan_date(answer.declared_at) if found else None,
        _japan_date(answer.ended_at) if found else None,
        _ENDED_REASONS.get(answer.status, "") if found else "",
        answer.two_star_since if found else None,
        _flag(answer.identity_verified) if found else "",
        _flag(name_mismatch(row.applicant_name, answer.name)) if found else "",
        row.error or answer.message,
        _flag(answer.suspended) if found else "",
        answer.last_confirmed_at if found else None,
    ]


def bulk_csv_start() -> tuple[io.StringIO, SafeCsvWriter]:
    """A buffer holding the byte-order mark Excel needs to read UTF-8, and the portal's CSV writer on it
    (CRLF line ends, formula starts neutralised: ``documents.csvwriter``)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    return buffer, csv_writer(buffer)


def bulk_template_csv() -> bytes:
    """The template offered on the upload page: the Japanese headers and one example row."""
    buffer, writer = bulk_csv_start()
    writer.writerow(TEMPLATE_HEADER)
    writer.writerow(TEMPLATE_EXAMPLE)
    return buffer.getvalue().encode()
