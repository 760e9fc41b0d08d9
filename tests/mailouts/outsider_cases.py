"""Outsider cases for the mail-out engine's services."""

from __future__ import annotations

from tests.contract.cases import OutsiderCase

CASES: list[OutsiderCase] = []

EXEMPT = {
    "mailouts.suppression_add": "the delivery step records a hard bounce with no actor; not reachable by users",
    "mailouts.suppression_for_token_add": (
        "one-click unsubscribe: whoever holds the signed link may unsubscribe that address, by design (RFC 8058)"
    ),
}
