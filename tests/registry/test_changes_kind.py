"""Which public change a registry state is: every pair of (level, status) before and after."""

from __future__ import annotations

import itertools

import pytest

from secaction.registry.changes import registry_change_kind
from secaction.registry.models import ChangeKind

LEVELS = ("one_star", "two_star")
STATUSES = ("active", "pending", "withdrawn", "cancelled")


def _expected(previous: tuple[str, str] | None, current: tuple[str, str]) -> ChangeKind | None:
    level, status = current
    if status == "active":
        if previous is None or previous[1] != "active":
            return ChangeKind.STARTED
        return ChangeKind.LEVEL_CHANGED if previous[0] != level else None
    if status in ("withdrawn", "cancelled"):
        return ChangeKind.ENDED if previous is None or previous[1] != status else None
    return None


STATES = list(itertools.product(LEVELS, STATUSES))


@pytest.mark.parametrize("previous", [None, *STATES])
@pytest.mark.parametrize("current", STATES)
def test_every_transition(previous: tuple[str, str] | None, current: tuple[str, str]) -> None:
    assert registry_change_kind(previous, current) == _expected(previous, current)


def test_the_named_cases() -> None:
    assert registry_change_kind(None, ("one_star", "active")) == ChangeKind.STARTED
    assert registry_change_kind(("one_star", "active"), ("two_star", "active")) == ChangeKind.LEVEL_CHANGED
    assert registry_change_kind(("two_star", "active"), ("two_star", "withdrawn")) == ChangeKind.ENDED
    assert registry_change_kind(("one_star", "pending"), ("one_star", "pending")) is None
    assert registry_change_kind(("one_star", "active"), ("one_star", "active")) is None
