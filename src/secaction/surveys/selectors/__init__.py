"""Reads of the surveys app; every public function is re-exported here (docs/surveys.md)."""

from __future__ import annotations

from .answering import invitation_for_token, survey_accepts_answers, survey_questions

__all__: list[str] = ["invitation_for_token", "survey_accepts_answers", "survey_questions"]
