import pytest

from secaction.organizations.validation import (
    corporate_number_check_digit,
    corporate_number_normalize,
    katakana_normalize,
    phone_normalize,
    postal_code_normalize,
)

# Published corporate numbers (国税庁法人番号公表サイト).
VALID = ["7000012050002", "4000012090001", "5010401089998"]


@pytest.mark.parametrize("number", VALID)
def test_known_corporate_numbers_pass(number):
    assert corporate_number_normalize(number) == number
    assert corporate_number_check_digit(number[1:]) == int(number[0])


@pytest.mark.parametrize(
    "raw",
    ["７０００ ０１２０ ５０００２", "7-0000-1205-0002", " 7000012050002 ", "７０００－０１２０－５０００２"],
)
def test_corporate_number_accepts_full_width_spaces_and_hyphens(raw):
    assert corporate_number_normalize(raw) == "7000012050002"


def test_corporate_number_wrong_length_says_so():
    with pytest.raises(ValueError, match="13桁です。入力された番号は12桁"):
        corporate_number_normalize("700001205000")


def test_corporate_number_wrong_check_digit_says_so():
    with pytest.raises(ValueError, match="チェック用数字"):
        corporate_number_normalize("8000012050002")


def test_corporate_number_with_letters_is_rejected():
    with pytest.raises(ValueError, match="数字以外"):
        corporate_number_normalize("70000120500O2")


def test_every_single_digit_change_of_a_base_digit_is_caught():
    base = "000012050002"
    good = corporate_number_check_digit(base)
    for pos in range(12):
        for d in "0123456789":
            if d == base[pos]:
                continue
            changed = base[:pos] + d + base[pos + 1 :]
            assert corporate_number_check_digit(changed) != good or (
                # The NTA rule maps weights mod 9, so 0↔9 on a weight-1 place is invisible.
                {d, base[pos]} == {"0", "9"}
            )


@pytest.mark.parametrize("raw", ["1000001", "100-0001", "１００－０００１", "〒100-0001", "100 0001"])
def test_postal_code_forms(raw):
    assert postal_code_normalize(raw) == "100-0001"


@pytest.mark.parametrize("raw", ["100-001", "1000-0001", "abc-defg", ""])
def test_postal_code_rejects(raw):
    with pytest.raises(ValueError, match="7桁"):
        postal_code_normalize(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ｶﾌﾞｼｷｶﾞｲｼｬ ｻﾝﾌﾟﾙ", "カブシキガイシャ サンプル"),
        ("かぶしきがいしゃさんぷる", "カブシキガイシャサンプル"),
        ("サンプル・テック", "サンプル・テック"),
        ("ｴｰﾋﾞｰｼｰ ABC", "エービーシー ABC"),
    ],
)
def test_katakana_normalisation(raw, expected):
    assert katakana_normalize(raw) == expected


def test_katakana_rejects_kanji_and_names_the_character():
    with pytest.raises(ValueError, match="「株」"):
        katakana_normalize("株式会社")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("03-1234-5678", "03-1234-5678"),
        ("０９０１２３４５６７８", "09012345678"),
        ("03(1234)5678", "03-1234-5678"),
    ],
)
def test_phone(raw, expected):
    assert phone_normalize(raw) == expected


def test_phone_rejects_short():
    with pytest.raises(ValueError):
        phone_normalize("1234")
