"""The path on My Page, tested exhaustively without HTTP: next_step and stages (declarations/rules.py)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

import pytest
from django.urls import resolve, reverse

from secaction.declarations.rules import STAGE_KEYS, next_step, stages

ORG = 42
STATUSES = (None, "pending", "returned", "active", "withdrawn", "cancelled")
BOOLS = (False, True)


@dataclass(frozen=True)
class State:
    status: str | None = None
    level: str | None = None
    has_diagnosis: bool = False
    has_policy: bool = False
    handbook_sent: bool = False

    def kwargs(self) -> dict[str, object]:
        return {**self.__dict__, "organization_id": ORG}


def every_state() -> list[State]:
    found = []
    for status, diag, policy, sent in itertools.product(STATUSES, BOOLS, BOOLS, BOOLS):
        for level in (None,) if status is None else ("one_star", "two_star"):
            found.append(State(status, level, diag, policy, sent))
    return found


ALL_STATES = every_state()


def test_every_state_is_covered():
    assert len(ALL_STATES) == 8 + 5 * 2 * 8


@pytest.mark.parametrize(
    "state, key",
    [
        (State(), "declare"),
        (State("withdrawn", "one_star", True, True, True), "declare"),
        (State("cancelled", "two_star", True, True, True), "declare"),
        (State("returned", "one_star"), "resubmit"),
        (State("returned", "two_star", True, True), "resubmit"),
        (State("pending", "one_star"), "wait"),
        (State("active", "one_star"), "diagnosis"),
        (State("active", "one_star", False, True), "diagnosis"),
        (State("active", "one_star", True, False), "policy"),
        (State("active", "one_star", True, True), "upgrade"),
        (State("active", "one_star", True, True, True), "upgrade"),
        (State("active", "two_star"), "handbook"),
        (State("active", "two_star", True, True), "handbook"),
        (State("active", "two_star", True, True, True), "complete"),
        (State("active", "two_star", False, False, True), "complete"),  # diagnosis and policy on paper
    ],
)
def test_next_step_table(state, key):
    assert next_step(**state.kwargs()).key == key


@pytest.mark.parametrize("state", ALL_STATES, ids=str)
def test_every_link_resolves_to_a_page(state):
    step, path = stages(**state.kwargs())
    assert step.title
    if step.key == "wait":
        assert step.url == ""  # nothing to click while staff review
    else:
        assert resolve(step.url)  # raises Resolver404 for a typed path that no view serves
    assert [s.key for s in path] == list(STAGE_KEYS)
    for stage in path:
        assert stage.label and resolve(stage.url), stage


@pytest.mark.parametrize("state", ALL_STATES, ids=str)
def test_the_current_stage_is_the_next_steps_and_is_not_done(state):
    step, path = stages(**state.kwargs())
    current = [s for s in path if s.current]
    if step.key == "complete":
        assert current == [] and all(s.done for s in path)
    else:
        assert len(current) == 1 and not current[0].done
        assert step.url in ("", current[0].url)


@pytest.mark.parametrize("state", ALL_STATES, ids=str)
def test_done_means_the_result_exists(state):
    _step, path = stages(**state.kwargs())
    done = {s.key: s.done for s in path}
    active = state.status == "active"
    two_star = active and state.level == "two_star"
    assert done["one_star"] == active
    assert done["two_star"] == two_star
    assert done["diagnosis"] == (state.has_diagnosis or two_star)
    assert done["policy"] == (state.has_policy or two_star)
    assert done["handbook"] == state.handbook_sent


def test_complete_only_at_the_end_of_the_path():
    complete = [s for s in ALL_STATES if next_step(**s.kwargs()).key == "complete"]
    assert complete and all(
        s.status == "active" and s.level == "two_star" and s.handbook_sent for s in complete
    )


# What doing each next step achieves; "wait" ends when staff accept.
EFFECTS = {
    "declare": {"status": "active", "level": "one_star"},
    "resubmit": {"status": "active"},
    "wait": {"status": "active"},
    "diagnosis": {"has_diagnosis": True},
    "policy": {"has_policy": True},
    "upgrade": {"level": "two_star"},
    "handbook": {"handbook_sent": True},
}


@pytest.mark.parametrize("start", ALL_STATES, ids=str)
def test_following_the_next_step_from_anywhere_completes_every_stage(start):
    state = start
    for _ in range(len(EFFECTS)):
        step = next_step(**state.kwargs())
        if step.key == "complete":
            break
        state = replace(state, **EFFECTS[step.key])  # type: ignore[arg-type]
    _step, path = stages(**state.kwargs())
    assert next_step(**state.kwargs()).key == "complete"
    assert all(s.done for s in path), path


def test_a_new_declarer_walks_the_five_stages_in_order():
    state = State()
    walked = []
    while (step := next_step(**state.kwargs())).key != "complete":
        walked.append(step.key)
        state = replace(state, **EFFECTS[step.key])  # type: ignore[arg-type]
    assert walked == ["declare", "diagnosis", "policy", "upgrade", "handbook"]


@pytest.mark.parametrize("state", ALL_STATES, ids=str)
def test_the_upgrade_link_appears_only_where_an_upgrade_is_possible(state):
    """/declarations/upgrade/ refuses anything but an active ★ with an error: no stage may lead there otherwise."""
    step, path = stages(**state.kwargs())
    upgradable = state.status == "active" and state.level == "one_star"
    links = [step.url] + [s.url for s in path]
    assert (reverse("declarations:upgrade") in links) == upgradable
