"""What a delivery batch reports, and the clock it runs on (shared by ``delivery`` and ``smtp_lanes``)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field, fields

from django.utils import timezone


@dataclass
class Pacer:
    """The clock and the sleep the delivery uses; tests inject fake ones (called from several threads when a
    batch uses several SMTP sessions)."""

    now: Callable[[], dt.datetime] = timezone.now
    sleep: Callable[[float], None] = time.sleep

    def wait_until(self, moment: dt.datetime) -> None:
        delay = (moment - self.now()).total_seconds()
        if delay > 0:
            self.sleep(delay)


@dataclass
class BatchOutcome:
    """What one batch did, and when its chain should run again (None: the chain ends)."""

    claimed: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    bounced: int = 0
    cancelled: int = 0
    again_at: dt.datetime | None = None
    done: bool = False
    notes: list[str] = field(default_factory=list)

    def add(self, other: BatchOutcome) -> None:
        """Add the counts and notes of one SMTP session's share of the batch to this outcome."""
        for counter in fields(self):
            if counter.type == "int":
                setattr(self, counter.name, getattr(self, counter.name) + getattr(other, counter.name))
        self.notes += other.notes
