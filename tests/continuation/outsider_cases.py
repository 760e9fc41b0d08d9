"""Outsider cases of the continuation reminders: none has an actor to refuse (see the reasons)."""

from __future__ import annotations

from tests.contract.cases import OutsiderCase

CASES: list[OutsiderCase] = []

EXEMPT = {
    "continuation.continuation_reminders_send": (
        "the daily background task with no actor builds the reminder mail-out; not reachable by users"
    ),
    "continuation.continuation_confirm": (
        "one-click confirmation: whoever holds the signed link mailed to the declarer's contact address may "
        "confirm that declaration unchanged, by design (as the unsubscribe link)"
    ),
}
