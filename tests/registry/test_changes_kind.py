"""Which public change a registry state is: the transitions written out, and the states that are never a change."""

from __future__ import annotations

import itertools

import pytest

from secaction.registry.changes import registry_change_kind
from secaction.registry.models import ChangeKind

LEVELS = ("one_star", "two_star")
STATUSES = ("active", "pending", "withdrawn", "cancelled")
STATES = list(itertools.product(LEVELS, STATUSES))

STARTED, LEVEL, ENDED = ChangeKind.STARTED, ChangeKind.LEVEL_CHANGED, ChangeKind.ENDED
# (previous, current, expected): the programme's events, one line each.
TRANSITIONS = [
    (None, ("one_star", "active"), STARTED),  # issued at once (immediate mode)
    (None, ("two_star", "active"), STARTED),
    (None, ("one_star", "pending"), None),  # applied, nothing declared yet
    (None, ("one_star", "withdrawn"), ENDED),  # imported already ended
    (None, ("two_star", "cancelled"), ENDED),
    (("one_star", "pending"), ("one_star", "active"), STARTED),  # accepted (reviewed mode)
    (("two_star", "pending"), ("two_star", "active"), STARTED),
    (("one_star", "pending"), ("one_star", "withdrawn"), ENDED),
    (("one_star", "active"), ("two_star", "active"), LEVEL),  # upgraded
    (("two_star", "active"), ("one_star", "active"), LEVEL),  # downgraded
    (("one_star", "active"), ("one_star", "withdrawn"), ENDED),
    (("two_star", "active"), ("two_star", "cancelled"), ENDED),
    (("one_star", "withdrawn"), ("one_star", "cancelled"), ENDED),  # the office cancels a withdrawn one
    (("one_star", "withdrawn"), ("one_star", "active"), STARTED),  # active again
    (("one_star", "active"), ("one_star", "pending"), None),
    (("one_star", "withdrawn"), ("two_star", "withdrawn"), None),  # an ended one's level is not news
]


@pytest.mark.parametrize(("previous", "current", "expected"), TRANSITIONS)
def test_each_transition(
    previous: tuple[str, str] | None, current: tuple[str, str], expected: object
) -> None:
    assert registry_change_kind(previous, current) == expected


@pytest.mark.parametrize("state", STATES)
def test_the_same_state_again_is_no_change(state: tuple[str, str]) -> None:
    assert registry_change_kind(state, state) is None


@pytest.mark.parametrize("previous", [None, *STATES])
@pytest.mark.parametrize("level", LEVELS)
def test_pending_is_never_a_change(previous: tuple[str, str] | None, level: str) -> None:
    assert registry_change_kind(previous, (level, "pending")) is None


@pytest.mark.parametrize("previous", [None, *STATES])
@pytest.mark.parametrize("level", LEVELS)
def test_a_declaration_that_becomes_active_has_started_unless_it_was_active(
    previous: tuple[str, str] | None, level: str
) -> None:
    kind = registry_change_kind(previous, (level, "active"))
    if previous is not None and previous[1] == "active":
        assert kind == (LEVEL if previous[0] != level else None)
    else:
        assert kind == STARTED
