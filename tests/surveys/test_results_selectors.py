"""Results read from the database: counts, percentages, statistics, texts and the query budget."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from secaction.core.errors import AccessDenied
from secaction.surveys.models import Invitation
from secaction.surveys.selectors import survey_results_get, survey_texts_page
from tests.declarations.conftest import make_user

from .results_data import add_response, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return make_user("office@example.jp", staff=True)


@pytest.fixture
def survey(staff):
    survey = make_survey(staff)
    for n in range(8):
        Invitation.objects.create(survey=survey, token_hash=f"h{n}", email=f"o{n}@example.jp")
    add_response(
        survey,
        q1="yes",
        q2=("subsidy", "customer"),
        q3="5",
        q4={"backup": "yes", "patch": "no"},
        q5=3,
        q6="古い意見",
        on=dt.date(2026, 12, 1),
    )
    add_response(
        survey,
        q1="yes",
        q2=("subsidy",),
        q3="4",
        q4={"backup": "yes"},
        q5=10,
        q6="新しい意見",
        on=dt.date(2026, 12, 3),
    )
    add_response(survey, q1="no", q2=("self",), q3="2", q5=3)
    return survey


def by_key(results):
    return {r.question.key: r for r in results.questions}


def test_rate_counts_and_percentages(staff, survey):
    results = survey_results_get(staff, survey)
    assert (results.invitations, results.responses, results.rate) == (8, 3, "37.5%")
    q = by_key(results)
    assert [(o.key, o.count, o.percent) for o in q["q1"].options] == [
        ("yes", 2, Decimal("66.7")),
        ("no", 1, Decimal("33.3")),
    ]
    # Multiple choice: shares of the question's respondents, so they add up to more than 100.
    assert q["q2"].respondents == 3
    assert [(o.key, o.count, o.percent, o.reference) for o in q["q2"].options] == [
        ("subsidy", 2, Decimal("66.7"), Decimal("75.1")),
        ("customer", 1, Decimal("33.3"), Decimal("10.2")),
        ("self", 1, Decimal("33.3"), None),
    ]
    assert q["q2"].has_reference and not q["q1"].has_reference
    assert q["q3"].mean == Decimal("3.67")
    backup, patch = q["q4"].matrix
    assert (backup.respondents, [c.count for c in backup.cells]) == (2, [2, 0])
    assert (patch.respondents, [c.count for c in patch.cells], patch.cells[1].percent) == (
        1,
        [0, 1],
        Decimal("100.0"),
    )
    stats = q["q5"].number
    assert (stats.n, stats.mean, stats.median, stats.minimum, stats.maximum) == (
        3,
        Decimal("5.3"),
        Decimal("3.0"),
        3,
        10,
    )
    assert sum(b.count for b in q["q5"].bands) == 3


def test_no_invitations_gives_a_dash_not_a_division_by_zero(staff):
    results = survey_results_get(staff, make_survey(staff))
    assert results.rate == "—" and all(r.respondents == 0 for r in results.questions)


def test_texts_newest_first_and_paginated(staff, survey):
    q6 = survey.questions.get(key="q6")
    assert list(survey_texts_page(staff, q6)) == ["新しい意見", "古い意見"]
    for n in range(25):
        add_response(survey, q6=f"意見{n}", on=dt.date(2026, 12, 5))
    first, second = survey_texts_page(staff, q6, 1), survey_texts_page(staff, q6, 2)
    assert len(first) == 20 and first[0] == "意見24" and len(second) == 7 and second[-1] == "古い意見"


def test_a_handful_of_queries_whatever_the_number_of_responses(staff, survey, django_assert_max_num_queries):
    for n in range(30):
        add_response(survey, q1="yes", q2=("self",), q3="3", q5=n)
    with django_assert_max_num_queries(6):
        survey_results_get(staff, survey)


def test_outsiders_are_refused(survey):
    with pytest.raises(AccessDenied):
        survey_results_get(make_user("someone@example.jp"), survey)
