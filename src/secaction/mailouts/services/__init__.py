"""Writes of the mail-out engine; every public function is re-exported here (docs/mail-outs.md).

Each service checks its own permissions (``accounts.permissions.staff_require`` for the office's
operations; the delivery steps run in tasks with no actor) and raises ``core.errors.ServiceError`` /
``AccessDenied``.
"""

from __future__ import annotations

from .suppressions import suppression_add, suppression_for_token_add

__all__ = ["suppression_add", "suppression_for_token_add"]
