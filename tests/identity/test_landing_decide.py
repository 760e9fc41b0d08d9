"""The GビズID landing's decision, every branch, without a database or HTTP."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from secaction.accounts.gbiz import gbiz_claims_parse
from secaction.identity.landing import Holder, LandingDecision, LandingStep, OwnOrganization, landing_decide
from tests.identity.verified_helpers import PRIME_CLAIMS

NUMBER = "7000012050002"
PRIME = gbiz_claims_parse({**PRIME_CLAIMS, "sub": "p"})
MEMBER = gbiz_claims_parse({**PRIME_CLAIMS, "sub": "m", "account_type": "3"})
ENTRY = gbiz_claims_parse({**PRIME_CLAIMS, "sub": "e", "account_type": "1"})
UNKNOWN = gbiz_claims_parse({**PRIME_CLAIMS, "sub": "u", "account_type": "9"})
SOLE = gbiz_claims_parse(
    {**PRIME_CLAIMS, "sub": "s", "corporate_type": "2", "corporate_number": "", "name": "高橋デザイン事務所"}
)
OWN = OwnOrganization(
    pk=1, corporate_number=NUMBER, name="株式会社テスト商事", is_verified=False, user_is_owner=True
)


@pytest.mark.parametrize("claims", [None, ENTRY, UNKNOWN])
@pytest.mark.parametrize("own", [None, OWN])
def test_no_claims_or_an_unaccepted_account_is_refused_whatever_else(claims, own) -> None:
    holders = [Holder(pk=9, is_verified=False, has_owner=False)]
    assert landing_decide(claims, own, holders) == LandingDecision(LandingStep.NOT_ACCEPTED)


@pytest.mark.parametrize("claims", [PRIME, MEMBER])
def test_the_owner_of_the_same_unverified_number_verifies_it(claims) -> None:
    assert landing_decide(claims, OWN, []) == LandingDecision(LandingStep.VERIFY, 1)


def test_a_member_of_the_same_unverified_number_only_goes_to_my_page() -> None:
    own = replace(OWN, user_is_owner=False)
    assert landing_decide(MEMBER, own, []) == LandingDecision(LandingStep.MYPAGE, 1)


@pytest.mark.parametrize("owner", [True, False])
def test_a_verified_organisation_with_gbizids_name_needs_nothing(owner) -> None:
    own = replace(OWN, is_verified=True, user_is_owner=owner)
    assert landing_decide(PRIME, own, []) == LandingDecision(LandingStep.MYPAGE, 1)


@pytest.mark.parametrize("owner", [True, False])
def test_a_verified_organisation_whose_name_changed_at_gbizid_is_synced(owner) -> None:
    own = replace(OWN, is_verified=True, user_is_owner=owner, name="株式会社旧テスト商事")
    assert landing_decide(PRIME, own, []) == LandingDecision(LandingStep.SYNC_NAME, 1)


def test_names_are_compared_as_stored_full_width_letters_fold() -> None:
    claims = replace(PRIME, legal_name="株式会社ＡＢＣ")
    own = replace(OWN, is_verified=True, name="株式会社ABC")
    assert landing_decide(claims, own, []).step is LandingStep.MYPAGE


def test_an_empty_legal_name_from_gbizid_never_blanks_the_stored_one() -> None:
    own = replace(OWN, is_verified=True)
    assert landing_decide(replace(PRIME, legal_name=""), own, []).step is LandingStep.MYPAGE


@pytest.mark.parametrize(
    ("claims", "own_number"),
    [(PRIME, "4000012090001"), (PRIME, ""), (SOLE, NUMBER), (SOLE, "")],
)
def test_an_own_organisation_with_another_or_no_number_is_not_verified(claims, own_number) -> None:
    own = replace(OWN, corporate_number=own_number)
    assert landing_decide(claims, own, []) == LandingDecision(LandingStep.OTHER_NUMBER, 1)


def test_no_organisation_and_no_holder_registers() -> None:
    assert landing_decide(PRIME, None, []) == LandingDecision(LandingStep.REGISTER)


def test_an_unverified_holder_with_an_owner_does_not_block_a_verified_registration() -> None:
    holders = [Holder(pk=5, is_verified=False, has_owner=True)]
    assert landing_decide(PRIME, None, holders) == LandingDecision(LandingStep.REGISTER)


@pytest.mark.parametrize("verified", [True, False])
def test_an_ownerless_holder_is_taken_over(verified) -> None:
    holders = [Holder(pk=5, is_verified=verified, has_owner=False)]
    assert landing_decide(PRIME, None, holders) == LandingDecision(LandingStep.TAKE_OVER, 5)


def test_a_verified_ownerless_holder_is_taken_over_before_an_unverified_one() -> None:
    holders = [
        Holder(pk=3, is_verified=False, has_owner=False),
        Holder(pk=7, is_verified=True, has_owner=False),
    ]
    assert landing_decide(PRIME, None, holders) == LandingDecision(LandingStep.TAKE_OVER, 7)


@pytest.mark.parametrize("claims", [PRIME, MEMBER])
def test_a_verified_holder_with_an_owner_means_asking_that_owner(claims) -> None:
    holders = [
        Holder(pk=3, is_verified=False, has_owner=False),
        Holder(pk=7, is_verified=True, has_owner=True),
    ]
    assert landing_decide(claims, None, holders) == LandingDecision(LandingStep.ASK_OWNER, 7)


def test_a_sole_proprietor_registers_whatever_the_holders() -> None:
    holders = [Holder(pk=7, is_verified=True, has_owner=True)]
    assert landing_decide(SOLE, None, holders) == LandingDecision(LandingStep.REGISTER)


def test_every_combination_of_holders_gives_one_step_and_names_an_organisation_when_it_acts() -> None:
    kinds = [Holder(pk=0, is_verified=v, has_owner=o) for v in (True, False) for o in (True, False)]
    for n in range(3):
        for combo in itertools.combinations_with_replacement(kinds, n):
            holders = [replace(h, pk=i + 1) for i, h in enumerate(combo)]
            decision = landing_decide(PRIME, None, holders)
            if decision.step in (LandingStep.TAKE_OVER, LandingStep.ASK_OWNER):
                held = next(h for h in holders if h.pk == decision.organization_pk)
                assert held.has_owner is (decision.step is LandingStep.ASK_OWNER)
            else:
                assert decision == LandingDecision(LandingStep.REGISTER)
                assert not any(h.is_verified and h.has_owner for h in holders)
                assert all(h.has_owner for h in holders)
