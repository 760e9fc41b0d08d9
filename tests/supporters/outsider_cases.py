"""Every public supporters service refuses an outsider (see tests/contract/cases.py).

Each case builds a supporter (or an offer) of another organisation, made by its own owner
and approved by staff, then calls the service with the outsider as the actor.
"""

from __future__ import annotations

from typing import Any

from secaction.supporters import services
from tests.contract.cases import OutsiderCase

from .conftest import PROFILE, approved_supporter, declare, make_org, offer


def _supporter() -> Any:
    return approved_supporter(make_org("株式会社よその支援"))


def _offer(*, publish: bool = True) -> Any:
    supporter = _supporter()
    return offer(supporter, supporter.agreed_by, publish=publish)


def _apply(outsider: Any) -> object:
    org = make_org("株式会社よその宣言者")
    declare(org)  # declared, so only who is acting stands in the way
    return services.supporter_apply(organization=org, user=outsider, data=PROFILE, agreed=True)


OFFER = services.OfferInput(title="相談", category="information", description="内容", audience="declarers")

CASES = [
    OutsiderCase("supporters.supporter_apply", _apply),
    OutsiderCase(
        "supporters.supporter_update",
        lambda outsider: services.supporter_update(supporter=_supporter(), user=outsider, data=PROFILE),
    ),
    OutsiderCase(
        "supporters.supporter_resubmit",
        lambda outsider: services.supporter_resubmit(
            supporter=_supporter(), user=outsider, data=PROFILE, agreed=True
        ),
    ),
    OutsiderCase(
        "supporters.supporter_withdraw",
        lambda outsider: services.supporter_withdraw(supporter=_supporter(), user=outsider),
    ),
    OutsiderCase(
        "supporters.supporter_approve",
        lambda outsider: services.supporter_approve(supporter=_supporter(), staff=outsider),
    ),
    OutsiderCase(
        "supporters.supporter_return",
        lambda outsider: services.supporter_return(supporter=_supporter(), staff=outsider, message="連絡"),
    ),
    OutsiderCase(
        "supporters.supporter_suspend",
        lambda outsider: services.supporter_suspend(supporter=_supporter(), staff=outsider, reason="理由"),
    ),
    OutsiderCase(
        "supporters.supporter_reinstate",
        lambda outsider: services.supporter_reinstate(supporter=_supporter(), staff=outsider, message="連絡"),
    ),
    OutsiderCase(
        "supporters.offer_create",
        lambda outsider: services.offer_create(supporter=_supporter(), user=outsider, data=OFFER),
    ),
    OutsiderCase(
        "supporters.offer_update",
        lambda outsider: services.offer_update(offer=_offer(), user=outsider, data=OFFER),
    ),
    OutsiderCase(
        "supporters.offer_publish",
        lambda outsider: services.offer_publish(offer=_offer(publish=False), user=outsider),
    ),
    OutsiderCase(
        "supporters.offer_unpublish",
        lambda outsider: services.offer_unpublish(offer=_offer(), user=outsider),
    ),
]

EXEMPT: dict[str, str] = {}
