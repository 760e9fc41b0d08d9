import pytest

from secaction.diagnosis.scoring import (
    BANDS,
    AnswersInvalid,
    answers_combine,
    answers_compare,
    answers_parse,
    answers_validate,
    band_for_total,
    diagnosis_score,
    items_to_improve,
)

from .factories import answers_all, answers_for_total


def parts_of(score):
    return [(p.number, p.score, p.max) for p in score.parts]


def test_all_yes_scores_100_with_every_part_full():
    score = diagnosis_score(answers_all("yes"))
    assert score.total == 100
    assert score.band.id == "perfect"
    assert parts_of(score) == [(1, 20, 20), (2, 52, 52), (3, 28, 28)]


def test_all_unknown_scores_minus_25():
    score = diagnosis_score(answers_all("unknown"))
    assert score.total == -25
    assert score.band.id == "weak"
    assert parts_of(score) == [(1, -5, 20), (2, -13, 52), (3, -7, 28)]
    assert (score.min_total, score.max_total) == (-25, 100)


def test_all_no_and_all_partial():
    assert diagnosis_score(answers_all("no")).total == 0
    assert diagnosis_score(answers_all("partial")).total == 50
    assert diagnosis_score(answers_all("partial")).band.id == "fair"


def test_mixed_answers_sum_per_part():
    answers = answers_all("yes")
    answers.update({1: "no", 2: "partial", 6: "unknown", 18: "partial", 19: "no", 25: "unknown"})
    score = diagnosis_score(answers)
    # part 1: 0 + 2 + 3*4 = 14; part 2: -1 + 2 + 11*4 = 45; part 3: 0 - 1 + 5*4 = 19
    assert parts_of(score) == [(1, 14, 20), (2, 45, 52), (3, 19, 28)]
    assert score.total == 78
    assert score.band.id == "good"


def test_string_keys_are_accepted_like_numbers():
    answers = {str(n): v for n, v in answers_all("partial").items()}
    assert diagnosis_score(answers).total == 50


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (-25, "weak"),
        (0, "weak"),
        (49, "weak"),
        (50, "fair"),
        (69, "fair"),
        (70, "good"),
        (98, "good"),
        (100, "perfect"),
    ],
)
def test_band_boundaries_reached_by_real_answers(total, band):
    answers = answers_for_total(total)
    assert answers is not None
    score = diagnosis_score(answers)
    assert score.total == total
    assert score.band.id == band


@pytest.mark.parametrize(
    ("total", "band"),
    [(-25, "weak"), (49, "weak"), (50, "fair"), (69, "fair"), (70, "good"), (99, "good"), (100, "perfect")],
)
def test_band_for_total_boundaries(total, band):
    assert band_for_total(total).id == band


def test_99_cannot_be_reached_so_98_is_the_best_below_100():
    # 24 items "yes" leave one item worth at most 2: 98. Documented in docs/diagnosis.md.
    assert answers_for_total(99) is None
    assert answers_for_total(98) is not None


def test_bands_cover_every_total_exactly_once():
    for total in range(-25, 101):
        assert sum(b.low <= total <= b.high for b in BANDS) == 1
    for outside in (-26, 101):
        with pytest.raises(ValueError):
            band_for_total(outside)


def test_every_band_has_title_and_advice():
    for band in BANDS:
        assert str(band.title) and len(str(band.advice)) > 40


def problems_of(raw):
    return sorted((p.code, p.key) for p in answers_validate(raw)[1])


def test_missing_items_are_each_named():
    raw = {str(n): "yes" for n in range(1, 26) if n not in (3, 17)}
    assert problems_of(raw) == [("missing", "17"), ("missing", "3")]
    with pytest.raises(AnswersInvalid) as exc:
        answers_parse(raw)
    assert "No.3" in str(exc.value) and "No.17" in str(exc.value)


def test_extra_items_are_each_named():
    raw = {str(n): "yes" for n in range(1, 26)}
    raw.update({"0": "yes", "26": "no", "abc": "yes", "01": "yes"})
    assert problems_of(raw) == [("extra", "0"), ("extra", "01"), ("extra", "26"), ("extra", "abc")]


def test_unknown_values_are_each_named_and_not_also_reported_missing():
    raw = {str(n): "yes" for n in range(1, 26)}
    raw.update({"4": "maybe", "5": "", "6": 4, "7": None, "8": "YES"})
    found = answers_validate(raw)[1]
    assert sorted((p.code, p.key) for p in found) == [("invalid_value", k) for k in ("4", "5", "6", "7", "8")]
    message = next(p for p in found if p.key == "4").message
    assert "No.4" in message and "maybe" in message


def test_duplicate_item_given_as_int_and_str():
    raw = {n: "yes" for n in range(1, 26)}
    raw["1"] = "no"
    assert problems_of(raw) == [("duplicate", "1")]


def test_booleans_are_not_item_numbers():
    raw = {n: "yes" for n in range(2, 26)}
    raw[True] = "yes"  # type: ignore[index]
    assert problems_of(raw) == [("extra", "True"), ("missing", "1")]


def test_empty_answers_name_all_25_items():
    assert problems_of({}) == sorted(("missing", str(n)) for n in range(1, 26))


def test_items_to_improve_weakest_first():
    answers = answers_all("yes")
    answers.update({20: "partial", 3: "partial", 11: "no", 24: "unknown", 2: "no"})
    order = [(ia.item.number, ia.answer.value) for ia in items_to_improve(answers)]
    assert order == [(24, "unknown"), (2, "no"), (11, "no"), (3, "partial"), (20, "partial")]
    assert items_to_improve(answers_all("yes")) == []


def test_compare_names_improved_and_worsened_items():
    before = answers_all("partial")
    after = dict(before)
    after.update({1: "yes", 2: "no", 3: "partial", 4: "unknown", 5: "yes"})
    cmp = answers_compare(before, after)
    assert [c.item.number for c in cmp.improved] == [1, 5]
    assert [(c.item.number, c.before.value, c.after.value) for c in cmp.worsened] == [
        (2, "partial", "no"),
        (4, "partial", "unknown"),
    ]
    assert (cmp.total_before, cmp.total_after, cmp.delta) == (50, 49, -1)  # +2 +2 -2 -3


def test_combine_takes_the_weakest_answer_per_item():
    a = answers_all("yes")
    b = answers_all("yes")
    a.update({1: "partial", 2: "no"})
    b.update({1: "no", 3: "unknown", 2: "partial"})
    combined = answers_combine([a, b])
    assert combined[1] == "no" and combined[2] == "no" and combined[3] == "unknown" and combined[4] == "yes"
    assert answers_combine([a]) == a
    with pytest.raises(ValueError):
        answers_combine([])
    with pytest.raises(AnswersInvalid):
        answers_combine([{1: "yes"}])
