"""The results report as a PDF (WeasyPrint with the embedded Japanese font, as ``documents.pdf``).

It prints what the results page shows (response rate, each question's table and the same SVG chart,
optionally one crosstab), in the staff member's language. Its stylesheet is a file
(``surveys/static/surveys/report.css``) linked by path, so the template needs no ``<style>`` block.
"""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone

from secaction.documents.pdf import html_render, pdf_from_html

from .charts import question_chart, reference_label
from .selectors.results import Crosstab, SurveyResults

TEMPLATE = "surveys/report.html"
STYLESHEET = Path(__file__).resolve().parent / "static" / "surveys" / "report.css"


def report_html(results: SurveyResults, crosstab: Crosstab | None = None) -> str:
    """The report's HTML, the same charts as the results page."""
    context = {
        "results": results,
        "rows": list(zip(results.questions, [question_chart(r) for r in results.questions], strict=True)),
        "reference_label": reference_label(results.survey),
        "crosstab": crosstab,
        "stylesheet": STYLESHEET.as_uri(),
        "printed_at": timezone.localtime(),
    }
    return html_render(TEMPLATE, context)


def report_pdf(results: SurveyResults, crosstab: Crosstab | None = None) -> bytes:
    """The report as PDF bytes."""
    return pdf_from_html(report_html(results, crosstab))
