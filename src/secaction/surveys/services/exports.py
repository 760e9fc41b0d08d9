"""Exporting a survey's results (CSV, XLSX, report PDF): staff only, every export audited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secaction.accounts.permissions import staff_require
from secaction.core.errors import ServiceError
from secaction.core.services import audit_record
from secaction.documents.responses import PDF_CONTENT_TYPE

from ..exports import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, results_csv, results_xlsx
from ..models import Survey
from ..report import report_pdf
from ..selectors.results import Crosstab, survey_results_get

FORMATS = ("csv", "xlsx", "pdf")


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content_type: str
    content: bytes


def survey_results_export(
    actor: Any, survey: Survey, fmt: str, *, crosstab: Crosstab | None = None
) -> ExportFile:
    """The survey's results as ``csv`` (raw responses), ``xlsx`` (summaries + raw) or ``pdf`` (report).

    Staff only (``AccessDenied`` otherwise); an unknown format is a ``ServiceError``. Files of an
    anonymous survey carry no organisation id. Records ``survey.export`` in the audit log with the format
    and the number of responses.
    """
    staff_require(actor)
    if fmt not in FORMATS:
        raise ServiceError(_("この形式では書き出せません。"))
    results = survey_results_get(actor, survey)
    stamp = timezone.localdate().strftime("%Y%m%d")
    name = f"survey-{survey.pk}-results-{stamp}.{fmt}"
    if fmt == "csv":
        file = ExportFile(name, CSV_CONTENT_TYPE, results_csv(survey))
    elif fmt == "xlsx":
        file = ExportFile(name, XLSX_CONTENT_TYPE, results_xlsx(results))
    else:
        file = ExportFile(name, PDF_CONTENT_TYPE, report_pdf(results, crosstab))
    audit_record(
        actor=actor,
        action="survey.export",
        target=survey,
        after={"format": fmt, "responses": results.responses, "mode": survey.mode},
        message=file.filename,
    )
    return file
