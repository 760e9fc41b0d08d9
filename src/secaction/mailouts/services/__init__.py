"""Writes of the mail-out engine; every public function is re-exported here (docs/mail-outs.md).

Each service checks its own permissions (``accounts.permissions.staff_require`` for the office's
operations; the delivery steps run in tasks with no actor) and raises ``core.errors.ServiceError`` /
``AccessDenied``.
"""

from __future__ import annotations

from .build import mailout_build
from .compose import (
    mailout_create,
    mailout_schedule,
    mailout_test_send,
    mailout_update,
)
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
from .staff_suppressions import suppression_staff_add
from .suppressions import suppression_add, suppression_for_token_add
from .sweep import mailouts_sweep_now
from .system import SystemText, mailout_system_create

__all__ = [
    "BatchOutcome",
    "Pacer",
    "SystemText",
    "chains_enqueue",
    "mailout_batch_send_now",
    "mailout_build",
    "mailout_cancel",
    "mailout_create",
    "mailout_deliveries_start",
    "mailout_pause",
    "mailout_resume",
    "mailout_schedule",
    "mailout_system_create",
    "mailout_test_send",
    "mailout_update",
    "mailouts_sweep_now",
    "recipients_claim",
    "slot_reserve",
    "suppression_add",
    "suppression_for_token_add",
    "suppression_staff_add",
]
