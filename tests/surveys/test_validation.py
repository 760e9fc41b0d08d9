"""Pure rules of surveys.validation: question definitions and submitted answers (no database)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from secaction.surveys.validation import (
    TEXT_MAX,
    answers_as_data,
    answers_validate,
    draft_from_data,
    field_name,
    question_definition_errors,
    scale_options,
)


@dataclass
class Q:
    pk: int
    key: str
    kind: str
    required: bool = False
    options: list[dict[str, str]] = field(default_factory=list)
    rows: list[dict[str, str]] = field(default_factory=list)
    max_choices: int | None = None
    min_value: int | None = None
    max_value: int | None = None
    show_if_id: int | None = None
    show_if_options: list[str] = field(default_factory=list)


def opts(*keys: str) -> list[dict[str, str]]:
    return [{"key": k, "ja": f"選択肢{k}", "en": f"Option {k}"} for k in keys]


def definition(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"key": "q1", "kind": "single", "text_ja": "質問", "options": opts("a", "b")}
    return {**base, **overrides}


# --- question definitions -------------------------------------------------------------------------


def test_a_plain_single_choice_question_is_valid():
    assert question_definition_errors(definition(), earlier=[]) == {}


@pytest.mark.parametrize("key", ["", "has space", "日本語", "a.b", "x" * 41, "-lead"])
def test_keys_must_be_slugs(key):
    assert "key" in question_definition_errors(definition(key=key), earlier=[])


def test_a_key_taken_by_another_question_is_refused():
    assert "key" in question_definition_errors(definition(), earlier=[], taken_keys=["q1"])


def test_unknown_kind_is_refused():
    assert "kind" in question_definition_errors(definition(kind="slider"), earlier=[])


def test_question_text_in_japanese_is_required():
    assert "text_ja" in question_definition_errors(definition(text_ja="  "), earlier=[])


@pytest.mark.parametrize("kind", ["single", "multiple", "matrix"])
def test_choice_kinds_need_options(kind):
    assert "options" in question_definition_errors(definition(kind=kind, options=[]), earlier=[])


def test_option_keys_must_be_unique_slugs_with_japanese_labels():
    dup = question_definition_errors(definition(options=opts("a", "a")), earlier=[])
    assert any("重複" in m for m in dup["options"])
    bad = question_definition_errors(definition(options=[{"key": "a b", "ja": "x"}]), earlier=[])
    assert "options" in bad
    unlabelled = question_definition_errors(
        definition(options=[{"key": "a", "ja": "", "en": "A"}]), earlier=[]
    )
    assert "options" in unlabelled


def test_scale_options_are_fixed_one_to_five():
    assert question_definition_errors(definition(kind="scale", options=scale_options()), earlier=[]) == {}
    assert "options" in question_definition_errors(
        definition(kind="scale", options=opts("1", "2", "3")), earlier=[]
    )
    assert "options" in question_definition_errors(
        definition(kind="scale", options=opts("5", "4", "3", "2", "1")), earlier=[]
    )


def test_matrix_needs_rows_and_other_kinds_refuse_them():
    assert "rows" in question_definition_errors(definition(kind="matrix", rows=[]), earlier=[])
    assert question_definition_errors(definition(kind="matrix", rows=opts("r1", "r2")), earlier=[]) == {}
    assert "rows" in question_definition_errors(definition(rows=opts("r1")), earlier=[])


def test_number_and_text_take_no_options():
    assert "options" in question_definition_errors(definition(kind="number"), earlier=[])
    assert question_definition_errors(definition(kind="text", options=[]), earlier=[]) == {}


def test_max_choices_only_on_multiple_and_within_the_options():
    assert "max_choices" in question_definition_errors(definition(max_choices=1), earlier=[])
    assert question_definition_errors(definition(kind="multiple", max_choices=2), earlier=[]) == {}
    assert "max_choices" in question_definition_errors(definition(kind="multiple", max_choices=3), earlier=[])
    assert "max_choices" in question_definition_errors(definition(kind="multiple", max_choices=0), earlier=[])


def test_number_range_only_on_numbers_and_ordered():
    assert "min_value" in question_definition_errors(definition(min_value=1), earlier=[])
    ok = definition(kind="number", options=[], min_value=0, max_value=10)
    assert question_definition_errors(ok, earlier=[]) == {}
    assert "max_value" in question_definition_errors({**ok, "min_value": 11}, earlier=[])


def test_a_condition_must_look_back_at_a_choice_question_and_its_own_keys():
    first = Q(1, "first", "single", options=opts("yes", "no"))
    number = Q(2, "count", "number")
    ok = definition(key="q2", show_if=first, show_if_options=["yes"])
    assert question_definition_errors(ok, earlier=[first]) == {}
    assert "show_if" in question_definition_errors(ok, earlier=[])  # not earlier
    assert "show_if" in question_definition_errors({**ok, "show_if": number}, earlier=[number])
    assert "show_if_options" in question_definition_errors({**ok, "show_if_options": []}, earlier=[first])
    assert "show_if_options" in question_definition_errors(
        {**ok, "show_if_options": ["maybe"]}, earlier=[first]
    )
    assert "show_if" in question_definition_errors({**ok, "show_if": None}, earlier=[first])


# --- answers -------------------------------------------------------------------------------------

SINGLE = Q(1, "uses", "single", required=True, options=opts("yes", "no"))
FOLLOW = Q(
    2,
    "which",
    "multiple",
    required=True,
    options=opts("a", "b", "c"),
    max_choices=2,
    show_if_id=1,
    show_if_options=["yes"],
)
SCALE = Q(3, "agree", "scale", options=scale_options())
MATRIX = Q(4, "grid", "matrix", required=True, options=opts("x", "y"), rows=opts("r1", "r2"))
NUMBER = Q(5, "staff", "number", min_value=1, max_value=100)
TEXT = Q(6, "note", "text")
ALL = [SINGLE, FOLLOW, SCALE, MATRIX, NUMBER, TEXT]


def full(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"q.uses": "yes", "q.which": ["a"], "q.grid.r1": "x", "q.grid.r2": "y"}
    return {**data, **extra}


def test_complete_answers_are_cleaned_by_kind():
    clean, errors = answers_validate(
        ALL, full(**{"q.agree": "4", "q.staff": "12", "q.note": " 特になし ", "q.which": ["b", "a"]})
    )
    assert errors == {}
    assert clean == {
        "uses": "yes",
        "which": ["a", "b"],  # option order, not click order
        "agree": "4",
        "grid": {"r1": "x", "r2": "y"},
        "staff": 12,
        "note": "特になし",
    }


def test_required_questions_must_be_answered():
    _clean, errors = answers_validate(ALL, {})
    assert set(errors) == {"uses", "grid"}  # "which" is hidden: its condition is not met
    assert errors["uses"] == ["この質問には回答が必要です。"]


def test_an_answer_to_a_hidden_question_is_dropped_not_an_error():
    clean, errors = answers_validate(ALL, full(**{"q.uses": "no", "q.which": ["zzz", "a", "b", "c"]}))
    assert errors == {}
    assert "which" not in clean


def test_a_shown_conditional_question_is_validated():
    _clean, errors = answers_validate(ALL, full(**{"q.which": []}))
    assert "which" in errors


def test_conditions_chain_through_hidden_questions():
    third = Q(7, "why", "single", options=opts("p"), show_if_id=2, show_if_options=["a"])
    clean, errors = answers_validate(
        [SINGLE, FOLLOW, third], {"q.uses": "no", "q.which": ["a"], "q.why": "p"}
    )
    assert errors == {} and clean == {"uses": "no"}


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"q.uses": "maybe"}, "uses"),
        ({"q.uses": ["yes", "no"]}, "uses"),
        ({"q.which": ["a", "b", "c"]}, "which"),  # more than max_choices
        ({"q.which": ["a", "d"]}, "which"),
        ({"q.agree": "6"}, "agree"),
        ({"q.grid.r1": "z"}, "grid"),
        ({"q.grid.r2": ""}, "grid"),  # required matrix: every row
        ({"q.staff": "0"}, "staff"),
        ({"q.staff": "101"}, "staff"),
        ({"q.staff": "1.5"}, "staff"),
        ({"q.staff": "abc"}, "staff"),
        ({"q.note": "x" * (TEXT_MAX + 1)}, "note"),
    ],
)
def test_wrong_answers_are_reported_per_question(data, key):
    _clean, errors = answers_validate(ALL, full(**data))
    assert list(errors) == [key]
    assert errors[key][0]


def test_numbers_accept_full_width_digits_and_thousands_separators():
    clean, errors = answers_validate([NUMBER], {"q.staff": "１２"})
    assert clean == {"staff": 12} and errors == {}
    wide = Q(9, "n", "number")
    assert answers_validate([wide], {"q.n": "1,200"})[0] == {"n": 1200}


def test_an_optional_matrix_may_be_partly_answered():
    grid = Q(4, "grid", "matrix", options=opts("x"), rows=opts("r1", "r2"))
    assert answers_validate([grid], {"q.grid.r2": "x"}) == ({"grid": {"r2": "x"}}, {})


def test_query_dicts_are_read_with_getlist():
    data = QueryDict(mutable=True)
    data.setlist("q.which", ["a", "b"])
    data["q.uses"] = "yes"
    clean, _errors = answers_validate([SINGLE, FOLLOW], data)
    assert clean["which"] == ["a", "b"]


def test_answers_round_trip_through_form_data():
    clean, _ = answers_validate(ALL, full(**{"q.staff": "3", "q.note": "メモ"}))
    assert answers_validate(ALL, answers_as_data(ALL, clean))[0] == clean


def test_a_draft_keeps_what_was_typed_without_validating():
    draft = draft_from_data(ALL, {"q.uses": "maybe", "q.grid.r1": "x", "q.staff": "abc", "csrf": "t"})
    assert draft == {"uses": "maybe", "grid": {"r1": "x"}, "staff": "abc"}


def test_field_names():
    assert field_name("a") == "q.a" and field_name("a", "r") == "q.a.r"


@given(st.lists(st.sampled_from(["a", "b", "c", "d", ""]), max_size=6))
def test_multiple_choice_never_accepts_unknown_keys_or_too_many(values):
    clean, errors = answers_validate([FOLLOW], {"q.which": values})
    # FOLLOW is conditional on question 1, which is absent here: always hidden, always dropped.
    assert clean == {} and errors == {}
    free = Q(2, "which", "multiple", options=opts("a", "b", "c"), max_choices=2)
    clean, errors = answers_validate([free], {"q.which": values})
    chosen = {v for v in values if v}
    if chosen and (not chosen <= {"a", "b", "c"} or len(chosen) > 2):
        assert "which" in errors and clean == {}
    else:
        assert errors == {} and set(clean.get("which", [])) == chosen


@given(st.integers(min_value=-(10**6), max_value=10**6))
def test_numbers_in_range_are_accepted_and_others_refused(number):
    clean, errors = answers_validate([NUMBER], {"q.staff": str(number)})
    assert (clean == {"staff": number}) == (1 <= number <= 100)
    assert bool(errors) == (not 1 <= number <= 100)
