"""STAND-IN for helper A's engine module (pause / resume / cancel / start deliveries).

Helper A owns this file; the integrator takes A's version. These bodies exist only so that this branch
imports; they are never called in this branch's tests (which monkeypatch them).
"""

from __future__ import annotations

from typing import Any

from ..models import Mailout


def mailout_deliveries_start(mailout_id: int) -> int:
    raise NotImplementedError("helper A's engine (stand-in)")


def mailout_pause(actor: Any, mailout: Mailout) -> Mailout:
    raise NotImplementedError("helper A's engine (stand-in)")


def mailout_resume(actor: Any, mailout: Mailout) -> Mailout:
    raise NotImplementedError("helper A's engine (stand-in)")


def mailout_cancel(actor: Any, mailout: Mailout, *, reason: str) -> Mailout:
    raise NotImplementedError("helper A's engine (stand-in)")
