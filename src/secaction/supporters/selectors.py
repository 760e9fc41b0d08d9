"""Reads for 普及賛同企業等: the public directory and a member's own registration."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from secaction.accounts.models import User
from secaction.declarations.models import Declaration
from secaction.declarations.selectors import declaration_open_for_organization
from secaction.organizations.models import Organization
from secaction.organizations.selectors import organization_owners

from .models import NATIONWIDE, Supporter, SupporterStatus, SupportOffer


@dataclass(frozen=True)
class DirectoryFilter:
    """What a visitor filters the directory by; empty strings mean "any"."""

    category: str = ""
    prefecture: str = ""
    audience: str = ""

    def offer_q(self, prefix: str = "") -> Q:
        """The condition on a published offer (fields under ``prefix``) for this filter."""
        q = Q(**{f"{prefix}is_published": True})
        if self.category:
            q &= Q(**{f"{prefix}category": self.category})
        if self.audience:
            q &= Q(**{f"{prefix}audience": self.audience})
        if self.prefecture:
            # A nationwide offer is available in every prefecture.
            q &= Q(**{f"{prefix}prefecture": self.prefecture}) | Q(**{f"{prefix}prefecture": NATIONWIDE})
        return q

    @property
    def is_empty(self) -> bool:
        return not (self.category or self.prefecture or self.audience)


def supporter_public_count() -> int:
    """How many supporters the portal shows (APPROVED), the portal's own count."""
    return Supporter.objects.filter(status=SupporterStatus.APPROVED, organization__is_active=True).count()


def supporter_directory(flt: DirectoryFilter) -> QuerySet[Supporter]:
    """APPROVED supporters with their PUBLISHED offers matching ``flt`` prefetched as ``public_offers``.

    With a filter, only supporters that have at least one matching offer are listed. One query for
    the page of supporters and one for their offers, whatever the page size.
    """
    offers = SupportOffer.objects.filter(flt.offer_q()).order_by("category", "title", "pk")
    qs = Supporter.objects.filter(status=SupporterStatus.APPROVED, organization__is_active=True)
    if not flt.is_empty:
        matching = SupportOffer.objects.filter(flt.offer_q(), supporter=OuterRef("pk"))
        qs = qs.filter(Exists(matching))
    return (
        qs.select_related("organization")
        .prefetch_related(Prefetch("offers", queryset=offers, to_attr="public_offers"))
        .order_by("organization__name_kana", "pk")
    )


def supporter_public_get(pk: int) -> Supporter | None:
    """An APPROVED supporter with its published offers as ``public_offers``, or None."""
    offers = SupportOffer.objects.filter(is_published=True).order_by("category", "title", "pk")
    return (
        Supporter.objects.filter(pk=pk, status=SupporterStatus.APPROVED, organization__is_active=True)
        .select_related("organization")
        .prefetch_related(Prefetch("offers", queryset=offers, to_attr="public_offers"))
        .first()
    )


def supporter_for_organization(organization: Organization) -> Supporter | None:
    return Supporter.objects.filter(organization=organization).first()


def supporter_declaration_get(organization: Organization) -> Declaration | None:
    """The organisation's active ★ or ★★ declaration, which applying as a supporter requires; else None.

    The programme admits as 普及賛同企業等 only organisations that have declared themselves;
    a declaration still waiting for review (or returned, or ended) does not count.
    """
    declaration = declaration_open_for_organization(organization)
    return declaration if declaration is not None and declaration.is_active else None


def supporter_recipients(supporter: Supporter) -> list[User]:
    """Who is told about a supporter's transitions: the organisation's active owners."""
    return organization_owners(supporter.organization_id)


def offer_list_for_supporter(supporter: Supporter) -> QuerySet[SupportOffer]:
    """All of a supporter's offers for its members, published first, newest change first."""
    return SupportOffer.objects.filter(supporter=supporter).order_by("-is_published", "-updated_at", "pk")


def supporter_review_queue() -> QuerySet[Supporter]:
    """Staff's queue: applications waiting for review, oldest first."""
    return (
        Supporter.objects.filter(status=SupporterStatus.PENDING)
        .select_related("organization")
        .order_by("applied_at", "pk")
    )


@dataclass(frozen=True)
class SupportersPanel:
    """What the My Page panel shows: the organisation's own registration, if any, and its published offers."""

    supporter: Supporter | None
    offers_published: int


def supporters_panel_get(organization: Organization) -> SupportersPanel:
    """The organisation's registration as a 普及賛同企業等 for My Page, in one query."""
    supporter = (
        Supporter.objects.filter(organization=organization)
        .annotate(published=Count("offers", filter=Q(offers__is_published=True)))
        .first()
    )
    return SupportersPanel(
        supporter=supporter,
        offers_published=supporter.published if supporter else 0,  # type: ignore[attr-defined]
    )
