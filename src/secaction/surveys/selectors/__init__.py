"""Reads of the surveys app; every public function is re-exported here (docs/surveys.md)."""

from __future__ import annotations

from .answering import invitation_for_token, survey_accepts_answers, survey_questions
from .wizard import WIZARD_FIGURES_MIN_N, WizardFigures, wizard_figures_get, wizard_survey_get

__all__: list[str] = [
    "WIZARD_FIGURES_MIN_N",
    "WizardFigures",
    "invitation_for_token",
    "survey_accepts_answers",
    "survey_questions",
    "wizard_figures_get",
    "wizard_survey_get",
]
