"""Crosstabs from the database: by a response attribute and by another question (self-join on Answer)."""

from __future__ import annotations

import pytest

from secaction.surveys.models import Survey
from secaction.surveys.selectors import crosstab_dimensions, survey_crosstab_get
from tests.declarations.conftest import make_user

from .results_data import add_response, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return make_user("office@example.jp", staff=True)


def fill(survey):
    # 東京都 (13): 6 yes, 6 no; 大阪府 (27): 2 yes, 9 no.
    for _ in range(6):
        add_response(survey, q1="yes", q2=("subsidy",), prefecture="13", level="two_star")
        add_response(survey, q1="no", q2=("subsidy", "self"), prefecture="13", level="one_star")
    for _ in range(2):
        add_response(survey, q1="yes", q2=("customer",), prefecture="27", level="one_star")
    for _ in range(9):
        add_response(survey, q1="no", q2=("self",), prefecture="27", level="one_star")


def table(crosstab):
    return {row.label: ([c.count for c in row.cells], row.total) for row in crosstab.rows}


def test_identified_survey_shows_every_count_with_row_percentages(staff, django_assert_max_num_queries):
    survey = make_survey(staff, mode=Survey.Mode.IDENTIFIED)
    fill(survey)
    q1 = survey.questions.get(key="q1")
    with django_assert_max_num_queries(3):
        crosstab = survey_crosstab_get(staff, survey, q1, "prefecture")
    assert not crosstab.suppressed
    assert table(crosstab) == {"東京都": ([6, 6], 12), "大阪府": ([2, 9], 11)}
    assert [str(c.percent) for c in crosstab.rows[1].cells] == ["18.2", "81.8"]


def test_anonymous_survey_hides_small_cells_and_what_subtraction_would_reveal(staff, client):
    survey = make_survey(staff)
    fill(survey)
    crosstab = survey_crosstab_get(staff, survey, survey.questions.get(key="q1"), "prefecture")
    assert crosstab.suppressed
    # 大阪府's 2 is small; its row partner (9) and its column partner (東京都 yes, 6) go with it, and so
    # does 東京都's other cell, or the row total would give the 6 back.
    assert table(crosstab) == {"東京都": ([None, None], 12), "大阪府": ([None, None], 11)}
    assert all(c.percent is None for row in crosstab.rows for c in row.cells)


def test_by_another_question_counts_respondents_once(staff):
    survey = make_survey(staff, mode=Survey.Mode.IDENTIFIED)
    fill(survey)
    q1, q2 = survey.questions.get(key="q1"), survey.questions.get(key="q2")
    crosstab = survey_crosstab_get(staff, survey, q1, f"q{q2.pk}")
    assert table(crosstab) == {
        "補助金の要件": ([6, 6], 12),
        "取引先の要請": ([2, 0], 2),
        "自社の取組み": ([0, 15], 15),
    }
    # By level, with the attribute's labels.
    assert table(survey_crosstab_get(staff, survey, q1, "level")) == {
        "★一つ星": ([2, 15], 17),
        "★★二つ星": ([6, 0], 6),
    }


def test_only_offered_splits(staff):
    survey = make_survey(staff)
    q1 = survey.questions.get(key="q1")
    for bad in ("organization_id", f"q{q1.pk}", "q999999", "x"):
        with pytest.raises(ValueError):
            survey_crosstab_get(staff, survey, q1, bad)
    with pytest.raises(ValueError):
        survey_crosstab_get(staff, survey, survey.questions.get(key="q6"), "level")
    keys = [key for key, _label in crosstab_dimensions(survey, list(survey.questions.all()))]
    assert keys[:4] == ["level", "prefecture", "industry", "size"]
    assert f"q{q1.pk}" in keys and f"q{survey.questions.get(key='q6').pk}" not in keys
