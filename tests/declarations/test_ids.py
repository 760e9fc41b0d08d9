"""Declaration IDs: the shape of new IDs, the Damm digit, and what the normaliser accepts."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from secaction.declarations.ids import (
    DeclarationIdError,
    damm_check_digit,
    damm_valid,
    declaration_id_generate,
    declaration_id_mistyped,
    declaration_id_normalize,
)


def test_damm_published_example():
    # Wikipedia's worked example: 572 → check digit 4.
    assert damm_check_digit("572") == 4
    assert damm_check_digit("5724") == 0


def test_generated_ids_have_the_documented_shape_over_many_draws():
    rng = random.Random(1)
    seen = set()
    for _ in range(5000):
        new_id = declaration_id_generate(rng.randrange)
        # 「4からはじまる11桁の数字」, what subsidy forms ask for
        assert len(new_id) == 11 and new_id.isdigit() and new_id.isascii() and new_id[0] == "4"
        assert damm_valid(new_id) and damm_check_digit(new_id[:10]) == int(new_id[10])
        assert declaration_id_normalize(new_id) == new_id
        assert not declaration_id_mistyped(new_id)
        seen.add(new_id)
    assert len(seen) > 4990  # random, not a sequence


def test_default_source_is_the_csprng():
    ids = {declaration_id_generate() for _ in range(50)}
    assert len(ids) == 50 and all(i[0] == "4" and damm_valid(i) for i in ids)


def test_the_nine_middle_digits_come_from_the_source():
    draws = iter([1, 2, 3, 4, 5, 6, 7, 8, 9])
    new_id = declaration_id_generate(lambda n: next(draws))
    assert new_id[:10] == "4123456789" and damm_valid(new_id)


@st.composite
def new_id(draw):
    digits = iter(draw(st.lists(st.integers(0, 9), min_size=9, max_size=9)))
    return declaration_id_generate(lambda n: next(digits))


@given(new_id(), st.integers(0, 10), st.integers(1, 9))
def test_any_single_digit_error_of_a_new_id_is_detected(valid, pos, delta):
    wrong = valid[:pos] + str((int(valid[pos]) + delta) % 10) + valid[pos + 1 :]
    assert not damm_valid(wrong)
    if wrong[0] == "4":
        # Accepted by format (it could be a legacy ID), but flagged once the lookup fails.
        assert declaration_id_normalize(wrong) == wrong
        assert declaration_id_mistyped(wrong)


@given(new_id(), st.integers(0, 9))
def test_any_adjacent_transposition_of_a_new_id_is_detected(valid, pos):
    if valid[pos] == valid[pos + 1]:
        return
    swapped = valid[:pos] + valid[pos + 1] + valid[pos] + valid[pos + 2 :]
    assert not damm_valid(swapped)
    if swapped[0] == "4":
        assert declaration_id_mistyped(swapped)


def _valid_ids(n):
    rng = random.Random(42)
    return [declaration_id_generate(rng.randrange) for _ in range(n)]


@pytest.mark.parametrize("valid", _valid_ids(20))
def test_every_single_digit_error_and_swap_is_caught_exhaustively(valid):
    for pos in range(1, 11):
        for d in "0123456789":
            if d != valid[pos]:
                assert declaration_id_mistyped(valid[:pos] + d + valid[pos + 1 :])
    for pos in range(1, 10):
        if valid[pos] != valid[pos + 1]:
            assert declaration_id_mistyped(valid[:pos] + valid[pos + 1] + valid[pos] + valid[pos + 2 :])


def test_legacy_4_ids_are_accepted_on_format_alone():
    # Legacy IDs had another check rule: the normaliser must not refuse one for its last digit.
    legacy = "40000000001"
    assert not damm_valid(legacy)
    assert declaration_id_normalize(legacy) == legacy
    for last in "0123456789":
        assert declaration_id_normalize("4123456789" + last) == "4123456789" + last


def test_mistyped_is_only_about_4_ids():
    early = "5000000000" + str(damm_check_digit("5000000000"))
    assert not declaration_id_mistyped(early)


def test_early_5_ids_stay_valid_with_their_damm_digit():
    rng = random.Random(3)
    for _ in range(50):
        body = "5" + "".join(str(rng.randrange(10)) for _ in range(9))
        early = body + str(damm_check_digit(body))
        assert declaration_id_normalize(early) == early
        wrong = body + str((damm_check_digit(body) + 1) % 10)
        with pytest.raises(DeclarationIdError) as exc:
            declaration_id_normalize(wrong)
        assert exc.value.code == "check_digit"


def test_messages_say_what_is_wrong():
    valid = _valid_ids(1)[0]
    with pytest.raises(DeclarationIdError) as exc:
        declaration_id_normalize(valid[:-1])
    assert exc.value.code == "length" and "10桁" in str(exc.value)
    with pytest.raises(DeclarationIdError) as exc:
        declaration_id_normalize(valid[:-1] + "x")
    assert exc.value.code == "digits"
    for prefix in "01236789":
        with pytest.raises(DeclarationIdError) as exc:
            declaration_id_normalize(prefix + valid[1:])
        assert exc.value.code == "prefix"


def test_full_width_and_separators_are_accepted():
    valid = _valid_ids(1)[0]
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in valid)
    assert declaration_id_normalize(full_width) == valid
    assert declaration_id_normalize(f"{valid[:3]}-{valid[3:7]} {valid[7:]}") == valid
