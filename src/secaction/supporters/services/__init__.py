"""Writes for 普及賛同企業等 (supporters) and their support offers. Every transition is audited and mailed.

Split by who acts: ``registration`` (an owner applies, resubmits, updates, withdraws),
``review`` (staff approve, return, suspend, reinstate) and ``offers`` (members of an approved
supporter). Every public service checks the actor itself through
``secaction.organizations.permissions`` and raises ``AccessDenied`` (who is acting) or
``ServiceError`` (what was asked). Callers import from this package.

State machine (see docs/supporters.md):

    (none) --apply (owner, declared)--> PENDING --approve (staff)--> APPROVED
                                        PENDING --return (staff)---> RETURNED --resubmit (owner)--> PENDING
    PENDING / RETURNED / APPROVED --suspend (staff, reason)--> SUSPENDED --reinstate (staff)--> APPROVED
    PENDING / RETURNED / APPROVED --withdraw (owner)--------> WITHDRAWN --apply (owner, declared)--> PENDING

"declared": the organisation has an active ★ or ★★ declaration. A suspended supporter cannot
withdraw or apply again by itself: lifting a suspension is the programme office's decision.

Only an APPROVED supporter's published offers are public. Nothing is deleted: a withdrawn or
suspended supporter keeps its row and its offers, which simply stop being shown. An organisation
that withdrew may apply again; the same row goes back to PENDING.
"""

from __future__ import annotations

from ..validation import OfferInput, SupporterInput
from .offers import offer_create, offer_publish, offer_unpublish, offer_update
from .registration import (
    WITHDRAWABLE,
    supporter_apply,
    supporter_resubmit,
    supporter_update,
    supporter_withdraw,
)
from .review import SUSPENDABLE, supporter_approve, supporter_reinstate, supporter_return, supporter_suspend

__all__ = [
    "SUSPENDABLE",
    "WITHDRAWABLE",
    "OfferInput",
    "SupporterInput",
    "offer_create",
    "offer_publish",
    "offer_unpublish",
    "offer_update",
    "supporter_apply",
    "supporter_approve",
    "supporter_reinstate",
    "supporter_resubmit",
    "supporter_return",
    "supporter_suspend",
    "supporter_update",
    "supporter_withdraw",
]
