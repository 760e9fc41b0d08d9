"""The diagnosis service refuses an outsider (see tests/contract/cases.py)."""

from __future__ import annotations

from secaction.diagnosis.services import assessment_save
from tests.contract.cases import OutsiderCase

from .factories import answers_all, organization_make

CASES = [
    OutsiderCase(
        "diagnosis.assessment_save",
        lambda outsider: assessment_save(
            organization=organization_make(name="株式会社よそ"), user=outsider, answers=answers_all("yes")
        ),
    ),
]

EXEMPT: dict[str, str] = {}
