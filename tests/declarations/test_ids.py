import random

import pytest

from secaction.declarations.ids import (
    DeclarationIdError,
    damm_check_digit,
    declaration_id_generate,
    declaration_id_normalize,
)


def test_damm_published_example():
    # Wikipedia's worked example: 572 → check digit 4.
    assert damm_check_digit("572") == 4
    assert damm_check_digit("5724") == 0


def test_generated_ids_have_the_documented_shape():
    rng = random.Random(1)
    for _ in range(200):
        new_id = declaration_id_generate(rng.randrange)
        assert len(new_id) == 11 and new_id.isdigit() and new_id[0] == "5"
        assert declaration_id_normalize(new_id) == new_id


def _valid_ids(n):
    rng = random.Random(42)
    return [declaration_id_generate(rng.randrange) for _ in range(n)]


@pytest.mark.parametrize("valid", _valid_ids(30))
def test_every_single_digit_error_is_caught(valid):
    for pos in range(1, 11):
        for d in "0123456789":
            if d != valid[pos]:
                with pytest.raises(DeclarationIdError):
                    declaration_id_normalize(valid[:pos] + d + valid[pos + 1 :])


@pytest.mark.parametrize("valid", _valid_ids(30))
def test_every_adjacent_transposition_is_caught(valid):
    for pos in range(1, 10):
        if valid[pos] != valid[pos + 1]:
            swapped = valid[:pos] + valid[pos + 1] + valid[pos] + valid[pos + 2 :]
            with pytest.raises(DeclarationIdError):
                declaration_id_normalize(swapped)


def test_messages_say_what_is_wrong():
    valid = _valid_ids(1)[0]
    with pytest.raises(DeclarationIdError) as exc:
        declaration_id_normalize(valid[:-1])
    assert exc.value.code == "length" and "10桁" in str(exc.value)
    with pytest.raises(DeclarationIdError) as exc:
        declaration_id_normalize(valid[:-1] + "x")
    assert exc.value.code == "digits"
    bad = valid[:-1] + str((int(valid[-1]) + 1) % 10)
    with pytest.raises(DeclarationIdError) as exc:
        declaration_id_normalize(bad)
    assert exc.value.code == "check_digit"
    with pytest.raises(DeclarationIdError) as exc:
        declaration_id_normalize("6" + valid[1:])
    assert exc.value.code == "prefix"


def test_full_width_and_separators_are_accepted():
    valid = _valid_ids(1)[0]
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in valid)
    assert declaration_id_normalize(full_width) == valid
    assert declaration_id_normalize(f"{valid[:3]}-{valid[3:7]} {valid[7:]}") == valid


def test_legacy_ids_starting_with_4_are_accepted_on_format():
    assert declaration_id_normalize("40000000001") == "40000000001"
