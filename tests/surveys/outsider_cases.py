"""Outsider cases for the surveys' services."""

from __future__ import annotations

from secaction.surveys import services
from secaction.surveys.models import Survey
from tests.contract.cases import OutsiderCase

CASES: list[OutsiderCase] = [
    OutsiderCase(
        "surveys.survey_from_template", lambda outsider: services.survey_from_template(outsider, "2024")
    ),
    OutsiderCase(
        "surveys.survey_results_export",
        lambda outsider: services.survey_results_export(
            outsider, Survey.objects.create(title_ja="調査", created_by=outsider), "csv"
        ),
    ),
]

EXEMPT = {
    "surveys.invitations_create": (
        "the mail-out build's step (mailouts.services), which staff_require already allowed; no actor"
    ),
}
