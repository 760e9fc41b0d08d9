"""Verification of many rows at once, by declaration ID and/or 法人番号 (batch API, CSV uploads, pages).

``registry_verify_many`` answers each ``VerifyQuery`` in the order given, with a few set-based queries
per 5,000 rows (never one per row), so a 50,000-row upload costs tens of queries. A row may carry a
declaration ID, a 法人番号, or both: the ID is looked up first; a row with only a 法人番号 is answered
with that company's declaration (its open one if any, else its latest). Each answer says which of the
two matched. A row's ``as_of`` must not be after today in Japan; ``VerifyAnswer.public_record()`` answers
as of it (docs/api.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from secaction.declarations.ids import DeclarationIdError, declaration_id_normalize
from secaction.organizations.validation import corporate_number_normalize

from ..history import AsOfError, as_of_check, today_japan
from ..models import PublicStatus, RegistryEntry
from .public_record import (
    declaration_lookup_miss_message,
    declaration_lookup_miss_reason,
    declaration_public_from_entry,
)

CHUNK = 5000
MATCHED_BY_ID = "declaration_id"
MATCHED_BY_CORPORATE_NUMBER = "corporate_number"
AS_OF_FIELD = "as_of"
# Among several declarations of one company (an ended one and a newer one), the one a checker means.
_STATUS_RANK: dict[str, int] = {
    PublicStatus.ACTIVE: 0,
    PublicStatus.PENDING: 1,
    PublicStatus.WITHDRAWN: 2,
    PublicStatus.CANCELLED: 2,
}


@dataclass(frozen=True)
class VerifyQuery:
    """One row to verify, as typed: a declaration ID and/or a 法人番号 (either may be empty)."""

    declaration_id: str = ""
    corporate_number: str = ""
    as_of: dt.date | None = None


@dataclass
class VerifyAnswer:
    """The answer for one ``VerifyQuery``: ``found`` / ``not_found`` / ``invalid``."""

    query: VerifyQuery
    result: str
    matched_by: str | None = None  # declaration_id | corporate_number
    entry: RegistryEntry | None = None
    reason: str | None = None  # not_found: "check_digit_mismatch" when the ID was likely mistyped
    error_field: str | None = None  # invalid: declaration_id | corporate_number | as_of
    error_code: str | None = None
    message: str | None = None

    def public_record(self) -> dict[str, Any] | None:
        """The found declaration's public record (the API's ``DeclarationOut``), as of the query's date."""
        if self.entry is None:
            return None
        return declaration_public_from_entry(self.entry, as_of=self.query.as_of)


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _entries_by_code(codes: set[str]) -> dict[str, RegistryEntry]:
    found: dict[str, RegistryEntry] = {}
    for chunk in _chunks(sorted(codes)):
        found.update(
            (e.declaration_code, e) for e in RegistryEntry.objects.filter(declaration_code__in=chunk)
        )
    return found


def _entries_by_number(numbers: set[str]) -> dict[str, RegistryEntry]:
    """The declaration a checker means for each 法人番号: a verified company's first, open before ended, newest."""
    best: dict[str, RegistryEntry] = {}
    for chunk in _chunks(sorted(numbers)):
        for entry in RegistryEntry.objects.filter(Q(corporate_number__in=chunk)):
            current = best.get(entry.corporate_number)
            if current is None or _preference(entry) < _preference(current):
                best[entry.corporate_number] = entry
    return best


def _preference(entry: RegistryEntry) -> tuple[int, int, float]:
    declared = entry.declared_at.timestamp() if entry.declared_at else 0.0
    return (0 if entry.identity_verified_at else 1, _STATUS_RANK.get(entry.status, 3), -declared)


def registry_verify_many(queries: Sequence[VerifyQuery]) -> list[VerifyAnswer]:
    """Answer every query, in order. Malformed input is ``invalid`` with the field and a message.

    An ``as_of`` after today in Japan is ``invalid`` (field ``as_of``, code ``as_of_future``): nobody
    can say what will hold at the end of a day that has not come.
    """
    today = today_japan(timezone.now())
    answers: list[VerifyAnswer] = []
    codes: list[str | None] = []
    numbers: list[str | None] = []
    for query in queries:
        answer = VerifyAnswer(query=query, result="pending")
        code = number = None
        if query.declaration_id.strip():
            try:
                code = declaration_id_normalize(query.declaration_id)
            except DeclarationIdError as exc:
                answer.result, answer.error_field, answer.error_code = "invalid", MATCHED_BY_ID, exc.code
                answer.message = str(exc)
        if answer.result == "pending" and query.corporate_number.strip():
            try:
                number = corporate_number_normalize(query.corporate_number)
            except ValueError as exc:
                answer.result, answer.error_field = "invalid", MATCHED_BY_CORPORATE_NUMBER
                answer.error_code, answer.message = "corporate_number", str(exc)
        if answer.result == "pending" and query.as_of is not None:
            try:
                as_of_check(query.as_of, today)
            except AsOfError as exc:
                answer.result, answer.error_field = "invalid", AS_OF_FIELD
                answer.error_code, answer.message = exc.code, str(exc)
        if answer.result == "pending" and code is None and number is None:
            answer.result, answer.error_field, answer.error_code = "invalid", MATCHED_BY_ID, "empty"
            answer.message = _("宣言IDか法人番号のどちらかを入力してください。")
        answers.append(answer)
        codes.append(code)
        numbers.append(number)
    by_code = _entries_by_code({c for c in codes if c})
    by_number = _entries_by_number(
        {n for n, c in zip(numbers, codes, strict=True) if n and not (c and c in by_code)}
    )
    for answer, code, number in zip(answers, codes, numbers, strict=True):
        if answer.result != "pending":
            continue
        if code and code in by_code:
            answer.result, answer.matched_by, answer.entry = "found", MATCHED_BY_ID, by_code[code]
        elif number and number in by_number:
            answer.result, answer.matched_by, answer.entry = (
                "found",
                MATCHED_BY_CORPORATE_NUMBER,
                by_number[number],
            )
        else:
            answer.result = "not_found"
            if code:
                answer.reason = declaration_lookup_miss_reason(code)
                answer.message = declaration_lookup_miss_message(answer.reason)
    return answers
