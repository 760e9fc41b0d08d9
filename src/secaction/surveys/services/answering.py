"""Answering a survey: saving a draft on the invitation, submitting once, and the wizard's question.

No log-in: whoever holds a personal link may answer for it (the token is the permission, as an
unsubscribe link is). Submission is atomic and race-safe: a conditional UPDATE moves the invitation
to ANSWERED, so of two tabs submitting at once exactly one creates a response.

Anonymous surveys: the response keeps no organisation and no invitation, only the attributes the
survey keeps (copied from the invitation's snapshot) and the day of submission; the invitation's
draft is cleared so the answers are not kept next to the organisation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secaction.core.errors import ServiceError

from .. import validation
from ..models import Answer, Invitation, Question, Response, Survey
from ..selectors.answering import invitation_for_token, survey_accepts_answers, survey_questions


def _invitation(token: str) -> Invitation:
    invitation = invitation_for_token(token)
    if invitation is None:
        raise ServiceError(_("このリンクは無効です。メールに記載されたリンクをもう一度お確かめください。"))
    if invitation.status == Invitation.Status.ANSWERED:
        raise ServiceError(_("このアンケートには回答済みです。ご協力ありがとうございました。"))
    if not survey_accepts_answers(invitation.survey):
        raise ServiceError(_("このアンケートの回答受付は終了しました。"))
    return invitation


def invitation_draft_save(token: str, data: Mapping[str, Any]) -> Invitation:
    """Keep the answers in progress on the invitation (unvalidated) and mark it STARTED."""
    invitation = _invitation(token)
    questions = survey_questions(invitation.survey)
    now = timezone.now()
    updated = (
        Invitation.objects.filter(pk=invitation.pk)
        .exclude(status=Invitation.Status.ANSWERED)
        .update(
            status=Invitation.Status.STARTED,
            draft=validation.draft_from_data(questions, data),
            started_at=invitation.started_at or now,
        )
    )
    if not updated:
        raise ServiceError(_("このアンケートには回答済みです。ご協力ありがとうございました。"))
    invitation.refresh_from_db()
    return invitation


def _errors(errors: dict[str, list[str]]) -> ServiceError:
    return ServiceError({validation.field_name(key): messages for key, messages in errors.items()})


def _attributes(survey: Survey, source: Mapping[str, str]) -> dict[str, str]:
    keep = set(survey.attributes or Survey.ATTRIBUTES)
    return {name: str(source.get(name) or "") for name in Survey.ATTRIBUTES if name in keep}


def _store(
    survey: Survey,
    questions: Sequence[Question],
    clean: Mapping[str, Any],
    *,
    source: str,
    attributes: Mapping[str, str],
    organization_id: int | None,
    invitation: Invitation | None,
) -> Response:
    identified = survey.mode == Survey.Mode.IDENTIFIED
    response = Response.objects.create(
        survey=survey,
        survey_version=survey.version,
        source=source,
        organization_id=organization_id if identified else None,
        invitation=invitation if identified else None,
        submitted_on=timezone.localdate(),
        **attributes,
    )
    rows: list[Answer] = []
    for question in questions:
        value = clean.get(question.key)
        if value is None:
            continue
        if question.kind == "matrix":
            rows += [Answer(response=response, question=question, row=r, option=o) for r, o in value.items()]
        elif question.kind == "multiple":
            rows += [Answer(response=response, question=question, option=o) for o in value]
        elif question.kind in ("single", "scale"):
            rows.append(Answer(response=response, question=question, option=value))
        elif question.kind == "number":
            rows.append(Answer(response=response, question=question, number=value))
        else:
            rows.append(Answer(response=response, question=question, text=value))
    Answer.objects.bulk_create(rows)
    return response


def invitation_answer_submit(token: str, data: Mapping[str, Any]) -> Response:
    """Validate and store the answers of a personal link, once.

    Raises ServiceError keyed by form field (``validation.field_name``) when answers are missing or
    wrong (the draft is kept meanwhile), or with a plain message when the link is answered or closed.
    """
    invitation = _invitation(token)
    survey = invitation.survey
    questions = survey_questions(survey)
    clean, errors = validation.answers_validate(questions, data)
    if errors:
        raise _errors(errors)
    answered_at = timezone.now()
    if survey.mode == Survey.Mode.ANONYMOUS:
        # The day only, like Response.submitted_on: an exact time here could be matched with the order of
        # the anonymous responses.
        answered_at = answered_at.astimezone(timezone.get_current_timezone()).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
    with transaction.atomic():
        # Of two submissions racing, the one whose UPDATE finds the row not yet answered wins.
        won = (
            Invitation.objects.filter(pk=invitation.pk)
            .exclude(status=Invitation.Status.ANSWERED)
            .update(status=Invitation.Status.ANSWERED, answered_at=answered_at, draft=None)
        )
        if not won:
            raise ServiceError(_("このアンケートには回答済みです。ご協力ありがとうございました。"))
        return _store(
            survey,
            questions,
            clean,
            source=Response.Source.INVITATION,
            attributes=_attributes(survey, {name: getattr(invitation, name) for name in Survey.ATTRIBUTES}),
            organization_id=invitation.organization_id,
            invitation=invitation,
        )


def wizard_response_submit(
    *, survey: Survey, organization_id: int, attributes: dict[str, str], data: Mapping[str, Any]
) -> Response:
    """Store the declaration wizard's answers to its survey (source WIZARD).

    The caller (the wizard) has checked that the signed-in user acts for ``organization_id``.
    Identified or anonymous per the survey's mode; ``attributes`` (level, prefecture, industry, size)
    are kept as the survey says. ``data`` is either form data (``validation.field_name`` keys, as the
    answering form posts) or answers keyed by question key (``{"trigger": ["a", "b"]}``, as the wizard
    keeps them in its session); both are validated alike. Raises ServiceError keyed by form field when
    answers are wrong.
    """
    if survey.kind != Survey.Kind.WIZARD or not survey_accepts_answers(survey):
        raise ServiceError(_("このアンケートの回答受付は終了しました。"))
    questions = survey_questions(survey)
    if not any(str(name).startswith("q.") for name in data):
        data = validation.answers_as_data(questions, data)
    clean, errors = validation.answers_validate(questions, data)
    if errors:
        raise _errors(errors)
    with transaction.atomic():
        return _store(
            survey,
            questions,
            clean,
            source=Response.Source.WIZARD,
            attributes=_attributes(survey, attributes),
            organization_id=organization_id,
            invitation=None,
        )
