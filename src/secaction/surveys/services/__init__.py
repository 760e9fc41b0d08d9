"""Writes of the surveys app; every public function is re-exported here (docs/surveys.md).

Each service checks its own permissions (``accounts.permissions.staff_require`` for the office's
operations) and raises ``core.errors.ServiceError`` / ``AccessDenied``.
"""

from __future__ import annotations

from .exports import ExportFile, survey_results_export
from .invitations import InvitationSeed, invitations_create
from .templates import survey_from_template

__all__ = [
    "ExportFile",
    "InvitationSeed",
    "invitations_create",
    "survey_from_template",
    "survey_results_export",
]
