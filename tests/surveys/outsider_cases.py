"""Outsider cases for the surveys' services."""

from __future__ import annotations

from tests.contract.cases import OutsiderCase

CASES: list[OutsiderCase] = []

EXEMPT = {
    "surveys.invitations_create": (
        "the mail-out build's step (mailouts.services), which staff_require already allowed; no actor"
    ),
}
