"""Reads of the surveys app; every public function is re-exported here (docs/surveys.md)."""

from __future__ import annotations

from .answering import invitation_for_token, survey_accepts_answers, survey_questions
from .results import (
    crosstab_dimensions,
    survey_crosstab_get,
    survey_period,
    survey_response_rows,
    survey_results_get,
    survey_texts_page,
)
from .wizard import WIZARD_FIGURES_MIN_N, WizardFigures, wizard_figures_get, wizard_survey_get

__all__: list[str] = [
    "WIZARD_FIGURES_MIN_N",
    "WizardFigures",
    "crosstab_dimensions",
    "invitation_for_token",
    "survey_accepts_answers",
    "survey_crosstab_get",
    "survey_period",
    "survey_questions",
    "survey_response_rows",
    "survey_results_get",
    "survey_texts_page",
    "wizard_figures_get",
    "wizard_survey_get",
]
