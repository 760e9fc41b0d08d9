"""The properties of Damm's table that docs/declaration-ids.md relies on, checked over the whole table."""

from secaction.declarations.ids import _DAMM, damm_check_digit

DIGITS = range(10)


def test_rows_and_columns_are_permutations():
    for i in DIGITS:
        assert sorted(_DAMM[i]) == list(DIGITS)
        assert sorted(_DAMM[r][i] for r in DIGITS) == list(DIGITS)


def test_total_anti_symmetry_so_every_adjacent_swap_changes_the_result():
    for x in DIGITS:
        for a in DIGITS:
            for b in DIGITS:
                if a != b:
                    assert _DAMM[_DAMM[x][a]][b] != _DAMM[_DAMM[x][b]][a]


def test_zero_diagonal_so_a_full_id_checks_to_zero():
    assert all(_DAMM[i][i] == 0 for i in DIGITS)
    body = "5123456789"
    assert damm_check_digit(body + str(damm_check_digit(body))) == 0
