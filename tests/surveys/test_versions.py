"""Pure rules of surveys.versions: which edits a survey in the field allows."""

from __future__ import annotations

from typing import Any

import pytest

from secaction.surveys.versions import (
    FIELDS,
    is_change,
    is_in_field,
    question_addition_refusals,
    question_change_refusals,
)


def opts(*keys: str) -> list[dict[str, str]]:
    return [{"key": k, "ja": k, "en": k} for k in keys]


BEFORE: dict[str, Any] = {
    "key": "q1",
    "kind": "multiple",
    "text_ja": "質問",
    "text_en": "Question",
    "help_ja": "",
    "help_en": "",
    "required": False,
    "options": opts("a", "b"),
    "rows": [],
    "max_choices": 2,
    "min_value": None,
    "max_value": None,
    "show_if_id": None,
    "show_if_options": [],
}
NUMBER = {**BEFORE, "kind": "number", "options": [], "max_choices": None, "min_value": 0, "max_value": 10}


def test_fields_cover_the_definition():
    assert set(BEFORE) == set(FIELDS)


@pytest.mark.parametrize(
    "change",
    [
        {"text_ja": "言い換えた質問"},
        {"text_en": "Reworded"},
        {"help_ja": "補足", "help_en": "Help"},
        {"options": [*opts("a", "b"), {"key": "c", "ja": "新", "en": "New"}]},
        {
            "options": [{"key": "b", "ja": "B2", "en": ""}, {"key": "a", "ja": "A2", "en": ""}]
        },  # reorder, relabel
        {"max_choices": 3},
        {"max_choices": None},
        {"required": False},
    ],
)
def test_allowed_edits(change):
    assert question_change_refusals(BEFORE, {**BEFORE, **change}) == []


@pytest.mark.parametrize(
    ("change", "word"),
    [
        ({"kind": "single"}, "形式"),
        ({"key": "q2"}, "キー"),
        ({"options": opts("a")}, "選択肢"),
        ({"options": opts("a", "c")}, "選択肢"),  # re-keyed
        ({"required": True}, "必須"),
        ({"max_choices": 1}, "上限"),
        ({"show_if_id": 7, "show_if_options": ["x"]}, "条件"),
    ],
)
def test_refused_edits_name_what_is_not_allowed(change, word):
    refusals = question_change_refusals(BEFORE, {**BEFORE, **change})
    assert len(refusals) == 1 and word in refusals[0]


def test_a_matrix_keeps_its_rows():
    grid = {**BEFORE, "kind": "matrix", "max_choices": None, "rows": opts("r1", "r2")}
    assert question_change_refusals(grid, {**grid, "rows": opts("r1", "r2", "r3")}) == []
    assert "行" in question_change_refusals(grid, {**grid, "rows": opts("r1")})[0]


@pytest.mark.parametrize(
    ("low", "high", "allowed"),
    [(0, 10, True), (-5, 20, True), (None, None, True), (1, 10, False), (0, 9, False), (None, 5, False)],
)
def test_a_number_range_may_widen_not_narrow(low, high, allowed):
    refusals = question_change_refusals(NUMBER, {**NUMBER, "min_value": low, "max_value": high})
    assert (refusals == []) == allowed


def test_a_cap_added_where_there_was_none_is_a_tightening():
    free = {**BEFORE, "max_choices": None}
    assert question_change_refusals(free, {**free, "max_choices": 2})
    open_number = {**NUMBER, "min_value": None, "max_value": None}
    assert question_change_refusals(open_number, {**open_number, "min_value": 0})


def test_only_optional_questions_are_added_in_the_field():
    assert question_addition_refusals({"required": False}) == []
    assert question_addition_refusals({"required": True})


def test_in_field_and_change():
    assert not is_in_field("draft", False)
    assert is_in_field("draft", True) and is_in_field("open", False) and is_in_field("closed", False)
    assert not is_change(BEFORE, dict(BEFORE))
    assert is_change(BEFORE, {**BEFORE, "text_en": "x"})
