"""Writes of the mail-out engine; every public function is re-exported here (docs/mail-outs.md).

Each service checks its own permissions (``accounts.permissions.staff_require`` for the office's
operations; the delivery steps run in tasks with no actor) and raises ``core.errors.ServiceError`` /
``AccessDenied``.
"""

from __future__ import annotations

from .control import mailout_cancel, mailout_pause, mailout_resume
from .delivery import (
    BatchOutcome,
    Pacer,
    chains_enqueue,
    mailout_batch_send_now,
    mailout_deliveries_start,
    recipients_claim,
    slot_reserve,
)
from .suppressions import suppression_add, suppression_for_token_add

__all__ = [
    "BatchOutcome",
    "Pacer",
    "chains_enqueue",
    "mailout_batch_send_now",
    "mailout_cancel",
    "mailout_deliveries_start",
    "mailout_pause",
    "mailout_resume",
    "recipients_claim",
    "slot_reserve",
    "suppression_add",
    "suppression_for_token_add",
]
