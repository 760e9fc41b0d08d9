"""Outsider cases for the legal pages' services."""

from __future__ import annotations

from secaction.legal.services import legal_document_publish
from tests.contract.cases import OutsiderCase

CASES: list[OutsiderCase] = [
    OutsiderCase(
        "legal.legal_document_publish",
        lambda outsider: legal_document_publish(
            outsider, kind="terms", version="9.9", title="t", body="b", material=True, change_summary="s"
        ),
    ),
]

EXEMPT = {
    "legal.acceptance_record": (
        "a person records only their own acceptance (the user argument is the actor); anonymous is refused"
    ),
}
