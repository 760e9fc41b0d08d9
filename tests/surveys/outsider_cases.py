"""Outsider cases for the surveys' services."""

from __future__ import annotations

from secaction.surveys import services
from tests.contract.cases import OutsiderCase

CASES: list[OutsiderCase] = [
    OutsiderCase(
        "surveys.survey_from_template", lambda outsider: services.survey_from_template(outsider, "2024")
    ),
]

EXEMPT = {
    "surveys.invitations_create": (
        "the mail-out build's step (mailouts.services), which staff_require already allowed; no actor"
    ),
}
