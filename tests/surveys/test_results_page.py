"""The back office's results page and downloads (admin:surveys_survey_results…), in Japanese and English."""

from __future__ import annotations

import pytest
from django.urls import reverse

from secaction.core.models import AuditEvent
from tests.declarations.conftest import make_user
from tests.i18n.japanese import japanese_left

from .results_data import add_response, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.BACKOFFICE_REQUIRE_MFA = False  # staff's second factor is tested in tests/backoffice


@pytest.fixture
def staff():
    return make_user("office@example.jp", staff=True)


@pytest.fixture
def survey(staff):
    survey = make_survey(staff)
    for n in range(6):
        add_response(
            survey,
            q1="yes",
            q2=("subsidy",),
            q3="4",
            q4={"backup": "yes"},
            q5=n,
            q6=f"意見{n}",
            prefecture="13",
        )
    for _ in range(7):
        add_response(survey, q1="no", q2=("self",), prefecture="27")
    return survey


def test_staff_read_charts_crosstab_and_texts(client, staff, survey, django_assert_max_num_queries):
    client.force_login(staff)
    url = reverse("admin:surveys_survey_results", args=[survey.pk])
    q1 = survey.questions.get(key="q1")
    with django_assert_max_num_queries(20):  # session, user, the results' handful, texts, crosstab
        page = client.get(url, {"question": q1.pk, "by": "prefecture"})
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-bar"') == 4
    assert "46.2%" in html  # 6 of 13 said yes
    assert "75.1%" in html and "2024年" in html  # the reference figures beside this survey's
    assert "クロス集計:q1 × 都道府県" in html and "東京都" in html and "大阪府" in html
    assert (
        "意見5" in html and "意見0" in html
    )  # texts on the page (newest first: tests/surveys/test_results_selectors.py)
    for fmt in ("csv", "xlsx", "pdf"):
        assert reverse(f"admin:surveys_survey_results_{fmt}", args=[survey.pk]) in html


def test_small_cells_show_as_under_five(client, staff, survey):
    add_response(survey, q1="yes", prefecture="01")
    client.force_login(staff)
    q1 = survey.questions.get(key="q1")
    html = client.get(
        reverse("admin:surveys_survey_results", args=[survey.pk]), {"question": q1.pk, "by": "prefecture"}
    ).content.decode()
    assert "5未満" in html and "北海道" in html


def test_downloads_are_files_and_audited(client, staff, survey):
    client.force_login(staff)
    for fmt, content_type in (
        ("csv", "text/csv; charset=utf-8"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ):
        response = client.get(reverse(f"admin:surveys_survey_results_{fmt}", args=[survey.pk]))
        assert response.status_code == 200 and response["Content-Type"] == content_type
        assert "attachment" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action="survey.export", actor=staff).count() == 2


def test_non_staff_cannot_open_results(client, survey):
    client.force_login(make_user("someone@example.jp"))
    for name in ("admin:surveys_survey_results", "admin:surveys_survey_results_csv"):
        response = client.get(reverse(name, args=[survey.pk]))
        assert response.status_code == 302 and "login" in response["Location"]
    assert not AuditEvent.objects.filter(action="survey.export").exists()


def test_the_english_page_has_no_japanese_but_the_answers(client, staff, survey):
    survey.title_en = "Survey 2026"
    survey.save()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.force_login(staff)
    q1 = survey.questions.get(key="q1")
    html = client.get(
        reverse("admin:surveys_survey_results", args=[survey.pk]), {"question": q1.pk, "by": "prefecture"}
    ).content.decode()
    assert "Response rate" in html
    # Free texts are what declarers wrote.
    allowed = tuple(f"意見{n}" for n in range(6))
    assert japanese_left(html, allowed) == []


def test_a_wizard_survey_rate_is_over_the_declarations_the_back_office_counts(client, staff, monkeypatch):
    from secaction.surveys.admin_results import SurveyResultsAdminMixin
    from secaction.surveys.models import Survey

    survey = make_survey(staff)
    survey.kind = Survey.Kind.WIZARD
    survey.save()
    for _ in range(3):
        add_response(survey, q1="yes")
    periods = []

    def counter(start, end):
        periods.append((start, end))
        return 40

    client.force_login(staff)
    url = reverse("admin:surveys_survey_results", args=[survey.pk])
    # The back office's own counter (backoffice/apps.py): no declarations were made in this test.
    assert "回答 3 件 / 期間中の宣言 0 件" in client.get(url).content.decode()
    monkeypatch.setattr(SurveyResultsAdminMixin, "declarations_counter", staticmethod(counter))
    html = client.get(url).content.decode()
    assert "<strong>7.5%</strong>" in html and "回答 3 件 / 期間中の宣言 40 件" in html
    assert len(periods) == 1 and periods[0][0] is None
