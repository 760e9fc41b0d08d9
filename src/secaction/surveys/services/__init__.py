"""Writes of the surveys app; every public function is re-exported here (docs/surveys.md).

Each service checks its own permissions (``accounts.permissions.staff_require`` for the office's
operations) and raises ``core.errors.ServiceError`` / ``AccessDenied``.
"""

from __future__ import annotations

from .answering import invitation_answer_submit, invitation_draft_save, wizard_response_submit
from .builder import (
    question_add,
    question_move,
    question_remove,
    question_update,
    survey_close,
    survey_create,
    survey_open,
    survey_reopen,
    survey_update,
)
from .exports import ExportFile, survey_results_export
from .invitations import InvitationSeed, invitations_create
from .templates import survey_from_template

__all__ = [
    "ExportFile",
    "InvitationSeed",
    "invitation_answer_submit",
    "invitation_draft_save",
    "invitations_create",
    "question_add",
    "question_move",
    "question_remove",
    "question_update",
    "survey_close",
    "survey_create",
    "survey_from_template",
    "survey_open",
    "survey_reopen",
    "survey_results_export",
    "survey_update",
    "wizard_response_submit",
]
