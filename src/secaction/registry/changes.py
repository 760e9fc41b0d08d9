"""Which public change a new registry state is (pure; no database).

A declaration is *started* when it becomes active for the first time or again, its *level changed*
when an active declaration moves between ★ and ★★, and *ended* when it is withdrawn or cancelled.
Pending (手続き中) is not a change the feed reports: nothing is declared yet.
"""

from __future__ import annotations

from .models import ChangeKind, PublicStatus

ENDED_STATUSES = (PublicStatus.WITHDRAWN, PublicStatus.CANCELLED)


def registry_change_kind(previous: tuple[str, str] | None, current: tuple[str, str]) -> ChangeKind | None:
    """The change from ``previous`` (level, public status) — None for a new entry — to ``current``, or None."""
    level, status = current
    was_active = previous is not None and previous[1] == PublicStatus.ACTIVE
    if status == PublicStatus.ACTIVE:
        if not was_active:
            return ChangeKind.STARTED
        return ChangeKind.LEVEL_CHANGED if previous is not None and previous[0] != level else None
    if status in ENDED_STATUSES:
        if previous is None:  # imported already ended: it started once, then ended
            return ChangeKind.ENDED
        return ChangeKind.ENDED if previous[1] != status else None
    return None
