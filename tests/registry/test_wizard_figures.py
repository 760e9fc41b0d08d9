"""The public statistics page's 「宣言のきっかけ」 section: live shares of the wizard survey's answers per
option with n, only from 30 respondents on, cached, next to (not mixed with) the 2024 survey's figures."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.cache import cache

from secaction.surveys import services as survey_services
from secaction.surveys.models import Answer, Response, Survey
from secaction.surveys.selectors import WIZARD_FIGURES_MIN_N, wizard_figures_get
from tests.declarations.conftest import make_user
from tests.i18n.japanese import japanese_left

pytestmark = pytest.mark.django_db
_n = itertools.count()


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def wizard_survey():
    survey = survey_services.survey_from_template(make_user(staff=True), "wizard")
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.OPEN)  # survey_open is helper C's service
    survey.refresh_from_db()
    return survey


def _respond(survey: Survey, *options: str, source: str = Response.Source.WIZARD) -> None:
    response = Response.objects.create(
        survey=survey, survey_version=1, source=source, level="one_star", submitted_on=dt.date(2026, 12, 1)
    )
    question = survey.questions.get()
    Answer.objects.bulk_create(Answer(response=response, question=question, option=o) for o in options)


def test_shares_per_option_of_those_who_answered(wizard_survey):
    for _ in range(21):
        _respond(wizard_survey, "subsidy")
    for _ in range(9):
        _respond(wizard_survey, "improve", "partner_request")
    _respond(wizard_survey, "other", source=Response.Source.INVITATION)  # not from the wizard: not counted
    figures = wizard_figures_get()
    (q,) = figures.questions
    assert q.n == 30 and q.shown
    shares = {o.key: (o.count, o.percent, o.reference) for o in q.options}
    assert shares == {
        "subsidy": (21, 70.0, "75.1"),
        "improve": (9, 30.0, "24.4"),
        "business": (0, 0.0, "16.6"),
        "partner_request": (9, 30.0, None),
        "other": (0, 0.0, None),
    }


def test_the_page_shows_shares_only_from_30_respondents(client, wizard_survey):
    for _ in range(WIZARD_FIGURES_MIN_N - 1):
        _respond(wizard_survey, "subsidy")
    html = client.get("/registry/statistics/").content.decode()
    assert "宣言のきっかけ(申込み時の任意回答)" in html
    assert "回答が30件に満たないため(現在 29件)" in html and 'id="wizard-reason"' not in html
    cache.clear()
    _respond(wizard_survey, "improve")
    html = client.get("/registry/statistics/").content.decode()
    table = html[html.index('id="wizard-reason"') : html.index("</table>", html.index('id="wizard-reason"'))]
    assert "回答した事業者 30件" in table
    assert "<td>29</td><td>96.7%</td>" in table and "<td>75.1%</td>" in table  # live share, then 2024's
    assert "参考: 2024年の実態調査(別の調査)" in table


def test_no_section_without_an_open_wizard_survey(client, wizard_survey):
    Survey.objects.filter(pk=wizard_survey.pk).update(status=Survey.Status.CLOSED)
    assert wizard_figures_get() is None
    assert "宣言のきっかけ(申込み時の任意回答)" not in client.get("/registry/statistics/").content.decode()


def test_figures_are_cached(wizard_survey, django_assert_num_queries):
    _respond(wizard_survey, "subsidy")
    assert wizard_figures_get().questions[0].n == 1
    _respond(wizard_survey, "subsidy")
    with django_assert_num_queries(1):  # which survey is open; the figures come from the cache
        assert wizard_figures_get().questions[0].n == 1
    cache.clear()
    assert wizard_figures_get().questions[0].n == 2


def test_english_section_has_no_japanese(client, wizard_survey):
    for _ in range(WIZARD_FIGURES_MIN_N):
        _respond(wizard_survey, "subsidy")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/registry/statistics/").content.decode()
    section = html[
        html.index('id="wizard-figures"') : html.index("</section>", html.index('id="wizard-figures"'))
    ]
    assert "What led businesses to declare" in section
    assert "It was a requirement when applying for a subsidy" in section
    assert japanese_left(section) == []
