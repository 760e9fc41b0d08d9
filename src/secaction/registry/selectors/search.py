"""Registry search: active declarers by name, ID, 法人番号, prefecture, industry and level.

Reads ``RegistryEntry`` only. The design for a million rows is in docs/registry.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from secaction.organizations.selectors import organization_verified_by_corporate_number

from ..models import PublicStatus, RegistryEntry
from ..normalize import search_normalize

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


def _filtered(query: RegistryQuery) -> QuerySet[RegistryEntry]:
    qs = RegistryEntry.objects.filter(status=PublicStatus.ACTIVE)
    name = search_normalize(query.name)
    if name:
        qs = qs.filter(search_text__contains=name)
        if len(name) < 3 and connection.vendor == "postgresql":
            # Trigrams cannot narrow a one- or two-character query; the index of
            # characters (registry_search_chars) can, and LIKE then checks the order.
            qs = qs.filter(
                RawSQL(
                    "regexp_split_to_array(search_text, '') @> %s::text[]",
                    (sorted(set(name)),),
                    output_field=BooleanField(),
                )
            )
    if query.declaration_id:
        qs = qs.filter(declaration_code=query.declaration_id)
    if query.corporate_number:
        qs = qs.filter(corporate_number=query.corporate_number)
        # The company of record wins: when a GビズID-verified organisation holds the number, an
        # unverified holder waiting for staff (docs/identity.md) is not offered as that company.
        verified = organization_verified_by_corporate_number(query.corporate_number)
        if verified is not None:
            qs = qs.filter(organization_id=verified.pk)
    if query.prefecture:
        qs = qs.filter(prefecture=query.prefecture)
    if query.industry:
        qs = qs.filter(industry=query.industry)
    if query.level:
        qs = qs.filter(level=query.level)
    return qs


def registry_search(query: RegistryQuery, page: int = 1, per_page: int = 20) -> RegistryPage:
    """Active declarers matching every given criterion, in kana order (五十音順).

    Designed for a million rows. First, up to COUNT_CAP + 1 matching keys are
    collected in whatever order is cheapest: through the trigram or character
    index, the database stops as soon as it has enough, so a common name costs
    no more than a rare one. The page is then sorted by kana from those keys.
    With at most COUNT_CAP matches that is the exact, complete list. With more,
    the count says "more than COUNT_CAP" and the list holds COUNT_CAP of them in
    kana order, with a request to narrow the search: nobody pages through a
    thousand companies, and sorting every match of a common word would cost
    time proportional to the whole match set.
    """
    qs = _filtered(query)
    keys = list(qs.order_by().values_list("pk", flat=True)[: COUNT_CAP + 1])
    capped = len(keys) > COUNT_CAP
    keys = keys[:COUNT_CAP]
    max_page = max(1, -(-len(keys) // per_page))
    page = min(max(1, page), max_page)
    offset = (page - 1) * per_page
    rows = list(
        RegistryEntry.objects.filter(pk__in=keys).order_by("name_kana", "declaration_code")[
            offset : offset + per_page + 1
        ]
    )
    return RegistryPage(
        entries=rows[:per_page],
        number=page,
        per_page=per_page,
        has_next=len(rows) > per_page,
        total=len(keys),
        total_capped=capped,
    )
