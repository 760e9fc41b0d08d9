"""Reads for answering a survey: the invitation behind a link, the questions asked, whether it is open."""

from __future__ import annotations

import datetime

from django.utils import timezone

from ..models import Invitation, Question, Survey
from ..tokens import token_hash


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a personal link points at, with its survey (None for an unknown token)."""
    if not token or len(token) > 100:
        return None
    return Invitation.objects.select_related("survey").filter(token_hash=token_hash(token)).first()


def survey_questions(survey: Survey) -> list[Question]:
    """The questions asked, in order (hidden ones left out)."""
    return list(survey.questions.filter(removed_at__isnull=True).order_by("position", "id"))


def survey_accepts_answers(survey: Survey, now: datetime.datetime | None = None) -> bool:
    """Open, and its closing time (if any) not yet reached: an expired survey needs no task to close it."""
    now = now or timezone.now()
    if survey.status != Survey.Status.OPEN:
        return False
    if survey.opens_at is not None and now < survey.opens_at:
        return False
    return survey.closes_at is None or now < survey.closes_at
