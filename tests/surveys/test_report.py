"""The results report PDF: the same charts and tables as the page, the Japanese font embedded."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from secaction.core.models import AuditEvent
from secaction.surveys.report import report_html
from secaction.surveys.selectors import survey_crosstab_get, survey_results_get
from secaction.surveys.services import survey_results_export
from tests.declarations.conftest import make_user

from .results_data import add_response, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return make_user("office@example.jp", staff=True)


def test_report_html_has_rate_charts_reference_and_crosstab(staff):
    survey = make_survey(staff)
    for _ in range(6):
        add_response(survey, q1="yes", q2=("subsidy",), q5=4, prefecture="13")
    results = survey_results_get(staff, survey)
    crosstab = survey_crosstab_get(staff, survey, survey.questions.get(key="q1"), "prefecture")
    html = report_html(results, crosstab)
    assert "回答率" in html and "—" in html  # no invitations: no rate
    assert html.count("<svg") == 4  # q1, q2, q3 (no answers: empty bars), q5's histogram; none for q4, q6
    assert "2024年" in html and "75.1%" in html
    assert "東京都" in html and "report.css" in html


def test_report_pdf_is_a_pdf_with_the_font_and_is_audited(staff):
    survey = make_survey(staff)
    add_response(survey, q1="yes", q6="とても良い")
    file = survey_results_export(staff, survey, "pdf")
    assert file.content.startswith(b"%PDF") and file.content_type == "application/pdf"
    reader = PdfReader(io.BytesIO(file.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "実態調査2026" in text and "満足していますか" in text
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
        if "/BaseFont" in font.get_object()
    }
    assert any(name.endswith("SecactionJP") for name in fonts), fonts
    assert AuditEvent.objects.filter(action="survey.export", after__format="pdf").count() == 1
