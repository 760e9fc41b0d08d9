"""Outsider cases of the continuation reminders: none has an actor to refuse (see the reasons)."""

from __future__ import annotations

from secaction.declarations.services.continuation import declaration_confirm_unchanged
from tests.contract.cases import OutsiderCase
from tests.registry.factories import make_declaration

CASES: list[OutsiderCase] = [
    # The stand-in of the declarations branch's service (its own case covers it after the merge).
    OutsiderCase(
        "declarations.declaration_confirm_unchanged",
        lambda outsider: declaration_confirm_unchanged(make_declaration(), by=outsider, via="mypage"),
    ),
]

EXEMPT = {
    "continuation.continuation_reminders_send": (
        "the daily background task with no actor builds the reminder mail-out; not reachable by users"
    ),
    "continuation.continuation_confirm": (
        "one-click confirmation: whoever holds the signed link mailed to the declarer's contact address may "
        "confirm that declaration unchanged, by design (as the unsubscribe link)"
    ),
}
