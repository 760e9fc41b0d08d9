"""Writes of the diagnosis domain.

The one service, :func:`assessment_save`, checks the actor itself through
``secaction.organizations.permissions`` and raises ``AccessDenied`` (not a member)
or ``ServiceError`` (answers that cannot be scored).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from secaction.accounts.models import User
from secaction.core.errors import ServiceError
from secaction.core.services import audit_record, model_snapshot
from secaction.organizations.permissions import organization_member_require

from .bank import CURRENT_EDITION
from .models import Assessment
from .scoring import AnswersInvalid, answers_parse, answers_to_json, diagnosis_score
from .validation import unit_name_clean

if TYPE_CHECKING:
    from secaction.organizations.models import Organization


def assessment_save(
    *,
    organization: Organization,
    user: User,
    answers: Mapping[Any, Any],
    unit_name: str = "",
    edition_id: str = CURRENT_EDITION,
    taken_at: dt.datetime | None = None,
) -> Assessment:
    """Keep one completed diagnosis for an organisation the user belongs to.

    Raises ``AccessDenied`` when the user is not an active member (checked first) and
    ``ServiceError`` keyed ``answers`` naming every problem of incomplete or malformed answers.
    """
    organization_member_require(user, organization)
    try:
        clean = answers_parse(answers, edition_id)
    except AnswersInvalid as exc:
        raise ServiceError({"answers": [problem.message for problem in exc.problems]}) from exc
    score = diagnosis_score(clean, edition_id)
    with transaction.atomic():
        assessment = Assessment.objects.create(
            organization=organization,
            unit_name=unit_name_clean(unit_name),
            edition=edition_id,
            answers=answers_to_json(clean),
            total=score.total,
            band=score.band.id,
            part_scores=score.parts_json(),
            taken_by=user,
            taken_at=taken_at or timezone.now(),
        )
        audit_record(
            actor=user,
            action="diagnosis.assessment_save",
            target=assessment,
            after=model_snapshot(assessment),
        )
    return assessment
