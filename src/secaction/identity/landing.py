"""Where a GビズID sign-in leads: the decision alone (pure; no database, no HTTP).

The landing view gathers the facts (``identity.selectors.landing_facts_get``), asks
:func:`landing_decide` and carries out the step through the organisations' services.
docs/identity.md ("Verified organisations") describes the same decisions for people.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from secaction.accounts.gbiz import CorporateType, GbizClaims
from secaction.core.text import name_fold


class LandingStep(StrEnum):
    NOT_ACCEPTED = "not_accepted"  # no GビズID claims, or an エントリー/unknown account
    VERIFY = "verify"  # the person's own organisation, same 法人番号, not yet verified, they own it
    SYNC_NAME = "sync_name"  # own organisation already verified; GビズID's legal name changed
    MYPAGE = "mypage"  # own organisation, nothing to change
    OTHER_NUMBER = "other_number"  # own organisation has a different (or no) 法人番号: nothing verified
    TAKE_OVER = "take_over"  # an ownerless (imported) organisation with the 法人番号: claim it at once
    ASK_OWNER = "ask_owner"  # a verified organisation with the 法人番号 has an owner: ask for an invitation
    REGISTER = "register"  # the verified registration form


@dataclass(frozen=True)
class OwnOrganization:
    """The organisation the person already belongs to."""

    pk: int
    corporate_number: str
    name: str
    is_verified: bool
    user_is_owner: bool


@dataclass(frozen=True)
class Holder:
    """An active organisation holding the 法人番号 of the claims (the person is not a member)."""

    pk: int
    is_verified: bool
    has_owner: bool


@dataclass(frozen=True)
class LandingDecision:
    step: LandingStep
    organization_pk: int | None = None  # the organisation the step acts on (own or held), if any


def landing_decide(
    claims: GbizClaims | None, own: OwnOrganization | None, holders: Sequence[Holder]
) -> LandingDecision:
    """The next step after a GビズID sign-in.

    ``holders`` are the active organisations with the claims' 法人番号 other than ``own``; it is
    ignored when the claims carry no 法人番号 (a 個人事業主), which always leads to registration.
    """
    if claims is None or not claims.is_accepted:
        return LandingDecision(LandingStep.NOT_ACCEPTED)
    number = claims.corporate_number
    if own is not None:
        if not number or own.corporate_number != number:
            return LandingDecision(LandingStep.OTHER_NUMBER, own.pk)
        if not own.is_verified:
            # Only an owner may have the organisation verified; a member just goes on to My Page.
            return LandingDecision(LandingStep.VERIFY if own.user_is_owner else LandingStep.MYPAGE, own.pk)
        # Names are stored folded (full-width letters to ASCII...); compare like with like.
        if claims.legal_name and name_fold(claims.legal_name) != own.name:
            return LandingDecision(LandingStep.SYNC_NAME, own.pk)
        return LandingDecision(LandingStep.MYPAGE, own.pk)
    if not number or claims.corporate_type is CorporateType.SOLE_PROPRIETOR:
        return LandingDecision(LandingStep.REGISTER)
    owned_verified = [h for h in holders if h.is_verified and h.has_owner]
    if owned_verified:
        return LandingDecision(LandingStep.ASK_OWNER, owned_verified[0].pk)
    # A verified ownerless holder first: taking it over keeps one verified organisation per 法人番号.
    ownerless = sorted((h for h in holders if not h.has_owner), key=lambda h: (not h.is_verified, h.pk))
    if ownerless:
        return LandingDecision(LandingStep.TAKE_OVER, ownerless[0].pk)
    return LandingDecision(LandingStep.REGISTER)
