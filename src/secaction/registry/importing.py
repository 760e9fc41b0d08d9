"""Import of declarations from the older system (``manage.py import_declarations``).

Two passes. The first reads and validates every row with the same pure
validators the web forms use, and checks duplicates (inside the file and
against the database) with a few set-based queries, never one per row. The
second writes everything with ``bulk_create`` in batches inside ONE
transaction: either all accepted rows are imported or nothing is.

Rule: any rejected row aborts the import (nothing is written) unless
``skip_invalid`` is set, in which case the valid rows are imported and the
rejected ones reported. ``dry_run`` validates and reports without writing.
The CSV format is documented in docs/import.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils.translation import gettext as _

from secaction.core.public_text import public_text_problem
from secaction.core.services import audit_record
from secaction.core.text import name_fold
from secaction.declarations.ids import DeclarationIdError, declaration_id_normalize
from secaction.declarations.models import Declaration
from secaction.organizations.choices import (
    CAPITAL_BAND_CHOICES,
    EMPLOYEE_BAND_CHOICES,
    INDUSTRY_CHOICES,
    PREFECTURE_CHOICES,
    PREFECTURE_NAMES_JA,
    EntityType,
)
from secaction.organizations.models import Organization
from secaction.organizations.validation import (
    corporate_number_normalize,
    katakana_normalize,
    phone_normalize,
    postal_code_normalize,
)

from .services import registry_entries_create_bulk, search_indexes_deferred

# From this many rows on, the search indexes are rebuilt once at the end instead of
# being updated row by row (much faster; the registry table is locked meanwhile).
DEFER_INDEXES_FROM = 50_000

REQUIRED_COLUMNS = ("declaration_id", "level", "declared_at", "name", "name_kana", "prefecture", "industry")
_JST = ZoneInfo("Asia/Tokyo")
_LEVELS = {"one_star": "one_star", "1": "one_star", "一つ星": "one_star", "★": "one_star",
           "two_star": "two_star", "2": "two_star", "二つ星": "two_star", "★★": "two_star"}  # fmt: skip
_STATUSES = {"": "active", "active": "active", "withdrawn": "withdrawn", "cancelled": "cancelled",
             "宣言中": "active", "取り下げ": "withdrawn", "取消し": "cancelled"}  # fmt: skip
_PREF_CODES = {code for code, _ in PREFECTURE_CHOICES}
_PREF_BY_NAME = {name: code for code, name in PREFECTURE_NAMES_JA.items()}
_PREF_BY_NAME.update(
    {name.rstrip("都府県"): code for code, name in PREFECTURE_NAMES_JA.items() if name != "北海道"}
)
_INDUSTRIES = {code for code, _ in INDUSTRY_CHOICES}
_EMPLOYEES = {code for code, _ in EMPLOYEE_BAND_CHOICES}
_CAPITALS = {code for code, _ in CAPITAL_BAND_CHOICES}
_ENTITY_TYPES = {e.value for e in EntityType}
_CHUNK = 5000


@dataclass(frozen=True)
class RowError:
    row: int  # line number in the file; the header is line 1
    field: str
    message: str


@dataclass
class ImportReport:
    rows: int = 0
    accepted: int = 0
    imported: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    aborted: bool = False
    seconds: float = 0.0
    locks_registry: bool = False  # the search indexes are (or would be) rebuilt inside the transaction

    @property
    def rejected_rows(self) -> int:
        return len({e.row for e in self.errors})


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, missing columns)."""


def _date(value: str) -> dt.datetime:
    text = value.strip().replace("/", "-").replace(".", "-")
    try:
        day = dt.date.fromisoformat(text[:10]) if len(text) >= 10 else dt.date(*map(int, text.split("-")))
    except (ValueError, TypeError) as exc:
        raise ValueError(_("宣言日は YYYY-MM-DD の形式で入力してください(例:2019-04-01)。")) from exc
    if not dt.date(2017, 1, 1) <= day <= dt.date.today():
        raise ValueError(_("宣言日が制度の開始(2017年)より前か、未来の日付です。"))
    return dt.datetime.combine(day, dt.time(), tzinfo=_JST)


def _prefecture(value: str) -> str:
    text = value.strip()
    if text.isdigit() and f"{int(text):02d}" in _PREF_CODES:
        return f"{int(text):02d}"
    if text in _PREF_BY_NAME:
        return _PREF_BY_NAME[text]
    raise ValueError(_("都道府県は 01〜47 のコードか都道府県名で入力してください。"))


def row_clean(raw: dict[str, str]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Validate one CSV row (pure). Returns the cleaned values and a list of (field, message)."""
    get = {k: (v or "").strip() for k, v in raw.items() if k}
    out: dict[str, Any] = {}
    errors: list[tuple[str, str]] = []

    def check(name: str, fn: Any, *, required: bool = False) -> None:
        value = get.get(name, "")
        if not value:
            if required:
                errors.append((name, _("必須の項目です。")))
            return
        try:
            out[name] = fn(value)
        except (ValueError, DeclarationIdError, ValidationError) as exc:
            message = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
            errors.append((name, message))

    check("declaration_id", declaration_id_normalize, required=True)

    def level(v: str) -> str:
        if v.lower() not in _LEVELS and v not in _LEVELS:
            raise ValueError(_("段階は one_star か two_star(一つ星・二つ星)です。"))
        return _LEVELS.get(v.lower(), _LEVELS.get(v, ""))

    check("level", level, required=True)
    check("declared_at", _date, required=True)
    check("prefecture", _prefecture, required=True)

    def industry(v: str) -> str:
        if v.upper() not in _INDUSTRIES:
            raise ValueError(_("業種は日本標準産業分類の大分類(A〜T)の1文字です。"))
        return v.upper()

    check("industry", industry, required=True)

    def name(v: str) -> str:
        # The same rules as a name typed on the site (organizations.validation): the
        # registry shows it and the declaration document prints it.
        problem = public_text_problem(v, pdf=True)
        if problem:
            raise ValueError(problem)
        v = name_fold(v)
        if len(v) > 200:
            raise ValueError(_("事業者名は200文字以内です。"))
        return v

    check("name", name, required=True)
    check("name_kana", katakana_normalize, required=True)
    check("corporate_number", corporate_number_normalize)
    status = get.get("status", "")
    if status.lower() in _STATUSES or status in _STATUSES:
        out["status"] = _STATUSES.get(status.lower(), _STATUSES.get(status, "active"))
    else:
        errors.append(("status", _("状態は active / withdrawn / cancelled のいずれかです(空欄は active)。")))

    def choice(allowed: set[str], message: str) -> Any:
        def fn(v: str) -> str:
            if v not in allowed:
                raise ValueError(message)
            return v

        return fn

    check("entity_type", choice(_ENTITY_TYPES, _("事業形態は corporation / sole_proprietor / other です。")))
    check("employees", choice(_EMPLOYEES, _("従業員数の区分が正しくありません(docs/import.md を参照)。")))
    check("capital", choice(_CAPITALS, _("資本金の区分が正しくありません(docs/import.md を参照)。")))
    check("postal_code", postal_code_normalize)
    check("contact_phone", phone_normalize)

    def email(v: str) -> str:
        validate_email(v)
        return v

    check("contact_email", email)
    for plain in ("representative_name", "representative_title", "address", "website", "contact_name"):
        if get.get(plain):
            out[plain] = get[plain][:300]
    if "entity_type" not in out and not any(f == "entity_type" for f, _ in errors):
        out["entity_type"] = (
            EntityType.CORPORATION if out.get("corporate_number") else EntityType.SOLE_PROPRIETOR
        )
    corp_missing = out.get("entity_type") == EntityType.CORPORATION and not out.get("corporate_number")
    if corp_missing and not any(f == "corporate_number" for f, _ in errors):
        errors.append(("corporate_number", _("法人の場合は法人番号(13桁)が必要です。")))
    return out, errors


def _read_text(path: Path, encoding: str | None) -> str:
    data = path.read_bytes()
    if encoding:
        return data.decode(encoding)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp932")  # Excel in Japan saves CSV as Shift_JIS
        except UnicodeDecodeError as exc:
            raise ImportFileError(_("文字コードを判別できません。UTF-8 で保存してください。")) from exc


def _chunks(items: list[str], size: int = _CHUNK) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _existing(values: Iterable[str], lookup: str, model: Any, flat: str, **filters: Any) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(sorted(set(values))):
        found.update(model.objects.filter(**{f"{lookup}__in": chunk}, **filters).values_list(flat, flat=True))
    return found


def import_locks_registry(rows: int, *, online: bool) -> bool:
    """Whether importing ``rows`` rows will hold the registry table locked against readers until the commit."""
    return not online and rows >= DEFER_INDEXES_FROM and connection.vendor == "postgresql"


def declarations_import(
    path: Path,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    encoding: str | None = None,
    actor: Any = None,
    batch_size: int = _CHUNK,
    online: bool = False,
) -> ImportReport:
    """Validate and import a CSV of existing declarations; see the module docstring for the rules.

    From ``DEFER_INDEXES_FROM`` rows on PostgreSQL the registry's search indexes
    are dropped and rebuilt inside the import's transaction, which is several
    times faster but makes public search and verification wait until the commit.
    ``online=True`` keeps the indexes, so the registry stays readable throughout
    at the cost of a slower import.
    """
    started = time.monotonic()
    report = ImportReport(dry_run=dry_run)
    reader = csv.DictReader(io.StringIO(_read_text(path, encoding), newline=""))
    columns = [c.strip() for c in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise ImportFileError(_("必須の列がありません: %(columns)s") % {"columns": ", ".join(missing)})
    reader.fieldnames = columns

    accepted: list[tuple[int, dict[str, Any]]] = []
    seen_ids: dict[str, int] = {}
    seen_corp: dict[str, int] = {}
    for raw in reader:
        line = reader.line_num
        report.rows += 1
        values, problems = row_clean(raw)
        for fld, message in problems:
            report.errors.append(RowError(line, fld, message))
        if problems:
            continue
        did = values["declaration_id"]
        if did in seen_ids:
            report.errors.append(
                RowError(
                    line,
                    "declaration_id",
                    _("宣言IDがファイル内の%(line)d行目と重複しています。") % {"line": seen_ids[did]},
                )
            )
            continue
        seen_ids[did] = line
        corp = values.get("corporate_number", "")
        if corp and values["status"] == "active":
            if corp in seen_corp:
                report.errors.append(
                    RowError(
                        line,
                        "corporate_number",
                        _("法人番号がファイル内の%(line)d行目と重複しています。") % {"line": seen_corp[corp]},
                    )
                )
                continue
            seen_corp[corp] = line
        accepted.append((line, values))

    # Duplicates against the database: a few IN queries per 5,000 values.
    taken_ids = _existing(
        [v["declaration_id"] for _, v in accepted], "declaration_id", Declaration, "declaration_id"
    )
    taken_corp = _existing(
        [v["corporate_number"] for _, v in accepted if v.get("corporate_number") and v["status"] == "active"],
        "corporate_number",
        Organization,
        "corporate_number",
        is_active=True,
    )
    rows: list[dict[str, Any]] = []
    for line, values in accepted:
        if values["declaration_id"] in taken_ids:
            report.errors.append(RowError(line, "declaration_id", _("この宣言IDは既に登録されています。")))
        elif values["status"] == "active" and values.get("corporate_number") in taken_corp:
            report.errors.append(
                RowError(line, "corporate_number", _("この法人番号の事業者は既に登録されています。"))
            )
        else:
            rows.append(values)
    report.errors.sort(key=lambda e: e.row)
    report.accepted = len(rows)
    report.locks_registry = import_locks_registry(len(rows), online=online)

    if dry_run or (report.errors and not skip_invalid):
        report.aborted = bool(report.errors) and not skip_invalid and not dry_run
        report.seconds = time.monotonic() - started
        return report

    with transaction.atomic(), search_indexes_deferred(report.locks_registry):
        for i in range(0, len(rows), batch_size):
            report.imported += _write_batch(rows[i : i + batch_size], batch_size)
        audit_record(
            actor=actor,
            action="declarations.import",
            object_type="declarations.declaration",
            after={
                "file": path.name,
                "rows": report.rows,
                "imported": report.imported,
                "rejected_rows": report.rejected_rows,
            },
        )
    report.seconds = time.monotonic() - started
    return report


_ORG_FIELDS = ("entity_type", "name", "name_kana", "corporate_number", "representative_name",
               "representative_title", "postal_code", "prefecture", "address", "industry", "employees",
               "capital", "website", "contact_name", "contact_email", "contact_phone")  # fmt: skip


def _write_batch(rows: list[dict[str, Any]], batch_size: int) -> int:
    orgs = [Organization(**{f: v.get(f, "") for f in _ORG_FIELDS}) for v in rows]
    Organization.objects.bulk_create(orgs, batch_size=batch_size)
    decls = [
        Declaration(
            organization=org,
            declaration_id=v["declaration_id"],
            level=v["level"],
            status=v["status"],
            submitted_at=v["declared_at"],
            declared_at=v["declared_at"],
            ended_at=v["declared_at"] if v["status"] != "active" else None,
            imported=True,
        )
        for org, v in zip(orgs, rows, strict=True)
    ]
    Declaration.objects.bulk_create(decls, batch_size=batch_size)
    registry_entries_create_bulk(zip(decls, orgs, strict=True), batch_size=batch_size, record_changes=True)
    return len(decls)
