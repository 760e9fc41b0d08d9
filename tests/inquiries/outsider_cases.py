"""Outsider cases for the inquiries app's services."""

from __future__ import annotations

from secaction.inquiries.models import Inquiry
from secaction.inquiries.services import (
    inquiry_assign,
    inquiry_declarer_reply,
    inquiry_note_add,
    inquiry_reply,
    inquiry_status_change,
)
from tests.contract.cases import OutsiderCase


def _inquiry() -> Inquiry:
    """An inquiry of another person (and organisation-less): the outsider is neither its author nor staff."""
    from tests.inquiries.conftest import submit

    return submit(None, email="someone-else@example.jp")


CASES: list[OutsiderCase] = [
    OutsiderCase("inquiries.inquiry_reply", lambda outsider: inquiry_reply(outsider, _inquiry(), "回答")),
    OutsiderCase(
        "inquiries.inquiry_note_add", lambda outsider: inquiry_note_add(outsider, _inquiry(), "メモ")
    ),
    OutsiderCase("inquiries.inquiry_assign", lambda outsider: inquiry_assign(outsider, _inquiry(), outsider)),
    OutsiderCase(
        "inquiries.inquiry_status_change",
        lambda outsider: inquiry_status_change(outsider, _inquiry(), "closed"),
    ),
    OutsiderCase(
        "inquiries.inquiry_declarer_reply",
        lambda outsider: inquiry_declarer_reply(outsider, _inquiry(), "返信"),
    ),
]

EXEMPT = {
    "inquiries.inquiry_submit": "the public contact form: anyone may write to the office, by design",
    "inquiries.inquiry_token_reply": (
        "whoever holds the signed link of a reply mail may answer that one inquiry, by design (no account);"
        " a forged or expired link is refused with AccessDenied"
    ),
}
