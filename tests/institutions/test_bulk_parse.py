"""Reading uploaded CSVs (pure): encodings, Japanese headers, empty lines, refusals, per-row errors; the result row."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from secaction.institutions.bulk import (
    MAX_ROWS,
    RESULT_COLUMNS,
    BulkAnswer,
    BulkFileError,
    BulkRow,
    as_of_parse,
    bulk_result_cells,
    bulk_rows_iter,
    bulk_source_check,
    bulk_template_csv,
)


def rows(data: bytes) -> list[BulkRow]:
    return list(bulk_rows_iter(data, bulk_source_check(data)))


JAPANESE = "宣言ID,法人番号,申請者名,基準日\r\n41234567895,,株式会社テスト,2026/05/31\r\n,1234567890123,(株)テスト,\r\n"


@pytest.mark.parametrize(
    "data",
    [
        JAPANESE.encode("utf-8"),
        ("\ufeff" + JAPANESE).encode("utf-8"),
        JAPANESE.encode("cp932"),
        JAPANESE.encode("shift_jis"),
    ],
    ids=["utf-8", "utf-8-bom", "cp932", "shift_jis"],
)
def test_japanese_headers_in_every_accepted_encoding(data: bytes) -> None:
    got = rows(data)
    assert [(r.row, r.declaration_id, r.corporate_number, r.applicant_name) for r in got] == [
        (2, "41234567895", "", "株式会社テスト"),
        (3, "", "1234567890123", "(株)テスト"),
    ]
    assert got[0].as_of == dt.date(2026, 5, 31) and got[0].as_of_text == "2026/05/31"
    assert got[1].as_of is None and not got[0].error


def test_english_headers_any_order_extra_columns_full_width_header_and_spaces() -> None:
    data = "memo, ＣＯＲＰＯＲＡＴＥ_ＮＵＭＢＥＲ ,declaration_id\nx, 1234567890123 ,\n".encode()
    (row,) = rows(data)
    assert (row.declaration_id, row.corporate_number, row.applicant_name, row.as_of_text) == (
        "",
        "1234567890123",
        "",
        "",
    )


def test_empty_lines_and_lines_of_empty_cells_are_not_rows_but_keep_row_numbers() -> None:
    data = b"\r\n\r\ndeclaration_id,as_of\r\n41234567895,\r\n\r\n,,\r\n40000000018,2026-02-30\r\n\r\n"
    source = bulk_source_check(data)
    got = list(bulk_rows_iter(data, source))
    assert source.rows_total == 2 == len(got)
    assert [r.row for r in got] == [4, 7]
    assert got[1].as_of is None and "基準日" in got[1].error


def test_short_rows_read_as_empty_cells() -> None:
    (row,) = rows(b"declaration_id,corporate_number,applicant_name\n41234567895\n")
    assert (row.corporate_number, row.applicant_name) == ("", "")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "空"),
        (b"\r\n,,\r\n", "空"),
        (b"declaration_id\r\n", "確認したい行がありません"),
        (b"name,address\r\nA,B\r\n", "宣言ID"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "CSVファイルではない"),
        (bytes([0x81, 0x20, 0xFF, 0xFE, 0x80]) * 3, "文字コード"),
        (b'declaration_id\r\n"41234567895\r\n', "CSVとして読み取れません"),
    ],
    ids=["empty", "blank-lines", "header-only", "no-usable-column", "binary", "undecodable", "open-quote"],
)
def test_files_that_cannot_be_processed_are_refused_with_a_message(data: bytes, words: str) -> None:
    with pytest.raises(BulkFileError) as exc:
        bulk_source_check(data)
    assert words in str(exc.value)


def test_max_rows_accepted_one_more_refused() -> None:
    body = "41234567895\r\n" * MAX_ROWS
    assert bulk_source_check(("宣言ID\r\n" + body).encode()).rows_total == MAX_ROWS
    with pytest.raises(BulkFileError) as exc:
        bulk_source_check(("宣言ID\r\n" + body + "41234567895\r\n").encode())
    assert "50,000" in str(exc.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-05-31", dt.date(2026, 5, 31)),
        ("2026/5/1", dt.date(2026, 5, 1)),
        ("２０２６／０５／３１", dt.date(2026, 5, 31)),
        (" 2024-02-29 ", dt.date(2024, 2, 29)),
    ],
)
def test_as_of_formats(text: str, expected: dt.date) -> None:
    assert as_of_parse(text) == expected


@pytest.mark.parametrize("text", ["2026-02-30", "20260531", "31/05/2026", "2026-13-01", "昨日", "2026.05.31"])
def test_bad_as_of_is_a_value_error_with_the_formats(text: str) -> None:
    with pytest.raises(ValueError, match="2026-05-31"):
        as_of_parse(text)


FOUND = BulkAnswer(
    result="found",
    matched_by="corporate_number",
    declaration_id="41234567895",
    level="two_star",
    status="withdrawn",
    name="株式会社テスト",
    corporate_number="1234567890123",
    declared_at=dt.datetime(2026, 3, 31, 16, 0, tzinfo=dt.UTC),  # 2026-04-01 in Japan
    ended_at=dt.datetime(2026, 6, 1, 1, 0, tzinfo=dt.UTC),
    identity_verified=True,
    answered_for=dt.date(2026, 12, 7),
)


def test_result_row_of_a_found_declaration() -> None:
    row = BulkRow(
        row=2,
        corporate_number="1234567890123",
        applicant_name="テスト(株)",
        as_of_text="2026/05/31",
        as_of=dt.date(2026, 5, 31),
    )
    cells = dict(zip(RESULT_COLUMNS, bulk_result_cells(row, FOUND), strict=True))
    assert (
        cells["row"] == 2 and cells["input_as_of"] == "2026/05/31" and cells["as_of"] == dt.date(2026, 12, 7)
    )
    assert (cells["result"], cells["matched_by"], cells["declaration_id"]) == (
        "found",
        "corporate_number",
        "41234567895",
    )
    assert (cells["level"], cells["status"], cells["ended_reason"]) == (
        "two_star",
        "withdrawn",
        "withdrawn",
    )
    assert (cells["declared_at"], cells["ended_at"]) == (dt.date(2026, 4, 1), dt.date(2026, 6, 1))
    assert (cells["identity_verified"], cells["name_mismatch"], cells["error"]) == ("true", "true", "")


def test_result_row_of_a_miss_carries_no_registry_values_and_the_message() -> None:
    row = BulkRow(row=5, declaration_id="41234567859", applicant_name="株式会社テスト")
    answer = BulkAnswer(result="not_found", message="写し間違い")
    cells = dict(zip(RESULT_COLUMNS, bulk_result_cells(row, answer), strict=True))
    assert cells["input_declaration_id"] == "41234567859" and cells["result"] == "not_found"
    assert all(cells[c] in ("", None) for c in RESULT_COLUMNS[6:] if c != "error")
    assert cells["error"] == "写し間違い"


def test_a_row_error_wins_over_the_answer_message() -> None:
    row = BulkRow(row=3, declaration_id="41234567895", as_of_text="x", error="基準日は…")
    cells = bulk_result_cells(row, BulkAnswer(result="invalid"))
    assert cells[RESULT_COLUMNS.index("result")] == "invalid"
    assert cells[RESULT_COLUMNS.index("error")] == "基準日は…"


def test_template_is_excel_csv_with_the_japanese_headers() -> None:
    data = bulk_template_csv()
    assert data.startswith("\ufeff".encode()) and b"\r\n" in data
    assert bulk_source_check(data).rows_total == 1
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header == ["宣言ID", "法人番号", "申請者名", "基準日"]
