"""Outsider cases for the surveys' services."""

from __future__ import annotations

from typing import Any

from tests.contract.cases import OutsiderCase


def _office() -> Any:
    from secaction.accounts.models import User

    return User.objects.get_or_create(email="office@example.jp", defaults={"is_staff": True})[0]


def _draft() -> Any:
    from secaction.surveys.services import survey_create

    return survey_create(_office(), title_ja="調査")


def _with_question() -> Any:
    from secaction.surveys.services import question_add

    survey = _draft()
    return question_add(_office(), survey, key="q1", kind="text", text_ja="質問")


def _open() -> Any:
    from secaction.surveys.services import survey_open

    return survey_open(_office(), _with_question().survey)


def _call(name: str, *args: Any, **kwargs: Any) -> Any:
    from secaction.surveys import services

    return getattr(services, name)(*args, **kwargs)


CASES: list[OutsiderCase] = [
    OutsiderCase("surveys.survey_create", lambda o: _call("survey_create", o, title_ja="調査")),
    OutsiderCase("surveys.survey_update", lambda o: _call("survey_update", o, _draft(), title_ja="変更")),
    OutsiderCase(
        "surveys.question_add",
        lambda o: _call("question_add", o, _draft(), key="q", kind="text", text_ja="Q"),
    ),
    OutsiderCase(
        "surveys.question_update", lambda o: _call("question_update", o, _with_question(), text_ja="変更")
    ),
    OutsiderCase("surveys.question_move", lambda o: _call("question_move", o, _with_question(), up=True)),
    OutsiderCase("surveys.question_remove", lambda o: _call("question_remove", o, _with_question())),
    OutsiderCase("surveys.survey_open", lambda o: _call("survey_open", o, _with_question().survey)),
    OutsiderCase("surveys.survey_close", lambda o: _call("survey_close", o, _open())),
    OutsiderCase("surveys.survey_reopen", lambda o: _call("survey_reopen", o, _open())),
    OutsiderCase("surveys.survey_from_template", lambda o: _call("survey_from_template", o, "2024")),
    OutsiderCase(
        "surveys.survey_results_export", lambda o: _call("survey_results_export", o, _draft(), "csv")
    ),
]

EXEMPT = {
    "surveys.invitations_create": (
        "the mail-out build's step (mailouts.services), which staff_require already allowed; no actor"
    ),
    "surveys.invitation_draft_save": (
        "answering from a personal link: the unguessable token (HMAC, surveys.tokens) is the permission, no log-in"
    ),
    "surveys.invitation_answer_submit": (
        "answering from a personal link: the unguessable token (HMAC, surveys.tokens) is the permission, no log-in"
    ),
    "surveys.wizard_response_submit": (
        "called by the declaration wizard after it checked the signed-in member acts for organization_id; no actor"
    ),
}
