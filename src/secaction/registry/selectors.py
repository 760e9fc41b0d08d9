"""Reads of the public registry. Everything here reads ``RegistryEntry`` only."""

from __future__ import annotations

from dataclasses import dataclass, field

from secaction.declarations.ids import DeclarationIdError, declaration_id_normalize

from .models import PublicStatus, RegistryEntry
from .normalize import search_normalize

COUNT_CAP = 1000


@dataclass(frozen=True)
class RegistryQuery:
    """Already-validated search criteria; empty strings mean "any"."""

    name: str = ""
    declaration_id: str = ""
    corporate_number: str = ""
    prefecture: str = ""
    industry: str = ""
    level: str = ""

    def is_empty(self) -> bool:
        return not any(
            (
                search_normalize(self.name),
                self.declaration_id,
                self.corporate_number,
                self.prefecture,
                self.industry,
                self.level,
            )
        )


@dataclass
class RegistryPage:
    entries: list[RegistryEntry]
    number: int
    per_page: int
    has_next: bool
    total: int
    total_capped: bool  # True when there are more than COUNT_CAP matches

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def first_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.entries else 0

    @property
    def last_index(self) -> int:
        return (self.number - 1) * self.per_page + len(self.entries)


def registry_search(query: RegistryQuery, page: int = 1, per_page: int = 20) -> RegistryPage:
    """Active declarers matching every given criterion, in kana order.

    The count stops at ``COUNT_CAP``: an exact count of a broad query over a
    million rows would cost more than the page itself.
    """
    qs = RegistryEntry.objects.filter(status=PublicStatus.ACTIVE)
    name = search_normalize(query.name)
    if name:
        qs = qs.filter(search_text__contains=name)
    if query.declaration_id:
        qs = qs.filter(declaration_code=query.declaration_id)
    if query.corporate_number:
        qs = qs.filter(corporate_number=query.corporate_number)
    if query.prefecture:
        qs = qs.filter(prefecture=query.prefecture)
    if query.industry:
        qs = qs.filter(industry=query.industry)
    if query.level:
        qs = qs.filter(level=query.level)
    page = max(1, page)
    offset = (page - 1) * per_page
    rows = list(qs.order_by("name_kana", "declaration_code")[offset : offset + per_page + 1])
    total = qs[: COUNT_CAP + 1].count()
    return RegistryPage(
        entries=rows[:per_page],
        number=page,
        per_page=per_page,
        has_next=len(rows) > per_page,
        total=min(total, COUNT_CAP),
        total_capped=total > COUNT_CAP,
    )


def registry_entry_get(declaration_id: str) -> RegistryEntry | None:
    """The entry for a normalised declaration ID, whatever its status."""
    return RegistryEntry.objects.filter(declaration_code=declaration_id).first()


@dataclass
class VerifyResult:
    """The outcome for one ID given to a batch verification, in the order given."""

    input: str
    result: str  # found | not_found | invalid
    declaration_id: str | None = None
    entry: RegistryEntry | None = None
    error_code: str | None = None
    message: str | None = None
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
    return results
