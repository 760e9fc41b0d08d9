"""The public record of one declaration (the API's ``DeclarationOut``), single and in batches.

Reads ``RegistryEntry`` only. ``declaration_public_get`` is the read of the API's
hot path (``api.middleware.DeclarationLookupFastPath``): keep it one constant statement.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

from secaction.declarations.ids import DeclarationIdError, declaration_id_mistyped, declaration_id_normalize
from secaction.organizations.choices import PREFECTURE_NAMES_JA

from ..history import ENDED, history_fallback, history_unpack, level_history, status_as_of, two_star_since
from ..models import RegistryEntry
from .statistics import JAPAN  # a subsidy office reads "verified on" as a date in Japan


def registry_entry_get(declaration_id: str) -> RegistryEntry | None:
    """The entry for a normalised declaration ID, whatever its status."""
    return RegistryEntry.objects.filter(declaration_code=declaration_id).first()


CHECK_DIGIT_MISMATCH = "check_digit_mismatch"


def declaration_lookup_miss_reason(declaration_id: str) -> str | None:
    """Why a normalised ID was NOT found: ``check_digit_mismatch`` if it was likely mistyped, else None.

    Call it only after the lookup failed: a legacy ``4…`` ID may fail the Damm check
    and still exist, which is why the normaliser accepts it and the verdict waits
    until here. Pure (no query).
    """
    return CHECK_DIGIT_MISMATCH if declaration_id_mistyped(declaration_id) else None


def declaration_lookup_miss_message(reason: str | None) -> str | None:
    """The sentence for a miss with ``reason`` (in the active language); None for a plain miss."""
    if reason != CHECK_DIGIT_MISMATCH:
        return None
    return _(
        "該当する宣言は見つかりませんでした。番号の最後の数字(チェック用の数字)が合わないため、"
        "数字の写し間違いの可能性があります。お手元の番号をもう一度ご確認ください。"
    )


_PREFECTURE_NAMES = PREFECTURE_NAMES_JA  # the public record is data: Japanese names in every language

# The columns of the public record, in the order ``declaration_public_build`` takes them.
_PUBLIC_COLUMNS = (
    "declaration_code",
    "level",
    "status",
    "name",
    "corporate_number",
    "prefecture",
    "declared_at",
    "updated_at",
    "identity_verified_at",
    "ended_at",
    "history",
    "last_confirmed_at",
    "suspended_at",
)
_PUBLIC_BY_CODE_SQL = (
    f"SELECT {', '.join(_PUBLIC_COLUMNS)} FROM {RegistryEntry._meta.db_table} "  # noqa: S608
    "WHERE declaration_code = %s"
)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    # A plain cursor skips Django's converters: SQLite gives naive UTC datetimes, PostgreSQL aware ones.
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def _japan_date(value: dt.datetime | None) -> dt.date | None:
    aware = _aware(value)
    return aware.astimezone(JAPAN).date() if aware is not None else None


def declaration_public_build(
    declaration_code: str,
    level: str,
    status: str,
    name: str,
    corporate_number: str,
    prefecture: str,
    declared_at: dt.datetime | None,
    updated_at: dt.datetime,
    identity_verified_at: dt.datetime | None = None,
    ended_at: dt.datetime | None = None,
    history: Any = None,
    last_confirmed_at: dt.datetime | None = None,
    suspended_at: dt.datetime | None = None,
    *,
    as_of: dt.date | None = None,
) -> dict[str, Any]:
    """What anyone may know about a declaration: the API's ``DeclarationOut`` shape.

    The single definition of the public record, used by the lookup and by batch
    verification alike. ``identity_verified`` means the organisation's 法人番号 and
    name came from GビズID (on the Japan date ``identity_verified_at``); it certifies
    nothing about the security measures.

    With ``as_of`` (a day), ``level`` and ``status`` are those that held at the end of that day in
    Japan, replayed from ``history`` (``registry/history.py``); before the start, level None and
    status ``not_yet_declared``. Everything else describes the record as it is now. The end's reason
    is only its category (withdrawn by the declarer, cancelled by the office), never its text.

    ``last_confirmed_at`` is the Japan date the declarer last confirmed the declaration unchanged (or
    when it started); there is no expiry. ``suspended`` is true while staff suspend an active
    declaration (its status stays ``active``); the suspension's reason is never public.
    """
    points = history_unpack(history)
    if not points:
        points = history_fallback(level, status, _aware(declared_at), _aware(ended_at))
    answer_level: str | None = level
    answer_status = status
    if as_of is not None:
        answer_level, answer_status = status_as_of(points, as_of)
    ended = status in ENDED
    return {
        "declaration_id": declaration_code,
        "as_of": as_of,
        "level": answer_level,
        "status": answer_status,
        "organization": {
            "name": name,
            "corporate_number": corporate_number or None,
            "prefecture": prefecture,
            "prefecture_name": _PREFECTURE_NAMES.get(prefecture, ""),
        },
        "declared_at": _aware(declared_at),
        "updated_at": _aware(updated_at),
        "identity_verified": identity_verified_at is not None,
        "identity_verified_at": _japan_date(identity_verified_at),
        "two_star_since": two_star_since(points),
        "level_history": level_history(points),
        "ended_at": _aware(ended_at) if ended else None,
        "ended_reason": status if ended else None,
        "last_confirmed_at": _japan_date(last_confirmed_at),
        "suspended": status == "active" and suspended_at is not None,
    }


def declaration_public_from_entry(entry: RegistryEntry, as_of: dt.date | None = None) -> dict[str, Any]:
    """The public record of a loaded entry (see ``declaration_public_build``)."""
    return declaration_public_build(*(getattr(entry, column) for column in _PUBLIC_COLUMNS), as_of=as_of)


def declaration_public_get(declaration_id: str, as_of: dt.date | None = None) -> dict[str, Any] | None:
    """The public record for a normalised declaration ID, whatever its status; None if unknown.

    The hottest read of the public API, so it runs one constant SQL statement on
    a plain cursor: building a model through the ORM cost more CPU than the
    whole rest of the request (docs/performance.md).
    """
    with connection.cursor() as cursor:
        cursor.execute(_PUBLIC_BY_CODE_SQL, [declaration_id])
        row = cursor.fetchone()
    return declaration_public_build(*row, as_of=as_of) if row else None


@dataclass
class VerifyResult:
    """The outcome for one ID given to a batch verification, in the order given."""

    input: str
    result: str  # found | not_found | invalid
    declaration_id: str | None = None
    reason: str | None = None  # for not_found: "check_digit_mismatch" when the ID was likely mistyped
    entry: RegistryEntry | None = None
    error_code: str | None = None
    message: str | None = None  # invalid: what is wrong; not_found: the mistyping hint, if any
    extra: dict[str, str] = field(default_factory=dict)


def declarations_verify(ids: list[str]) -> list[VerifyResult]:
    """Check many IDs with one query; malformed ones are reported with the reason."""
    results: list[VerifyResult] = []
    for raw in ids:
        try:
            results.append(
                VerifyResult(input=raw, result="found", declaration_id=declaration_id_normalize(raw))
            )
        except DeclarationIdError as exc:
            results.append(VerifyResult(input=raw, result="invalid", error_code=exc.code, message=str(exc)))
    wanted = {r.declaration_id for r in results if r.declaration_id}
    found = {e.declaration_code: e for e in RegistryEntry.objects.filter(declaration_code__in=wanted)}
    for r in results:
        if r.result == "found":
            r.entry = found.get(r.declaration_id or "")
            if r.entry is None:
                r.result = "not_found"
                r.reason = declaration_lookup_miss_reason(r.declaration_id or "")
                r.message = declaration_lookup_miss_message(r.reason)
    return results
